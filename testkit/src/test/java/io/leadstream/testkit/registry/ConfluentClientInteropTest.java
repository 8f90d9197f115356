package io.leadstream.testkit.registry;

import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroDeserializer;
import io.leadstream.schemas.serde.AvroSerializer;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.testkit.kafka.BootstrapServers;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.node.NodeProject;
import io.leadstream.testkit.samples.SampleVoiceEvents;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An independent Confluent client — kafkajs with {@code @kafkajs/confluent-schema-registry}, which
 * implements the wire format and registry protocol on its own (Node, avsc) — reads and writes our
 * topics through our registry, and our serde reads and writes its records.
 */
@WithSchemaRegistry
class ConfluentClientInteropTest {
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(90);

    /** The event, in avsc's JSON shape: the payload union of records is wrapped, nullable fields are not. */
    private static final String EVENT_FROM_NODE = """
            {"eventId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","eventType":"CALL_COMPLETED","leadId":"lead-node-1",
             "workspaceId":"acme","occurredAt":1772463845123,"receivedAt":1772463845999,
             "campaignId":"campaign_new_lead","agentId":null,"flowId":"flow-1","callId":"rm_node_1",
             "payload":{"io.leadstream.schemas.event.CallCompleted":{
               "durationSeconds":421,"direction":"INBOUND","disposition":"connected","summary":"Asked about pricing",
               "toolCalls":[{"tool":"send_docs","arguments":{"doc":"pricing.pdf"},"succeeded":true}],
               "discoveredSignals":{"useCase":"sales_proposals","teamSize":"10-50","painPoints":["slow approvals"]},
               "recordingUrl":null}}}
            """;

    @Test
    void recordProducedByTheConfluentClientReadsBackEqualThroughOurDeserializer(KafkaBroker kafka, SchemaRegistryClient registry,
                                                                                @SchemaRegistryUrl String registryUrl) {
        String topic = "interop.from-node." + UUID.randomUUID();
        kafka.createTopics(1, topic);
        registry.register(topic + "-value", VoiceEvent.getClassSchema());

        NodeProject.Result result = NodeProject.named("kafka").run("interop.js", List.of("produce"), Map.of(
                "BOOTSTRAP", kafka.bootstrapServers(), "REGISTRY_URL", registryUrl, "TOPIC", topic,
                "EVENT_JSON", EVENT_FROM_NODE), NODE_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isZero();

        List<ConsumerRecord<String, VoiceEvent>> records = consume(kafka.bootstrapServers(), topic, 1,
                new AvroDeserializer<>(SchemaRegistryClient.forUrls(registryUrl), VoiceEvent.class));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).as("keyed by its lead, <workspaceId>/<leadId>").isEqualTo("acme/lead-node-1");
        assertThat(records.get(0).value()).isEqualTo(VoiceEvent.newBuilder()
                .setEventId("7c9e6679-7425-40de-944b-e07fc1f90ae7").setEventType(EventType.CALL_COMPLETED)
                .setLeadId("lead-node-1").setWorkspaceId("acme")
                .setOccurredAt(Instant.ofEpochMilli(1772463845123L)).setReceivedAt(Instant.ofEpochMilli(1772463845999L))
                .setCampaignId("campaign_new_lead").setAgentId(null).setFlowId("flow-1").setCallId("rm_node_1")
                .setPayload(CallCompleted.newBuilder().setDurationSeconds(421).setDirection(CallDirection.INBOUND)
                        .setDisposition("connected").setSummary("Asked about pricing")
                        .setToolCalls(List.of(new ToolCall("send_docs", Map.of("doc", "pricing.pdf"), true)))
                        .setDiscoveredSignals(new DiscoveredSignals("sales_proposals", "10-50", List.of("slow approvals")))
                        .setRecordingUrl(null).build())
                .build());
    }

    @Test
    void recordProducedByOurSerializerIsDecodedByTheConfluentClient(KafkaBroker kafka, @BootstrapServers String bootstrap,
                                                                    @SchemaRegistryUrl String registryUrl) {
        String topic = "interop.to-node." + UUID.randomUUID();
        kafka.createTopics(1, topic);
        VoiceEvent event = SampleVoiceEvents.callCompleted();
        produce(bootstrap, topic, event, new AvroSerializer<>(SchemaRegistryClient.forUrls(registryUrl), true));

        NodeProject.Result result = NodeProject.named("kafka").run("interop.js", List.of("consume"), Map.of(
                "BOOTSTRAP", bootstrap, "REGISTRY_URL", registryUrl, "TOPIC", topic, "EXPECT", "1"), NODE_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isZero();

        JsonNode record = json.readTree(result.stdout()).get(0);
        assertThat(record.path("key").asString()).isEqualTo("acme/lead-123");
        JsonNode value = record.path("value");
        assertThat(value.path("eventId").asString()).isEqualTo(event.getEventId());
        assertThat(value.path("eventType").asString()).isEqualTo("CALL_COMPLETED");
        assertThat(value.path("workspaceId").asString()).isEqualTo(event.getWorkspaceId());
        assertThat(value.path("occurredAt").asLong()).isEqualTo(event.getOccurredAt().toEpochMilli());
        JsonNode completed = value.path("payload").path("io.leadstream.schemas.event.CallCompleted");
        CallCompleted expected = (CallCompleted) event.getPayload();
        assertThat(completed.path("durationSeconds").asInt()).isEqualTo(expected.getDurationSeconds());
        assertThat(completed.path("direction").asString()).isEqualTo(expected.getDirection().name());
        assertThat(completed.path("toolCalls").get(0).path("arguments").path("preferred_date").asString()).isEqualTo("2025-11-01");
        assertThat(completed.path("discoveredSignals").path("painPoints").get(1).asString()).isEqualTo("slow approval process");
    }

    @Test
    void confluentClientRegistersAndResolvesSchemasThroughOurRegistry(SchemaRegistryClient registry, @SchemaRegistryUrl String registryUrl) {
        String subject = "interop.register." + UUID.randomUUID() + "-value";

        NodeProject.Result result = NodeProject.named("kafka").run("interop.js", List.of("register"),
                Map.of("BOOTSTRAP", "unused:9092", "REGISTRY_URL", registryUrl, "SUBJECT", subject), NODE_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isZero();

        JsonNode answer = json.readTree(result.stdout());
        int id = answer.path("id").asInt();
        assertThat(answer.path("againId").asInt()).isEqualTo(id);
        assertThat(answer.path("latestId").asInt()).isEqualTo(id);
        assertThat(answer.path("decoded").path("id").asString()).isEqualTo("ping-1");
        assertThat(registry.versions(subject)).containsExactly(1);
        assertThat(registry.schemaById(id).getFullName()).isEqualTo("io.leadstream.interop.InteropPing");
        assertThat(registry.latest(subject).id()).isEqualTo(id);
    }

    private static void produce(String bootstrap, String topic, VoiceEvent event, AvroSerializer<VoiceEvent> serializer) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, VoiceEvent> producer = new KafkaProducer<>(props, new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, LeadKey.of(event.getWorkspaceId(), event.getLeadId()), event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <V> List<ConsumerRecord<String, V>> consume(String bootstrap, String topic, int count, AvroDeserializer<V> deserializer) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "interop-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
