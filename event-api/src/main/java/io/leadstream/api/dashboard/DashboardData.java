package io.leadstream.api.dashboard;

import io.leadstream.api.repair.DeadLetter;
import io.leadstream.api.repair.DeadLetterReader;
import io.leadstream.api.repair.ReviewQueue;
import io.leadstream.api.repair.SyncStates;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.schemas.topic.TopicSpec;
import io.leadstream.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the ops dashboard shows (SPEC §12), read where each number lives — never a second copy: the lead database
 * (leads by status, score distribution, events applied = the sum of the leads' state versions, Salesforce writes,
 * CRM sync state and held records, review queue), the broker (records in and out per topic, consumer lag per
 * partition of stream-app and crm-sink), the compliance audit topic (gate decisions, deferred triggers due within
 * the hour), the dead-letter topics (by reason), and crm-sink's own /metrics for the API budget when its URLs are
 * configured. {@code workspace} null is the operator's view of every workspace.
 */
public final class DashboardData {
  private static final List<TopicSpec> OUTPUTS = List.of(Topics.LEAD_STATE, Topics.LEAD_ENGAGEMENT, Topics.CRM_ACTIVITIES,
      Topics.CADENCE_TRIGGERS, Topics.COMPLIANCE_AUDIT);
  private static final Pattern SAMPLE = Pattern.compile("^(crm_sink_salesforce_api_(?:used|limit))\\{([^}]*)\\}\\s+(\\S+)");
  private static final Pattern WORKSPACE_LABEL = Pattern.compile("workspace=\"([^\"]*)\"");

  private final JdbcTemplate jdbc;
  private final Supplier<Admin> admin;
  private final DeadLetterReader deadLetters;
  private final AuditFeed audit;
  private final SyncStates syncStates;
  private final ReviewQueue reviews;
  private final WorkspaceStore workspaces;
  private final List<String> consumerGroups;
  private final List<String> metricsUrls;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public DashboardData(JdbcTemplate jdbc, Supplier<Admin> admin, DeadLetterReader deadLetters, AuditFeed audit,
                       SyncStates syncStates, ReviewQueue reviews, WorkspaceStore workspaces, List<String> consumerGroups,
                       List<String> metricsUrls, Clock clock) {
    this.jdbc = jdbc;
    this.admin = admin;
    this.deadLetters = deadLetters;
    this.audit = audit;
    this.syncStates = syncStates;
    this.reviews = reviews;
    this.workspaces = workspaces;
    this.consumerGroups = List.copyOf(consumerGroups);
    this.metricsUrls = List.copyOf(metricsUrls);
    this.clock = clock;
  }

  public Map<String, Object> snapshot(String workspace) {
    Instant now = clock.instant();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("generatedAt", now.toString());
    out.put("scope", workspace == null ? "all" : workspace);
    List<String> scope = workspace == null ? workspaces.list().stream().map(WorkspaceStore.Workspace::workspaceId).sorted().toList()
        : List.of(workspace);
    out.put("workspaces", scope);
    out.put("throughput", throughput(workspace));
    out.put("lag", lag());
    out.put("leadsByStatus", leadsByStatus(workspace));
    out.put("scoreBuckets", scoreBuckets(workspace));
    out.put("gates", gates(workspace, now));
    out.put("crm", crm(scope));
    out.put("dlq", dlq(workspace, now));
    out.put("review", review(scope));
    return out;
  }

  // ------------------------------------------------------------------ throughput

  private Map<String, Object> throughput(String workspace) {
    Map<String, Object> t = new LinkedHashMap<>();
    String where = workspace == null ? "" : " WHERE workspace_id = ?";
    Object[] args = workspace == null ? new Object[0] : new Object[] {workspace};
    t.put("eventsApplied", jdbc.queryForObject("SELECT COALESCE(SUM(version), 0) FROM leads" + where, Long.class, args));
    t.put("salesforceWrites", jdbc.queryForObject("SELECT count(*) FROM sync_log" + (workspace == null
        ? " WHERE status = 'success'" : " WHERE status = 'success' AND workspace_id = ?"), Long.class, args));
    if (workspace == null) {
      // The broker's own count of what was written to each topic, by every producer and instance.
      Map<String, Long> records = new LinkedHashMap<>();
      records.put(Topics.VOICE_EVENTS.name(), endOffsetSum(Topics.VOICE_EVENTS.name()));
      for (TopicSpec spec : OUTPUTS) {
        records.put(spec.name(), endOffsetSum(spec.name()));
      }
      t.put("topicRecords", records);
    }
    return t;
  }

