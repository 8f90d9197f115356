package io.leadstream.sink.pipeline;

import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.sink.leaddb.LeadDb;
import io.leadstream.sink.workspace.Backoff;
import io.leadstream.sink.workspace.PendingStore;
import io.leadstream.sink.workspace.SyncState;
import io.leadstream.sink.workspace.SyncStates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Stage 5: one workspace's {@link WriteReport} made durable in one transaction — sync_log, the CRM ids
 * of calls and appointments, the pending rows kept or forgotten, the opt-out audit, newly matched
 * leads' waiting records made due — then the workspace's state: connected again after a full write,
 * or failed with the back-off of its state.
 */
public final class OutcomeStage {
  private final LeadDb db;
  private final PendingStore pending;
  private final SyncStates states;
  private final ConnectionStore connectionStore;
  private final Function<SyncState, Backoff> backoffs;
  private final Clock clock;

  public OutcomeStage(LeadDb db, PendingStore pending, SyncStates states, ConnectionStore connectionStore,
                      Function<SyncState, Backoff> backoffs, Clock clock) {
    this.db = db;
    this.pending = pending;
    this.states = states;
    this.connectionStore = connectionStore;
    this.backoffs = backoffs;
    this.clock = clock;
  }

  public void record(WriteReport report) {
    String ws = report.workspaceId();
    db.inTransaction(() -> {
      db.recordSync(report.log());
      db.setTaskIds(ws, report.taskIds());
      db.setEventIds(ws, report.eventIds());
      pending.hold(report.pending());
      pending.remove(report.done());
      List<LeadDb.OptOutRow> audits = new ArrayList<>();
      report.audits().forEach(a -> audits.add(new LeadDb.OptOutRow(a.item().state(), a.objectType(), a.recordId(),
          a.acknowledgedAt())));
      db.auditOptOuts(ws, audits);
      pending.matchNow(ws, report.matchedLeads());
      if (report.wroteAnything()) {
        connectionStore.touchLastSync(ws, clock.instant());
      }
      return null;
    });
    report.failure().ifPresentOrElse(f -> states.fail(ws, f, backoffs.apply(f.state())), () -> {
      if (report.live()) {
        states.succeeded(ws);
      }
    });
  }

  /** The back-off of each failed state, from the sink's settings. */
  public static Function<SyncState, Backoff> backoffs(Map<SyncState, Backoff> byState) {
    return state -> byState.getOrDefault(state, byState.get(SyncState.THROTTLED));
  }
}
