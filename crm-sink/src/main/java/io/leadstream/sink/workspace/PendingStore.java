package io.leadstream.sink.workspace;

import io.leadstream.leaddb.SqlTimes;
import io.leadstream.sink.leaddb.MultiRowStatement;
import io.leadstream.sink.pipeline.EntityType;
import io.leadstream.sink.pipeline.Item;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * {@code crm_pending}: the newest not-yet-written value of each entity of a workspace, as the
 * consumed record's bytes, with why it waits. Holding a newer value of an entity replaces the older
 * one (never the reverse), so a drain writes each entity once, with its newest values.
 */
public final class PendingStore {

  /** A pending row read back: the Kafka record it was, and why it waits. */
  public record Row(String workspaceId, EntityType type, String entityId, String leadId, long version,
                    ConsumerRecord<String, byte[]> record, boolean optOut, Pending.Reason reason) {
  }

  private static final MultiRowStatement HOLD = new MultiRowStatement("""
      INSERT INTO crm_pending (workspace_id, entity_type, entity_id, lead_id, version, topic, record_key, record_value,
        opt_out, reason, detail, retry_at) VALUES""", "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", """
      ON CONFLICT (workspace_id, entity_type, entity_id) DO UPDATE SET lead_id = EXCLUDED.lead_id,
        version = EXCLUDED.version, topic = EXCLUDED.topic, record_key = EXCLUDED.record_key,
        record_value = EXCLUDED.record_value, opt_out = EXCLUDED.opt_out, reason = EXCLUDED.reason,
        detail = EXCLUDED.detail, retry_at = EXCLUDED.retry_at, updated_at = now()
      WHERE crm_pending.version <= EXCLUDED.version""");

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;

  public PendingStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.named = new NamedParameterJdbcTemplate(jdbc);
  }

  /** Keeps these items until their reason is resolved; an older value never replaces a newer one. */
  public void hold(Collection<Pending> pending) {
    // One statement may not upsert a row twice: the newest per entity.
    Map<Item.Key, Pending> newest = new LinkedHashMap<>();
    pending.forEach(p -> newest.merge(p.item().key(), p, (a, b) -> b.item().version() >= a.item().version() ? b : a));
    List<Object[]> args = new ArrayList<>();
    for (Pending p : newest.values()) {
      Item i = p.item();
      args.add(new Object[] {i.workspaceId(), i.type().dbName(), i.entityId(), i.leadId(), i.version(),
          i.source().topic(), i.source().key(), i.source().value(), i.isOptOut(), p.reason().dbName(),
          truncate(p.detail()), p.retryAt() == null ? null : Timestamp.from(p.retryAt())});
    }
    for (List<Object[]> chunk : HOLD.chunks(args)) {
      jdbc.update(HOLD.sql(chunk.size()), MultiRowStatement.parameters(chunk));
    }
  }

  /** Forgets entities written at (or past) these versions; a newer value held meanwhile stays. */
  public void remove(Collection<Item> written) {
    if (written.isEmpty()) {
      return;
    }
    List<Object[]> args = written.stream().map(i -> new Object[] {i.workspaceId(), i.type().dbName(), i.entityId(),
        i.version()}).toList();
    jdbc.batchUpdate("DELETE FROM crm_pending WHERE workspace_id = ? AND entity_type = ? AND entity_id = ?"
        + " AND version <= ?", args);
  }

  /** Workspaces (of these) with a backlog being drained: their new records queue behind it, in order. */
  public Set<String> withBacklog(Collection<String> workspaceIds) {
    Set<String> found = new HashSet<>();
    if (workspaceIds.isEmpty()) {
      return found;
    }
    named.query("SELECT DISTINCT workspace_id FROM crm_pending WHERE workspace_id IN (:ws)"
            + " AND reason IN ('held', 'not_connected')",
        new MapSqlParameterSource("ws", workspaceIds), rs -> {
          found.add(rs.getString(1));
        });
    return found;
  }

  /** Workspaces with rows a drain can act on now: held or unconnected ones, and not_found ones due for a re-match. */
  public Set<String> workspacesDue(Instant now) {
    Set<String> found = new HashSet<>();
    jdbc.query("""
        SELECT DISTINCT workspace_id FROM crm_pending WHERE reason IN ('held', 'not_connected')
          OR (reason = 'not_found' AND (retry_at IS NULL OR retry_at <= ?))""",
        rs -> {
          found.add(rs.getString(1));
        }, Timestamp.from(now));
    return found;
  }

  /** Up to {@code limit} rows of a workspace a drain should write now, opt-outs first, oldest first. */
  public List<Row> due(String workspaceId, Instant now, int limit) {
    return jdbc.query("""
        SELECT workspace_id, entity_type, entity_id, lead_id, version, topic, record_key, record_value, opt_out, reason
        FROM crm_pending WHERE workspace_id = ?
          AND (reason IN ('held', 'not_connected') OR (reason = 'not_found' AND (retry_at IS NULL OR retry_at <= ?)))
        ORDER BY opt_out DESC, held_at, entity_type, entity_id LIMIT ?""",
        (rs, n) -> new Row(rs.getString(1), EntityType.fromDb(rs.getString(2)), rs.getString(3), rs.getString(4),
            rs.getLong(5), new ConsumerRecord<>(rs.getString(6), -1, -1L, rs.getString(7), rs.getBytes(8)),
            rs.getBoolean(9), Pending.Reason.fromDb(rs.getString(10))),
        workspaceId, Timestamp.from(now), limit);
  }

  /** A lead now matched: its not_found rows are due at once (they are its missed Tasks, Events and fields). */
  public void matchNow(String workspaceId, Collection<String> leadIds) {
    if (leadIds.isEmpty()) {
      return;
    }
    named.update("UPDATE crm_pending SET retry_at = now() WHERE workspace_id = :ws AND reason = 'not_found'"
            + " AND lead_id IN (:leads)",
        new MapSqlParameterSource("ws", workspaceId).addValue("leads", leadIds));
  }

  /** Rows per workspace and reason, for metrics and status. */
  public Map<String, Map<Pending.Reason, Long>> counts() {
    Map<String, Map<Pending.Reason, Long>> counts = new HashMap<>();
    jdbc.query("SELECT workspace_id, reason, count(*) FROM crm_pending GROUP BY workspace_id, reason", rs -> {
      counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(Pending.Reason.fromDb(rs.getString(2)),
          rs.getLong(3));
    });
    return counts;
  }

  /** When a workspace's oldest pending row was held (the age of its backlog). */
  public Map<String, Instant> oldest() {
    Map<String, Instant> oldest = new HashMap<>();
    jdbc.query("SELECT workspace_id, min(held_at) FROM crm_pending GROUP BY workspace_id", rs -> {
      oldest.put(rs.getString(1), SqlTimes.instant(rs, 2));
    });
    return oldest;
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 2_000 ? s : s.substring(0, 2_000) + "…";
  }
}