  private long endOffsetSum(String topic) {
    try {
      Admin a = admin.get();
      TopicDescription d = a.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
      Map<TopicPartition, OffsetSpec> q = new HashMap<>();
      d.partitions().forEach(p -> q.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return a.listOffsets(q).all().get(5, TimeUnit.SECONDS).values().stream()
          .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    } catch (Exception e) {
      return -1;
    }
  }

  // ------------------------------------------------------------------ consumer lag

  private List<Map<String, Object>> lag() {
    List<Map<String, Object>> rows = new ArrayList<>();
    Admin a = admin.get();
    for (String group : consumerGroups) {
      try {
        Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> q = new HashMap<>();
        committed.keySet().stream().filter(tp -> !tp.topic().contains("-changelog") && !tp.topic().contains("-repartition"))
            .forEach(tp -> q.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = a.listOffsets(q).all().get(5, TimeUnit.SECONDS);
        ends.entrySet().stream()
            .sorted(Comparator.comparing((Map.Entry<TopicPartition, ?> e) -> e.getKey().topic())
                .thenComparing(e -> e.getKey().partition()))
            .forEach(e -> {
              OffsetAndMetadata c = committed.get(e.getKey());
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("group", group);
              row.put("topic", e.getKey().topic());
              row.put("partition", e.getKey().partition());
              row.put("lag", c == null ? e.getValue().offset() : Math.max(0, e.getValue().offset() - c.offset()));
              rows.add(row);
            });
      } catch (Exception e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("group", group);
        row.put("error", "unavailable");
        rows.add(row);
      }
    }
    return rows;
  }

  // ------------------------------------------------------------------ lead database

  private Map<String, Long> leadsByStatus(String workspace) {
    Map<String, Long> out = new TreeMap<>();
    String sql = "SELECT COALESCE(status, 'unknown'), count(*) FROM leads" + (workspace == null ? "" : " WHERE workspace_id = ?")
        + " GROUP BY 1";
    Object[] args = workspace == null ? new Object[0] : new Object[] {workspace};
    jdbc.query(sql, rs -> {
      out.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getLong(2));
    }, args);
    return out;
  }

  private Map<String, Long> scoreBuckets(String workspace) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String b : List.of("0-19", "20-39", "40-59", "60-79", "80-100")) {
      out.put(b, 0L);
    }
    String sql = "SELECT LEAST(engagement_score / 20, 4), count(*) FROM leads" + (workspace == null ? ""
        : " WHERE workspace_id = ?") + " GROUP BY 1";
    Object[] args = workspace == null ? new Object[0] : new Object[] {workspace};
    List<String> names = List.copyOf(out.keySet());
    jdbc.query(sql, rs -> {
      int i = Math.max(0, Math.min(4, rs.getInt(1)));
      out.merge(names.get(i), rs.getLong(2), Long::sum);
    }, args);
    return out;
  }

  private Map<String, Object> crm(List<String> scope) {
    Map<String, Map<String, Number>> budgets = budgets();
    Map<String, Object> out = new LinkedHashMap<>();
    for (String ws : scope) {
      Map<String, Object> row = new LinkedHashMap<>(syncStates.of(ws));
      List<Map<String, Object>> conn = jdbc.queryForList(
          "SELECT provider, last_sync_at, expires_at FROM crm_connections WHERE workspace_id = ?", ws);
      row.put("connection", conn.isEmpty() ? null : Map.of("provider", String.valueOf(conn.get(0).get("provider")),
          "lastSyncAt", String.valueOf(conn.get(0).get("last_sync_at"))));
      row.put("apiBudget", budgets.get(ws));
      out.put(ws, row);
    }
    return out;
  }

  /** crm-sink's {@code crm_sink_salesforce_api_used/limit} gauges, from each configured /metrics URL. */
  private Map<String, Map<String, Number>> budgets() {
    Map<String, Map<String, Number>> out = new HashMap<>();
    for (String url : metricsUrls) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          continue;
        }
        r.body().lines().forEach(line -> {
          Matcher m = SAMPLE.matcher(line);
          if (!m.find()) {
            return;
          }
          Matcher w = WORKSPACE_LABEL.matcher(m.group(2));
          if (!w.find()) {
            return;
          }
          String key = m.group(1).endsWith("used") ? "used" : "limit";
          double v = Double.parseDouble(m.group(3));
          out.computeIfAbsent(w.group(1), k -> new LinkedHashMap<>()).merge(key, v,
              (x, y) -> Math.max(x.doubleValue(), y.doubleValue()));
        });
      } catch (Exception e) {
        // this instance's budget is unknown for now; the panel says so
      } 
    }
    return out;
  }

  private Map<String, Object> review(List<String> scope) {
    Map<String, Object> out = new LinkedHashMap<>();
    long open = 0;
    List<Map<String, Object>> items = new ArrayList<>();
    for (String ws : scope) {
      ReviewQueue.Page page = reviews.open(ws, 10);
      open += page.open();
      for (ReviewQueue.Item i : page.items()) {
        if (items.size() < 20) {
          items.add(Map.of("workspace", ws, "leadId", i.leadId(), "entityType", i.entityType(),
              "candidates", i.candidates()));
        }
      }
    }
    out.put("open", open);
    out.put("items", items);
    return out;
  }

  // ------------------------------------------------------------------ compliance gates

  private Map<String, Object> gates(String workspace, Instant now) {
    Map<String, Long> byRule = new TreeMap<>();
    List<Map<String, Object>> upcoming = new ArrayList<>();
    Instant hour = now.plus(Duration.ofHours(1));
    for (AuditFeed.Decision d : audit.recent(workspace)) {
      byRule.merge(d.decision() + " " + d.rule(), 1L, Long::sum);
      if ("DEFER".equals(d.decision()) && d.deferredUntil() != null && !d.deferredUntil().isBefore(now)
          && !d.deferredUntil().isAfter(hour)) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("workspace", d.workspaceId());
        u.put("leadId", d.leadId());
        u.put("rule", d.rule());
        u.put("channel", d.channel());
        u.put("dueAt", d.deferredUntil().toString());
        upcoming.add(u);
      }
    }
    upcoming.sort(Comparator.comparing(m -> String.valueOf(m.get("dueAt"))));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("window", "24h");
    out.put("byDecisionAndRule", byRule);
    out.put("deferredWithinHour", upcoming.size());
    out.put("upcoming", upcoming.subList(0, Math.min(50, upcoming.size())));
    out.put("complete", audit.caughtUp());
    return out;
  }

  // ------------------------------------------------------------------ dead letters

  private Map<String, Object> dlq(String workspace, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (TopicSpec topic : List.of(Topics.VOICE_EVENTS_DLQ, Topics.CRM_SINK_DLQ)) {
      DeadLetterReader.Scan scan = deadLetters.newest(topic.name(), now.minus(Duration.ofDays(30)), null, 1_000,
          chunk -> chunk.stream().filter(d -> workspace == null || workspace.equals(d.workspace())).toList());
      Map<String, Long> byReason = new TreeMap<>();
      for (DeadLetter d : scan.records()) {
        byReason.merge(d.reason() == null ? "unknown" : d.reason(), 1L, Long::sum);
      }
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("total", scan.records().size());
      t.put("byReason", byReason);
      t.put("complete", scan.complete());
      out.put(topic.name(), t);
    }
    return out;
  }

  static Set<String> outputTopics() {
    Set<String> s = new java.util.TreeSet<>();
    OUTPUTS.forEach(t -> s.add(t.name()));
    return s;
  }
}
