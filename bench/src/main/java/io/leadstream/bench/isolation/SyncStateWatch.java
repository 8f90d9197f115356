package io.leadstream.bench.isolation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@value #PERIOD_MS} ms for the whole bench (every phase alike), each workspace's sync state in
 * {@code crm_sync_state}; keeps the changes with their {@link System#nanoTime()} instant, so the report
 * can say when a workspace was seen failing and when it was connected again.
 */
final class SyncStateWatch implements AutoCloseable {

  static final int PERIOD_MS = 100;

  /** A workspace seen in a new state at {@code nanos}. */
  record Change(String workspaceId, String state, long nanos) {
  }

  private final SinkObservations sink;
  private final List<String> workspaces;
  private final Map<String, String> last = new HashMap<>();
  private final List<Change> changes = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "isolation-sync-states");
    t.setDaemon(true);
    return t;
  });

  SyncStateWatch(SinkObservations sink, List<String> workspaces) {
    this.sink = sink;
    this.workspaces = workspaces;
    timer.scheduleWithFixedDelay(this::poll, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      for (String ws : workspaces) {
        String state = sink.syncState(ws);
        long now = System.nanoTime();
        synchronized (this) {
          if (!state.equals(last.put(ws, state))) {
            changes.add(new Change(ws, state, now));
          }
        }
      }
    } catch (RuntimeException e) {
      // The table appears when the sink has migrated the database; a failed poll is retried on the next tick.
    }
  }

  /** Changes seen in [{@code from}, {@code to}). */
  synchronized List<Change> between(long from, long to) {
    return changes.stream().filter(c -> c.nanos() >= from && c.nanos() < to).toList();
  }

  /** When {@code workspaceId} was first seen in {@code state} at or after {@code from}; -1 when it was not. */
  synchronized long firstSeen(String workspaceId, String state, long from) {
    return changes.stream().filter(c -> c.workspaceId().equals(workspaceId) && c.state().equals(state)
        && c.nanos() >= from).mapToLong(Change::nanos).findFirst().orElse(-1);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
