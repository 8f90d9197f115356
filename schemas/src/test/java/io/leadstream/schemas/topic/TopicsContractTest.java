package io.leadstream.schemas.topic;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic contract says what SPEC §3 says. */
class TopicsContractTest {

    @Test
    void everyTopicNameIsVersionedAndUnique() {
        assertThat(Topics.ALL).extracting(TopicSpec::name).allMatch(n -> n.endsWith(".v1")).doesNotHaveDuplicates();
    }

    @Test
    void fullStateTopicsAreCompactedAndEventTopicsExpire() {
        assertThat(Topics.LEAD_STATE.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact").doesNotContainKey(TopicConfig.RETENTION_MS_CONFIG);
        assertThat(Topics.LEAD_ENGAGEMENT.cleanupPolicy()).isEqualTo(TopicSpec.CleanupPolicy.COMPACT);
        assertThat(Topics.CADENCE_DEFINITIONS.cleanupPolicy()).isEqualTo(TopicSpec.CleanupPolicy.COMPACT);
        assertThat(Topics.COMPLIANCE_DNC.cleanupPolicy()).isEqualTo(TopicSpec.CleanupPolicy.COMPACT);
        assertThat(Topics.VOICE_EVENTS.configs()).containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis()));
        assertThat(Topics.CADENCE_TRIGGERS.retention()).contains(Duration.ofDays(7));
        assertThat(Topics.COMPLIANCE_AUDIT.retention().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofDays(5 * 365));
    }

    @Test
    void partitionsDefaultToTheDeploymentsCountExceptForGlobalTables() {
        assertThat(Topics.VOICE_EVENTS.partitions(12)).isEqualTo(12);
        assertThat(Topics.VOICE_EVENTS.partitions(24)).isEqualTo(24);
        assertThat(Topics.CADENCE_DEFINITIONS.partitions(12)).isEqualTo(1);
    }

    @Test
    void recordTopicsCarryAvroValuesAndDlqsCarryRawBytes() {
        Topics.ALL.forEach(spec -> {
            if (spec.name().contains(".dlq.")) {
                assertThat(spec.valueType()).isEqualTo(byte[].class);
                assertThat(spec.keySerde().getClass()).isEqualTo(Serdes.ByteArray().getClass());
            } else {
                assertThat(SpecificRecord.class).isAssignableFrom(spec.valueType());
                assertThat(spec.keySerde().getClass()).isEqualTo(Serdes.String().getClass());
            }
        });
    }
}
