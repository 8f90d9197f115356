package io.leadstream.api.repair;

import io.leadstream.leaddb.SqlTimes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A workspace's CRM sync state as crm-sink keeps it ({@code crm_sync_state}: connected, throttled,
 * needs_reconnect, setup_incomplete, budget_exhausted, not_connected, with why, since when and the
 * next attempt) and what waits because of it ({@code crm_pending} by reason). A workspace the sink
 * never met has no row: its state is {@code unknown}.
 */
public final class SyncStates {
  private final JdbcTemplate jdbc;
  private final PendingRecords pending;

  public SyncStates(JdbcTemplate jdbc, PendingRecords pending) {
    this.jdbc = jdbc;
    this.pending = pending;
  }

  /** {@code {state, reason, since, retryAt, pending: {held, not_connected, not_found, ambiguous}}}. */
  public Map<String, Object> of(String workspaceId) {
    List<Map<String, Object>> rows = jdbc.query(
        "SELECT state, reason, since, retry_at FROM crm_sync_state WHERE workspace_id = ?", (rs, n) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("state", rs.getString(1));
          m.put("reason", rs.getString(2));
          m.put("since", SqlTimes.instant(rs, 3));
          m.put("retryAt", SqlTimes.instant(rs, 4));
          return m;
        }, workspaceId);
    Map<String, Object> state = rows.isEmpty() ? unknown() : rows.get(0);
    state.put("pending", pending.countsByReason(workspaceId));
    return state;
  }

  /**
   * The workspace's org passed the preflight (its admin fixed it, then ran test-sync or reconnected): if crm-sink
   * holds the workspace as setup_incomplete, it checks the org again and drains what it held on its next pass
   * instead of at the end of its back-off. Returns whether there was such a workspace.
   */
  public boolean retrySetupNow(String workspaceId) {
    return jdbc.update("UPDATE crm_sync_state SET retry_at = now(), updated_at = now()"
        + " WHERE workspace_id = ? AND state = 'setup_incomplete'", workspaceId) > 0;
  }

  private static Map<String, Object> unknown() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", "unknown");
    m.put("reason", "never synced");
    m.put("since", null);
    m.put("retryAt", null);
    return m;
  }
}
