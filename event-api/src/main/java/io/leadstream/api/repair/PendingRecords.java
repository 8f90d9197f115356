package io.leadstream.api.repair;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What crm-sink could not write to a workspace's CRM yet ({@code crm_pending}, one row per entity with
 * its newest value and why it waits), as the operator sees and nudges it. crm-sink re-matches
 * {@code not_found} rows whose {@code retry_at} has come, so "re-match now" is setting it to now.
 */
public final class PendingRecords {
  /** The reasons of crm_pending's CHECK constraint (V4), in the order answers list them. */
  public static final List<String> REASONS = List.of("held", "not_connected", "not_found", "ambiguous");

  private final JdbcTemplate jdbc;

  public PendingRecords(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** How many entities of the workspace wait, by reason (every reason present, 0 when none). */
  public Map<String, Long> countsByReason(String workspaceId) {
    Map<String, Long> counts = new LinkedHashMap<>();
    REASONS.forEach(r -> counts.put(r, 0L));
    jdbc.query("SELECT reason, count(*) FROM crm_pending WHERE workspace_id = ? GROUP BY reason",
        rs -> {
          counts.put(rs.getString(1), rs.getLong(2));
        }, workspaceId);
    return counts;
  }

  public record Rematch(int entities, int leads) {
  }

  /** Makes the workspace's not_found entities (of these leads; all when null) due for matching now. */
  public Rematch rematch(String workspaceId, Collection<String> leadIds) {
    List<String> leads = leadIds == null
        ? jdbc.queryForList("""
            UPDATE crm_pending SET retry_at = now(), updated_at = now()
            WHERE workspace_id = ? AND reason = 'not_found' RETURNING lead_id""", String.class, workspaceId)
        : jdbc.queryForList("""
            UPDATE crm_pending SET retry_at = now(), updated_at = now()
            WHERE workspace_id = ? AND reason = 'not_found' AND lead_id = ANY (?::text[]) RETURNING lead_id""",
            String.class, workspaceId, leadIds.toArray(String[]::new));
    return new Rematch(leads.size(), new HashSet<>(leads).size());
  }
}
