package io.leadstream.testkit.topic;

import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.TopicSpec;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.kafka.WithKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The topic contract is applied to a real broker idempotently, and drift is repaired or reported. */
@WithKafka
class TopicCreatorTest {

    @Test
    void createsEveryContractTopicWithItsSettingsOnceAndThenDoesNothing(KafkaBroker kafka) throws Exception {
        List<TopicSpec> specs = Topics.ALL.stream().map(TopicCreatorTest::unique).toList();
        try (Admin admin = kafka.adminClient()) {
            TopicCreator creator = new TopicCreator(admin, 3, Duration.ofSeconds(30));

            TopicCreator.Report first = creator.ensure(specs);
            TopicCreator.Report second = creator.ensure(specs);

            assertThat(first.created()).containsExactlyInAnyOrderElementsOf(specs.stream().map(TopicSpec::name).toList());
            assertThat(second.created()).isEmpty();
            assertThat(second.reconfigured()).isEmpty();
            assertThat(second.consistent()).isTrue();

            TopicSpec audit = specs.get(Topics.ALL.indexOf(Topics.COMPLIANCE_AUDIT));
            Config config = config(admin, audit.name());
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
            assertThat(Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value())).isEqualTo(Duration.ofDays(1826).toMillis());
            TopicSpec state = specs.get(Topics.ALL.indexOf(Topics.LEAD_STATE));
            assertThat(config(admin, state.name()).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(state.name())).allTopicNames().get().get(state.name()).partitions()).hasSize(3);
            TopicSpec definitions = specs.get(Topics.ALL.indexOf(Topics.CADENCE_DEFINITIONS));
            assertThat(admin.describeTopics(List.of(definitions.name())).allTopicNames().get().get(definitions.name()).partitions()).hasSize(1);
        }
    }

    @Test
    void configDriftIsRepairedAndPartitionDriftIsReportedNotChanged(KafkaBroker kafka) throws Exception {
        TopicSpec events = unique(Topics.VOICE_EVENTS);
        try (Admin admin = kafka.adminClient()) {
            new TopicCreator(admin, 2, Duration.ofSeconds(30)).ensure(List.of(events));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, events.name());
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "60000"), AlterConfigOp.OpType.SET)))).all().get();
            // Config changes reach the broker's view asynchronously (KRaft metadata): wait for the drift to show.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(config(admin, events.name()).get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("60000"));

            TopicCreator.Report report = new TopicCreator(admin, 4, Duration.ofSeconds(30)).ensure(List.of(events));

            assertThat(report.reconfigured()).containsExactly(events.name());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(config(admin, events.name()).get(TopicConfig.RETENTION_MS_CONFIG).value())
                            .isEqualTo(Long.toString(Duration.ofDays(30).toMillis())));
            assertThat(report.partitionMismatches()).containsKey(events.name());
            assertThat(admin.describeTopics(List.of(events.name())).allTopicNames().get().get(events.name()).partitions()).hasSize(2);
        }
    }

    private static TopicSpec unique(TopicSpec spec) {
        return new TopicSpec(spec.name() + "." + UUID.randomUUID(), spec.keyFormat(), spec.valueType(), spec.cleanupPolicy(),
                spec.retention(), spec.fixedPartitions().or(Optional::empty));
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
