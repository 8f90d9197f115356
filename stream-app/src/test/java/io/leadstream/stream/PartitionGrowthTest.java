package io.leadstream.stream;

import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.TopicReplication;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.stream.ops.PartitionGrowth;
import io.leadstream.testkit.kafka.EmbeddedKafkaBroker;
import io.leadstream.testkit.registry.SchemaRegistryUrl;
import io.leadstream.testkit.registry.WithSchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's procedure for more partitions: drain and stop stream-app, add partitions to voice.events.v1, re-derive
 * a new application id's state from the old one's compacted changelogs ({@link PartitionGrowth}), start it, keep
 * streaming: every lead's counters equal the whole input, before and after the growth — nothing lost, nothing twice.
 * A broker of its own: the shared one's voice.events.v1 must keep its partition count for the other specs.
 */
@WithSchemaRegistry
class PartitionGrowthTest {
    private static final int BEFORE = 4;
    private static final int AFTER = 8;

    @Test
    void anewApplicationIdOnMorePartitionsCarriesOnFromTheOldState(@SchemaRegistryUrl String registryUrl) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        FailoverLoad load = new FailoverLoad("pg-" + run, 32, 11);
        List<VoiceEvent> log = load.log;
        int half = log.size() / 2;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build()) {
            kafka.start();
            try (Admin admin = kafka.adminClient()) {
                new TopicCreator(admin, BEFORE, Duration.ofSeconds(30)).ensure(Topics.ALL);
            }
            Map<String, String> common = Map.of(
                    "leadstream.kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "leadstream.kafka.schema-registry-url", registryUrl,
                    "leadstream.kafka.partitions", Integer.toString(BEFORE),
                    "leadstream.streams.commit-interval", "200ms",
                    "leadstream.streams.rocks-db-memory-bytes", Long.toString(32L * 1024 * 1024));
            String oldId = "growth-" + run + "-v1";
            String newId = "growth-" + run + "-v2";

            try (KafkaProducer<String, VoiceEvent> producer = FailoverLoad.producer(kafka.bootstrapServers(), registryUrl)) {
                try (StreamAppInstance old = StreamAppInstance.start("old", with(common, oldId))) {
                    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> old.ready() || !old.alive());
                    assertThat(old.alive()).as(old.logTail()).isTrue();
                    FailoverLoad.send(producer, log.subList(0, half));
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                            .untilAsserted(() -> FailoverLoad.assertCounters(old, load.expectedAfter(half)));
                }
                // 1. drained and stopped (above); 2. more partitions for the input; 3. re-derive; 4. start the new id.
                try (Admin admin = kafka.adminClient()) {
                    admin.createPartitions(Map.of(Topics.VOICE_EVENTS.name(), NewPartitions.increaseTo(AFTER))).all().get(30, TimeUnit.SECONDS);
                }
                PartitionGrowth.Result result = PartitionGrowth.run(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        oldId, newId, TopicReplication.Settings.DEFAULTS);
                assertThat(result.partitions()).isEqualTo(AFTER);
                assertThat(result.recordsPerChangelog()).containsKey(newId + "-lead-snapshots-changelog");
                assertThat(result.recordsPerChangelog().get(newId + "-lead-snapshots-changelog")).isEqualTo(load.byLead.size());
                try (Admin admin = kafka.adminClient()) {
                    String changelog = newId + "-lead-snapshots-changelog";
                    assertThat(admin.describeTopics(List.of(changelog)).allTopicNames().get(30, TimeUnit.SECONDS)
                            .get(changelog).partitions()).hasSize(AFTER);
                }

                try (StreamAppInstance grown = StreamAppInstance.start("grown", with(common, newId))) {
                    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> grown.ready() || !grown.alive());
                    assertThat(grown.alive()).as(grown.logTail()).isTrue();
                    // The old state is there before any new event arrives...
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                            .untilAsserted(() -> FailoverLoad.assertCounters(grown, load.expectedAfter(half)));
                    // ...and the rest of the input, now spread over twice the partitions, lands on top of it exactly once.
                    // Producers started after the growth (step 4: event-api restarts): a running one keeps the old
                    // partition count for up to metadata.max.age.ms and would send a lead's events to its old partition.
                    try (KafkaProducer<String, VoiceEvent> restarted = FailoverLoad.producer(kafka.bootstrapServers(), registryUrl)) {
                        FailoverLoad.send(restarted, log.subList(half, log.size()));
                    }
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                            .untilAsserted(() -> FailoverLoad.assertCounters(grown, load.byLead));
                }
            }
        }
    }

    private static Map<String, String> with(Map<String, String> common, String applicationId) {
        Map<String, String> config = new java.util.HashMap<>(common);
        config.put("leadstream.streams.application-id", applicationId);
        return config;
    }
}
