package io.leadstream.bench.isolation;

import io.leadstream.schemas.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the sink says about its workspaces, read where an operator would: {@code crm_sync_state} and
 * {@code crm_pending} in the lead database, {@code crm-sink.dlq.v1}, and the sink's log.
 */
final class SinkObservations {

  private final JdbcTemplate jdbc;
  private final String bootstrapServers;
  private final Path sinkLog;

  SinkObservations(DataSource db, String bootstrapServers, Path sinkLog) {
    this.jdbc = new JdbcTemplate(db);
    this.bootstrapServers = bootstrapServers;
    this.sinkLog = sinkLog;
  }

  /** The workspace's sync state; "connected" before the sink ever wrote a row for it (its own default). */
  String syncState(String workspaceId) {
    return jdbc.query("SELECT state FROM crm_sync_state WHERE workspace_id = ?", (rs, i) -> rs.getString(1), workspaceId)
        .stream().findFirst().orElse("connected");
  }

  /** crm_pending rows of the workspace by entity type (lead, call, …) and reason, e.g. "call held" → 812. */
  Map<String, Long> pending(String workspaceId) {
    Map<String, Long> rows = new TreeMap<>();
    jdbc.query("SELECT entity_type, reason, count(*) FROM crm_pending WHERE workspace_id = ? GROUP BY entity_type, reason",
        rs -> {
          rows.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
        }, workspaceId);
    return rows;
  }

  long pendingRows(String workspaceId) {
    Long n = jdbc.queryForObject("SELECT count(*) FROM crm_pending WHERE workspace_id = ?", Long.class, workspaceId);
    return n == null ? 0 : n;
  }

  /** Records in crm-sink.dlq.v1 whose key is a lead of the workspace ({@code <workspaceId>/…}); "" counts them all. */
  Map<String, Long> deadLettersByWorkspace() {
    Map<String, Long> counts = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CRM_SINK_DLQ.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = r.key() == null ? "" : r.key();
          int slash = key.indexOf('/');
          counts.merge(slash < 0 ? "(unkeyed)" : key.substring(0, slash), 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  /** Batches the sink nacked for redelivery so far: each one paused consumption for every workspace. */
  long redeliveredBatches() {
    try (Stream<String> lines = Files.lines(sinkLog)) {
      return lines.filter(l -> l.contains("redelivering after")).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }
}
