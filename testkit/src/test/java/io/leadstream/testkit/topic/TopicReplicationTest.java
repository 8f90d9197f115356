package io.leadstream.testkit.topic;

import io.leadstream.schemas.topic.TopicReplication;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replication every created topic and Kafka Streams' internal topics get: defaults by cluster size, or configured. */
class TopicReplicationTest {

    @Test
    void defaultsFollowTheClusterSize() {
        TopicReplication.Settings defaults = TopicReplication.Settings.fromEnvironment(Map.<String, String>of()::get);
        assertThat(defaults.resolve(1)).isEqualTo(new TopicReplication((short) 1, 1, 1, false));
        assertThat(defaults.resolve(2)).isEqualTo(new TopicReplication((short) 2, 1, 2, false));
        assertThat(defaults.resolve(3)).isEqualTo(new TopicReplication((short) 3, 2, 3, false));
        assertThat(defaults.resolve(6)).isEqualTo(new TopicReplication((short) 3, 2, 6, false));
    }

    @Test
    void theEnvironmentOverridesEitherValue() {
        TopicReplication configured = TopicReplication.Settings.fromEnvironment(Map.of(
                TopicReplication.FACTOR_VARIABLE, "5", TopicReplication.MIN_INSYNC_VARIABLE, "3")::get).resolve(7);
        assertThat(configured).isEqualTo(new TopicReplication((short) 5, 3, 7, true));
        assertThat(TopicReplication.Settings.fromEnvironment(Map.of(TopicReplication.FACTOR_VARIABLE, "2")::get).resolve(3))
                .isEqualTo(new TopicReplication((short) 2, 1, 3, true));
        assertThat(TopicReplication.Settings.fromEnvironment(Map.of(TopicReplication.FACTOR_VARIABLE, " ")::get).resolve(3))
                .isEqualTo(new TopicReplication((short) 3, 2, 3, false));
    }

    @Test
    void impossibleSettingsStopTheStartNamingTheVariable() {
        assertThatThrownBy(() -> TopicReplication.Settings.fromEnvironment(Map.of(TopicReplication.FACTOR_VARIABLE, "3")::get).resolve(1))
                .hasMessageContaining(TopicReplication.FACTOR_VARIABLE).hasMessageContaining("1 broker");
        assertThatThrownBy(() -> TopicReplication.Settings.fromEnvironment(Map.of(TopicReplication.MIN_INSYNC_VARIABLE, "4")::get).resolve(3))
                .hasMessageContaining(TopicReplication.MIN_INSYNC_VARIABLE);
        assertThatThrownBy(() -> TopicReplication.Settings.fromEnvironment(Map.of(TopicReplication.FACTOR_VARIABLE, "three")::get))
                .hasMessageContaining(TopicReplication.FACTOR_VARIABLE);
    }

    @Test
    void streamsInternalTopicsGetTheSameValues() {
        TopicReplication replication = TopicReplication.Settings.DEFAULTS.resolve(3);
        assertThat(replication.streamsConfig()).containsEntry("replication.factor", 3).containsEntry("topic.min.insync.replicas", "2");
        assertThat(replication.topicConfigs()).containsEntry("min.insync.replicas", "2");
        assertThat(replication.minInsyncFor(1)).isEqualTo(1);
    }
}
