package io.leadstream.stream;

import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.kafka.WithKafka;
import io.leadstream.testkit.registry.SchemaRegistryUrl;
import io.leadstream.testkit.registry.WithSchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

        FailoverLoad load = new FailoverLoad("fo-" + run, LEADS, 42);
        Map<String, List<VoiceEvent>> byLead = load.byLead;
        List<VoiceEvent> log = load.log;

        try (StreamAppInstance a = StreamAppInstance.start("a", config);
             StreamAppInstance b = StreamAppInstance.start("b", config);
             KafkaProducer<String, VoiceEvent> producer = FailoverLoad.producer(kafka.bootstrapServers(), registryUrl)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> a.ready() && b.ready());

            int half = log.size() / 2;
            FailoverLoad.send(producer, log.subList(0, half));

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
            FailoverLoad.send(producer, log.subList(half, quarter));
            a.kill();
            FailoverLoad.send(producer, log.subList(quarter, log.size()));

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(b.alive()).as(b.logTail()).isTrue();
                FailoverLoad.assertCounters(b, byLead);
            });
        }
    }
}
