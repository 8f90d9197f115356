package io.leadstream.stream;

import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerializer;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.kafka.WithKafka;
import io.leadstream.testkit.registry.SchemaRegistryUrl;
import io.leadstream.testkit.registry.WithSchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two stream-app instances share a 12-partition input and answer queries for every lead; when one
 * is killed with SIGKILL mid-stream, the other takes over its partitions and the final per-lead
 * counts equal the input exactly: nothing lost, nothing counted twice (exactly_once_v2).
 */
@WithKafka
@WithSchemaRegistry
class TwoInstanceFailoverTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LEADS = 60;

    @Test
    void theSurvivorTakesOverAKilledInstanceWithExactCounts(KafkaBroker kafka, @SchemaRegistryUrl String registryUrl) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = kafka.adminClient()) {
            new TopicCreator(admin, 12, Duration.ofSeconds(30)).ensure(Topics.ALL);
        }
        Map<String, String> config = Map.of(
                "leadstream.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "leadstream.kafka.schema-registry-url", registryUrl,
                "leadstream.streams.application-id", "failover-" + run,
                "leadstream.streams.commit-interval", "200ms",
                "leadstream.streams.rocks-db-memory-bytes", Long.toString(32L * 1024 * 1024),
                // A killed member must be noticed in seconds, not the 45 s default.
                "leadstream.streams.config.consumer.session.timeout.ms", "6000",
                "leadstream.streams.config.consumer.heartbeat.interval.ms", "1000");

        Random random = new Random(42);
        Events events = new Events();
        Instant base = Instant.now().minus(Duration.ofHours(2));
        Map<String, List<VoiceEvent>> byLead = new HashMap<>();
        List<VoiceEvent> log = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            String lead = "fo-" + run + "-" + i;
            Instant at = base.plusSeconds(i);
            List<VoiceEvent> own = new ArrayList<>();
            int calls = 4 + random.nextInt(8);
            for (int c = 0; c < calls; c++) {
                String callId = lead + "-call-" + c;
                at = at.plusSeconds(60);
                own.add(events.placed(lead, at, callId));
                own.add(random.nextBoolean() ? events.answered(lead, at.plusSeconds(10), callId, 30 + random.nextInt(300))
                        : events.noAnswer(lead, at.plusSeconds(10), callId, c + 1));
            }
            byLead.put(lead, own);
        }
        // Interleave leads, keeping each lead's order: the partition order the producer guarantees.
        for (int round = 0; ; round++) {
            boolean any = false;
            for (List<VoiceEvent> own : byLead.values()) {
                if (round < own.size()) {
                    log.add(own.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }

        try (StreamAppInstance a = StreamAppInstance.start("a", config);
             StreamAppInstance b = StreamAppInstance.start("b", config);
             KafkaProducer<String, VoiceEvent> producer = producer(kafka, registryUrl)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> a.ready() && b.ready());

            int half = log.size() / 2;
            send(producer, log.subList(0, half));

            // Both instances answer for every lead: from their own store or by asking the owner with the caller's credential.
            List<String> sample = new ArrayList<>(byLead.keySet()).subList(0, 12);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (String lead : sample) {
                    HttpResponse<String> fromA = a.get("/state/leads/" + lead, Events.WORKSPACE);
                    HttpResponse<String> fromB = b.get("/state/leads/" + lead, Events.WORKSPACE);
                    assertThat(fromA.statusCode()).as("A for %s: %s", lead, fromA.body()).isEqualTo(200);
                    assertThat(fromB.statusCode()).as("B for %s: %s", lead, fromB.body()).isEqualTo(200);
                    assertThat(JSON.readTree(fromA.body())).isEqualTo(JSON.readTree(fromB.body()));
                    assertThat(JSON.readTree(fromA.body()).path("leadId").asString()).isEqualTo(lead);
                    assertThat(a.get("/state/leads/" + lead, "globex").statusCode()).as("another workspace asking A for %s", lead).isEqualTo(404);
                    assertThat(b.get("/state/leads/" + lead, "globex").statusCode()).as("another workspace asking B for %s", lead).isEqualTo(404);
                }
            });

            // Kill A while the second half is streaming in.
            int quarter = half + (log.size() - half) / 3;
            send(producer, log.subList(half, quarter));
            a.kill();
            send(producer, log.subList(quarter, log.size()));

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(b.alive()).as(b.logTail()).isTrue();
                for (Map.Entry<String, List<VoiceEvent>> lead : byLead.entrySet()) {
                    HttpResponse<String> answer = b.get("/state/leads/" + lead.getKey(), Events.WORKSPACE);
                    assertThat(answer.statusCode()).as("%s: %s", lead.getKey(), answer.body()).isEqualTo(200);
                    JsonNode state = JSON.readTree(answer.body());
                    List<VoiceEvent> sent = lead.getValue();
                    assertThat(state.path("version").asLong()).as("events applied to %s", lead.getKey()).isEqualTo(sent.size());
                    assertThat(state.path("callsPlaced").asLong()).isEqualTo(count(sent, EventType.CALL_PLACED));
                    assertThat(state.path("callsAnswered").asLong()).isEqualTo(count(sent, EventType.CALL_ANSWERED));
                }
            });
        }
    }

    private static long count(List<VoiceEvent> events, EventType type) {
        return events.stream().filter(e -> e.getEventType() == type).count();
    }

    private static void send(KafkaProducer<String, VoiceEvent> producer, List<VoiceEvent> batch) {
        for (VoiceEvent e : batch) {
            producer.send(new ProducerRecord<>(Topics.VOICE_EVENTS.name(), LeadKey.of(e.getWorkspaceId(), e.getLeadId()), e));
        }
        producer.flush();
    }

    private static KafkaProducer<String, VoiceEvent> producer(KafkaBroker kafka, String registryUrl) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<>(SchemaRegistryClient.forUrls(registryUrl), true));
    }
}
