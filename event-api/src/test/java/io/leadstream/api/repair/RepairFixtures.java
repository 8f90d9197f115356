package io.leadstream.api.repair;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CallStage;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerializer;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.testkit.kafka.SharedKafkaBroker;
import io.leadstream.testkit.registry.SharedSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What crm-sink and stream-app leave behind, written as they write it, since neither runs in
 * event-api's tests: dead letters with their {@code error.*} headers (crm-sink's
 * SinkConfiguration#deadLetterPublishingRecoverer, stream-app's topology/DeadLetters), and the
 * rows of {@code crm_pending}, {@code sync_log} and {@code crm_sync_state}.
 */
final class RepairFixtures {
  static final String SINK_DLQ = Topics.CRM_SINK_DLQ.name();
  static final String VOICE_DLQ = Topics.VOICE_EVENTS_DLQ.name();
  static final String ACTIVITIES = Topics.CRM_ACTIVITIES.name();
  private static final SchemaRegistryClient REGISTRY = SchemaRegistryClient.forUrls(SharedSchemaRegistry.get().url());
  private static final AvroSerializer<CrmActivity> ACTIVITY_SERIALIZER = new AvroSerializer<>(REGISTRY, true);
  private static volatile boolean topicsCreated;

  private RepairFixtures() {
  }

  static String workspace() {
    String id = "repair-" + UUID.randomUUID().toString().substring(0, 8);
    ApiTestSupport.JDBC.update("INSERT INTO workspaces (workspace_id, name) VALUES (?, ?)", id, "Workspace " + id);
    return id;
  }

  /** The DLQs and the sink's input topics with their contract settings (services create them in production). */
  static synchronized void topics() {
    if (topicsCreated) {
      return;
    }
    SharedKafkaBroker.get().createTopics(List.of(Topics.CRM_SINK_DLQ, Topics.VOICE_EVENTS_DLQ, Topics.CRM_ACTIVITIES,
        Topics.LEAD_STATE, Topics.LEAD_ENGAGEMENT).stream().map(t -> new NewTopic(t.name(), 3, (short) 1)
        .configs(t.configs())).toList());
    topicsCreated = true;
  }

  /** A call's activity as stream-app emits it to crm.activities.v1, in the Confluent wire format. */
  static byte[] callActivity(String workspaceId, String leadId, String callId) {
    CallActivity call = CallActivity.newBuilder().setCallId(callId).setLeadId(leadId).setWorkspaceId(workspaceId)
        .setStage(CallStage.COMPLETED).setDurationSeconds(120).setDirection(CallDirection.OUTBOUND)
        .setSummary("Asked for a quote").setLastEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.parse("2026-03-02T15:04:05Z")).build();
    return ACTIVITY_SERIALIZER.serialize(ACTIVITIES, new CrmActivity(call));
  }

  /** Where a dead letter landed. */
  record Parked(int partition, long offset) {
  }

  /** A record crm-sink parked: original key, value and headers plus its error.* headers (and spring-kafka's). */
  static Parked sinkDeadLetter(String key, byte[] value, String reason, Instant parkedAt) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
    headers.add("kafka_dlt-exception-fqcn", "org.springframework.kafka.listener.ListenerExecutionFailedException"
        .getBytes(StandardCharsets.UTF_8));
    header(headers, "error.reason", reason);
    header(headers, "error.message", "Salesforce refused the record: " + reason);
    header(headers, "error.source.topic", ACTIVITIES);
    header(headers, "error.source.partition", "1");
    header(headers, "error.source.offset", "4711");
    header(headers, "error.service", "crm-sink");
    return produce(new ProducerRecord<>(SINK_DLQ, null, parkedAt.toEpochMilli(), bytes(key), value, headers));
  }

  /** A record stream-app dead-lettered: no error.reason, its stage instead. */
  static Parked voiceDeadLetter(String key, byte[] value, String stage, String sourceTopic) {
    return voiceDeadLetter(bytes(key), value, stage, sourceTopic);
  }

  static Parked voiceDeadLetter(byte[] key, byte[] value, String stage, String sourceTopic) {
    RecordHeaders headers = new RecordHeaders();
    header(headers, "error.class", "io.leadstream.stream.topology.InvalidEventException");
    header(headers, "error.message", "record key is not the value's lead");
    header(headers, "error.stage", stage);
    header(headers, "error.source.topic", sourceTopic);
    header(headers, "error.source.partition", "0");
    header(headers, "error.source.offset", "12");
    header(headers, "error.processor", "KSTREAM-SOURCE-0000000000");
    return produce(new ProducerRecord<>(VOICE_DLQ, null, System.currentTimeMillis(), key, value, headers));
  }

  private static Parked produce(ProducerRecord<byte[], byte[]> record) {
    topics();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.get().bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
      RecordMetadata m = producer.send(record).get(30, TimeUnit.SECONDS);
      return new Parked(m.partition(), m.offset());
    } catch (Exception e) {
      throw new IllegalStateException("could not park " + record.topic(), e);
    }
  }

  /** Every record of {@code topic} keyed {@code key}, read from the beginning to the end offsets. */
  static List<ConsumerRecord<byte[], byte[]>> recordsOn(String topic, String key) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.get().bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 20_000;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() != null && Arrays.equals(r.key(), bytes(key))) {
            out.add(r);
          }
        }
      }
      return out;
    }
  }

  /** A row crm-sink keeps for an entity it could not write yet. */
  static void pending(String workspaceId, String entityType, String entityId, String leadId, String reason,
                      Instant retryAt) {
    ApiTestSupport.JDBC.update("""
        INSERT INTO crm_pending (workspace_id, entity_type, entity_id, lead_id, version, topic, record_key,
          record_value, reason, retry_at)
        VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)""", workspaceId, entityType, entityId, leadId, ACTIVITIES,
        workspaceId + "/" + leadId, callActivity(workspaceId, leadId, entityId), reason,
        retryAt == null ? null : Timestamp.from(retryAt));
  }

  /** An open review of one of a lead's entities, as crm-sink logs an ambiguous match. */
  static void ambiguous(String workspaceId, String entityType, String entityId, String leadId, String... candidates) {
    ApiTestSupport.JDBC.update("""
        INSERT INTO sync_log (workspace_id, entity_type, entity_id, lead_id, call_id, status, error_message,
          candidates, review_status, phone_number, email)
        VALUES (?, ?, ?, ?, ?, 'ambiguous', ?, ?, 'open', '+13055550142', 'pat@acme.example')""",
        workspaceId, entityType, entityId, leadId, entityType.equals("call") ? entityId : null,
        candidates.length + " records match by PHONE; needs review", candidates);
  }

  static String pendingReason(String workspaceId, String entityType, String entityId) {
    return ApiTestSupport.JDBC.queryForObject("SELECT reason FROM crm_pending WHERE workspace_id = ? AND entity_type = ?"
        + " AND entity_id = ?", String.class, workspaceId, entityType, entityId);
  }

  /** Whether the row's retry_at has come (crm-sink takes it on its next pass). */
  static boolean due(String workspaceId, String entityType, String entityId) {
    return Boolean.TRUE.equals(ApiTestSupport.JDBC.queryForObject("SELECT retry_at <= now() FROM crm_pending"
        + " WHERE workspace_id = ? AND entity_type = ? AND entity_id = ?", Boolean.class, workspaceId, entityType,
        entityId));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(name, bytes(value));
  }
}
