package io.leadstream.sink.workspace;

import io.leadstream.leaddb.SqlTimes;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each workspace's {@link SyncState} in {@code crm_sync_state}, shared by every sink instance (and
 * read by event-api's status endpoint). Reads come from a snapshot at most {@code maxAge} old, so the
 * hot path costs no query per batch; writes go straight to the table and into the snapshot.
 */
public final class SyncStates {

  /** One workspace's row. */
  public record Row(String workspaceId, SyncState state, String reason, Instant since, int failures, Instant retryAt) {
    public boolean retryDue(Instant now) {
      return retryAt == null || !retryAt.isAfter(now);
    }
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final long maxAgeNanos;
  private volatile Map<String, Row> snapshot = Map.of();
  private volatile long loadedNanos;
  private volatile boolean loaded;

  public SyncStates(JdbcTemplate jdbc, Clock clock, Duration maxAge, LongSupplier nanoTime) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = nanoTime;
  }

  /** The workspace's state; {@code CONNECTED} for a workspace never seen failing. */
  public SyncState state(String workspaceId) {
    return row(workspaceId).map(Row::state).orElse(SyncState.CONNECTED);
  }

  public Optional<Row> row(String workspaceId) {
    refreshIfOld();
    return Optional.ofNullable(snapshot.get(workspaceId));
  }

  public Map<String, Row> all() {
    refreshIfOld();
    return snapshot;
  }

  /** Records a workspace failure: the state, why, and when to try again (the back-off of the failure count). */
  public Row fail(String workspaceId, WorkspaceFailure failure, Backoff backoff) {
    int failures = row(workspaceId).filter(r -> r.state() == failure.state()).map(Row::failures).orElse(0) + 1;
    Instant now = clock.instant();
    Instant retryAt = now.plus(backoff.after(failures));
    jdbc.update("""
        INSERT INTO crm_sync_state (workspace_id, state, reason, since, failures, retry_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (workspace_id) DO UPDATE SET state = EXCLUDED.state, reason = EXCLUDED.reason,
          since = CASE WHEN crm_sync_state.state = EXCLUDED.state THEN crm_sync_state.since ELSE EXCLUDED.since END,
          failures = EXCLUDED.failures, retry_at = EXCLUDED.retry_at, updated_at = now()""",
        workspaceId, failure.state().dbName(), truncate(failure.reason()), Timestamp.from(now), failures,
        Timestamp.from(retryAt));
    Instant since = row(workspaceId).filter(r -> r.state() == failure.state()).map(Row::since).orElse(now);
    return put(new Row(workspaceId, failure.state(), failure.reason(), since, failures, retryAt));
  }

  /** The workspace wrote successfully: connected, back-off reset. */
  public void succeeded(String workspaceId) {
    Optional<Row> current = row(workspaceId);
    if (current.isPresent() && current.get().state() == SyncState.CONNECTED && current.get().failures() == 0) {
      return;
    }
    Instant now = clock.instant();
    jdbc.update("""
        INSERT INTO crm_sync_state (workspace_id, state, since, failures) VALUES (?, 'connected', ?, 0)
        ON CONFLICT (workspace_id) DO UPDATE SET state = 'connected', reason = NULL,
          since = CASE WHEN crm_sync_state.state = 'connected' THEN crm_sync_state.since ELSE EXCLUDED.since END,
          failures = 0, retry_at = NULL, updated_at = now()""", workspaceId, Timestamp.from(now));
    put(new Row(workspaceId, SyncState.CONNECTED, null, now, 0, null));
  }

  /** Marks a workspace without a CRM connection (its records wait for one). */
  public void notConnected(String workspaceId) {
    if (state(workspaceId) == SyncState.NOT_CONNECTED) {
      return;
    }
    Instant now = clock.instant();
    jdbc.update("""
        INSERT INTO crm_sync_state (workspace_id, state, reason, since, failures) VALUES (?, 'not_connected', ?, ?, 0)
        ON CONFLICT (workspace_id) DO UPDATE SET state = 'not_connected', reason = EXCLUDED.reason, since = EXCLUDED.since,
          failures = 0, retry_at = NULL, updated_at = now()""",
        workspaceId, "no CRM connection", Timestamp.from(now));
    put(new Row(workspaceId, SyncState.NOT_CONNECTED, "no CRM connection", now, 0, null));
  }

  /** Makes a waiting workspace due now (it reconnected, or an operator asked). */
  public void retryNow(String workspaceId) {
    jdbc.update("UPDATE crm_sync_state SET retry_at = now(), updated_at = now() WHERE workspace_id = ?", workspaceId);
    row(workspaceId).ifPresent(r -> put(new Row(r.workspaceId(), r.state(), r.reason(), r.since(), r.failures(),
        clock.instant())));
  }

  /**
   * Takes the drain lease of a workspace for {@code leaseFor}: only one sink instance drains a
   * workspace's pending records at a time; a crashed owner's lease simply runs out.
   */
  public boolean lease(String workspaceId, String owner, Duration leaseFor) {
    return jdbc.update("""
        INSERT INTO crm_sync_state (workspace_id, state, drain_owner, drain_until)
        VALUES (?, 'connected', ?, now() + make_interval(secs => ?))
        ON CONFLICT (workspace_id) DO UPDATE SET drain_owner = EXCLUDED.drain_owner, drain_until = EXCLUDED.drain_until
        WHERE crm_sync_state.drain_until IS NULL OR crm_sync_state.drain_until < now()
          OR crm_sync_state.drain_owner = EXCLUDED.drain_owner""",
        workspaceId, owner, leaseFor.toMillis() / 1000.0) > 0;
  }

  public void release(String workspaceId, String owner) {
    jdbc.update("UPDATE crm_sync_state SET drain_owner = NULL, drain_until = NULL WHERE workspace_id = ? AND drain_owner = ?",
        workspaceId, owner);
  }

  private Row put(Row row) {
    Map<String, Row> next = new HashMap<>(snapshot);
    next.put(row.workspaceId(), row);
    snapshot = Map.copyOf(next);
    return row;
  }

  private void refreshIfOld() {
    long now = nanoTime.getAsLong();
    if (loaded && now - loadedNanos < maxAgeNanos) {
      return;
    }
    Map<String, Row> rows = new HashMap<>();
    jdbc.query("SELECT workspace_id, state, reason, since, failures, retry_at FROM crm_sync_state", rs -> {
      rows.put(rs.getString(1), new Row(rs.getString(1), SyncState.fromDb(rs.getString(2)), rs.getString(3),
          SqlTimes.instant(rs, 4), rs.getInt(5), SqlTimes.instant(rs, 6)));
    });
    snapshot = Map.copyOf(rows);
    loadedNanos = now;
    loaded = true;
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 2_000 ? s : s.substring(0, 2_000) + "…";
  }
}
