package io.leadstream.sink.workspace;

import io.leadstream.sink.ingest.SinkMetrics;
import io.leadstream.sink.pipeline.Decoder;
import io.leadstream.sink.pipeline.Item;
import io.leadstream.sink.pipeline.OutcomeStage;
import io.leadstream.sink.pipeline.WriteReport;
import io.leadstream.sink.salesforce.SalesforceWriter;
import io.leadstream.sink.workspace.WorkspaceConnections.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Brings held records home (SPEC §8): every {@code interval}, each workspace with records due in
 * {@code crm_pending} — held ones whose workspace's back-off is over, a new connection's backfill, leads
 * due for a re-match — is drained through the same writer as live records, opt-outs first, under a lease
 * so one sink instance drains a workspace at a time. A success makes the workspace connected again; a
 * failure sets its next attempt. It never touches Kafka offsets: what it drains is already durable.
 */
public final class PendingDrainer implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(PendingDrainer.class);
  private static final int ROWS_PER_ROUND = 500;
  /** One workspace's turn: long enough to drain a backlog steadily, short enough to let the others have theirs. */
  private static final Duration TURN = Duration.ofSeconds(10);
  private static final Duration LEASE = Duration.ofSeconds(60);

  private final PendingStore pending;
  private final SyncStates states;
  private final WorkspaceConnections connections;
  private final SalesforceWriter writer;
  private final OutcomeStage outcomes;
  private final Decoder decoder;
  private final SinkMetrics metrics;
  private final Clock clock;
  private final Duration interval;
  private final String owner = "crm-sink-" + UUID.randomUUID();
  private ScheduledExecutorService executor;
  private volatile Instant metricsAt = Instant.EPOCH;

  public PendingDrainer(PendingStore pending, SyncStates states, WorkspaceConnections connections,
                        SalesforceWriter writer, OutcomeStage outcomes, Decoder decoder, SinkMetrics metrics,
                        Clock clock, Duration interval) {
    this.pending = pending;
    this.states = states;
    this.connections = connections;
    this.writer = writer;
    this.outcomes = outcomes;
    this.decoder = decoder;
    this.metrics = metrics;
    this.clock = clock;
    this.interval = interval;
  }

  /** One pass over every workspace with something due; also what the scheduler runs. */
  public void drainDue() {
    Instant now = clock.instant();
    // A new or renewed web-flow grant: a workspace that waited for one is retried at once.
    connections.takeReconnected().forEach(states::retryNow);
    Set<String> due = pending.workspacesDue(now);
    for (String ws : due) {
      Optional<SyncStates.Row> row = states.row(ws);
      if (row.isPresent() && row.get().state() != SyncState.CONNECTED && !row.get().retryDue(now)) {
        continue; // still backing off
      }
      Optional<Connection> conn = connections.forWorkspace(ws);
      if (conn.isEmpty()) {
        continue; // waits for a connection (its backfill)
      }
      if (!states.lease(ws, owner, LEASE)) {
        continue; // another instance drains it
      }
      try {
        drain(conn.get(), now);
      } catch (RuntimeException e) {
        // One workspace's trouble never stops the others' drains; PostgreSQL down fails them all the same way.
        log.warn("Draining workspace {} failed; retrying on the next pass: {}", ws, e.toString());
      } finally {
        states.release(ws, owner);
      }
    }
    publishMetrics(now);
  }

  private void drain(Connection conn, Instant now) {
    long until = System.nanoTime() + TURN.toNanos();
    while (System.nanoTime() < until) {
      List<PendingStore.Row> rows = pending.due(conn.workspaceId(), now, ROWS_PER_ROUND);
      if (rows.isEmpty()) {
        // Nothing left to drain: whatever state it was in, the workspace's held records are home.
        states.succeeded(conn.workspaceId());
        return;
      }
      List<Item> items = new ArrayList<>();
      List<Item> unreadable = new ArrayList<>();
      for (PendingStore.Row row : rows) {
        Optional<Item> item = decoder.decode(row.record());
        if (item.isPresent()) {
          items.add(item.get());
        } else {
          // Parked by the decoder (its schema vanished, say): forget the row, the DLQ has it now.
          unreadable.add(new Item(row.type(), row.workspaceId(), row.leadId(), row.entityId(), row.version(), null,
              row.record()));
        }
      }
      pending.remove(unreadable);
      WriteReport report = writer.write(conn, items);
      outcomes.record(report);
      if (report.failure().isPresent()) {
        log.info("Workspace {} still failing ({}): its {} record(s) wait", conn.workspaceId(),
            report.failure().get().state().dbName(), report.pending().size());
        return;
      }
      if (report.done().isEmpty() && report.written().isEmpty()) {
        return; // everything due was matched again and still waits (not found, ambiguous): next round
      }
    }
  }

  private void publishMetrics(Instant now) {
    if (now.isBefore(metricsAt.plusSeconds(5))) {
      return;
    }
    metricsAt = now;
    metrics.workspaces(states.all(), pending.counts());
  }

  @Override
  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "crm-sink-drainer");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(() -> {
      try {
        drainDue();
      } catch (RuntimeException e) {
        // PostgreSQL down, say: the next pass tries again; nothing was lost (rows stay until written).
        log.warn("Draining held records failed; retrying: {}", e.toString());
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (executor != null) {
      executor.shutdown();
      try {
        executor.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
