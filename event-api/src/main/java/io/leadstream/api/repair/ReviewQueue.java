package io.leadstream.api.repair;

import io.leadstream.leaddb.SqlTimes;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The review queue (SPEC §8): leads several CRM records matched, which crm-sink will not guess
 * between. They are {@code sync_log} rows with status {@code ambiguous} and review status {@code open};
 * their entities wait in {@code crm_pending} with reason {@code ambiguous}. Resolving a lead writes
 * the operator's choice to {@code crm_links} (crm-sink reads links before matching, so it wins),
 * closes the lead's open reviews and re-queues its waiting entities ({@code held}, due now) so crm-sink
 * writes the Tasks and Events the lead missed. Everything is scoped to one workspace.
 */
public final class ReviewQueue {
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  public ReviewQueue(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /** One entity of a lead waiting for the operator's choice; {@code since}: when it was last found ambiguous. */
  public record Item(String leadId, String entityType, String entityId, String callId, List<String> candidates,
                     String detail, String email, String phone, Instant since) {
  }

  public record Page(List<Item> items, long open) {
  }

  public enum Outcome { RESOLVED, NO_OPEN_REVIEW, NOT_A_CANDIDATE, NOT_A_LEAD_OR_CONTACT }

  /**
   * @param recordId   the chosen record as stored (the candidate's own spelling)
   * @param candidates the lead's candidates, for a refusal's message
   */
  public record Resolution(Outcome outcome, String recordId, String salesforceObject, List<String> candidates,
                           int resolvedReviews, int requeued) {
  }

  /** The workspace's open reviews, oldest first, at most {@code limit}, and how many are open in all. */
  public Page open(String workspaceId, int limit) {
    List<Item> items = jdbc.query("""
        SELECT lead_id, entity_type, entity_id, call_id, candidates, error_message, email, phone_number, updated_at
        FROM sync_log
        WHERE workspace_id = ? AND status = 'ambiguous' AND review_status = 'open'
        ORDER BY updated_at, id
        LIMIT ?""", (rs, n) -> new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        strings(rs.getArray(5)), rs.getString(6), rs.getString(7), rs.getString(8), SqlTimes.instant(rs, 9)),
        workspaceId, limit);
    Long open = jdbc.queryForObject("""
        SELECT count(*) FROM sync_log WHERE workspace_id = ? AND status = 'ambiguous' AND review_status = 'open'""",
        Long.class, workspaceId);
    return new Page(items, open == null ? 0 : open);
  }

  /** Links the lead to {@code recordId} when it is one of its candidates, in one transaction. */
  public Resolution resolve(String workspaceId, String leadId, String recordId) {
    return transactions.execute(status -> {
      // Locks the lead's open reviews: a concurrent resolution of the same lead waits, then finds none open.
      List<List<String>> rows = jdbc.query("""
          SELECT candidates FROM sync_log
          WHERE workspace_id = ? AND lead_id = ? AND status = 'ambiguous' AND review_status = 'open'
          FOR UPDATE""", (rs, n) -> strings(rs.getArray(1)), workspaceId, leadId);
      if (rows.isEmpty()) {
        return new Resolution(Outcome.NO_OPEN_REVIEW, null, null, List.of(), 0, 0);
      }
      Set<String> candidates = new LinkedHashSet<>();
      rows.forEach(candidates::addAll);
      String chosen = candidates.stream().filter(c -> SalesforceIds.sameRecord(recordId, c)).findFirst().orElse(null);
      if (chosen == null) {
        return new Resolution(Outcome.NOT_A_CANDIDATE, null, null, List.copyOf(candidates), 0, 0);
      }
      String object = SalesforceIds.leadOrContact(chosen).orElse(null);
      if (object == null) {
        return new Resolution(Outcome.NOT_A_LEAD_OR_CONTACT, chosen, null, List.copyOf(candidates), 0, 0);
      }
      // The link belongs to the org the workspace is connected to (the candidates' org: a reconnect to
      // another org closes the open reviews).
      jdbc.update("""
          INSERT INTO crm_links (workspace_id, lead_id, salesforce_object, salesforce_id, matched_by, org_id)
          VALUES (?, ?, ?, ?, 'operator', (SELECT org_id FROM crm_connections WHERE workspace_id = ?))
          ON CONFLICT (workspace_id, lead_id) DO UPDATE SET salesforce_object = EXCLUDED.salesforce_object,
            salesforce_id = EXCLUDED.salesforce_id, matched_by = EXCLUDED.matched_by, org_id = EXCLUDED.org_id,
            linked_at = now()""",
          workspaceId, leadId, object, chosen, workspaceId);
      int resolved = jdbc.update("""
          UPDATE sync_log SET review_status = 'resolved', updated_at = now()
          WHERE workspace_id = ? AND lead_id = ? AND status = 'ambiguous' AND review_status = 'open'""",
          workspaceId, leadId);
      int requeued = jdbc.update("""
          UPDATE crm_pending SET reason = 'held', retry_at = now(), updated_at = now(), detail = ?
          WHERE workspace_id = ? AND lead_id = ? AND reason = 'ambiguous'""",
          "match resolved by the operator: " + object + " " + chosen, workspaceId, leadId);
      return new Resolution(Outcome.RESOLVED, chosen, object, List.copyOf(candidates), resolved, requeued);
    });
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    try {
      return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
    } finally {
      array.free();
    }
  }
}
