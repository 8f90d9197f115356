package io.leadstream.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class BrokerSelectionTest {

    private static final BooleanSupplier ENGINE_ANSWERS = () -> true;
    private static final BooleanSupplier NO_ENGINE = () -> false;
    private static final BooleanSupplier MUST_NOT_PROBE = () -> {
        throw new AssertionError("Docker must not be probed when the property forces the embedded broker");
    };

    @Test
    void picksEmbeddedWhenNoDockerEngineAnswers() {
        assertThat(BrokerSelection.select(null, NO_ENGINE)).isEqualTo(BrokerKind.EMBEDDED);
        assertThat(BrokerSelection.select(" ", NO_ENGINE)).isEqualTo(BrokerKind.EMBEDDED);
    }

    @Test
    void picksTestcontainersWhenADockerEngineAnswers() {
        assertThat(BrokerSelection.select(null, ENGINE_ANSWERS)).isEqualTo(BrokerKind.TESTCONTAINERS);
    }

    @Test
    void embeddedPropertyForcesTheInProcessBrokerWithoutProbingDocker() {
        assertThat(BrokerSelection.select("embedded", MUST_NOT_PROBE)).isEqualTo(BrokerKind.EMBEDDED);
        assertThat(BrokerSelection.select("EMBEDDED", MUST_NOT_PROBE)).isEqualTo(BrokerKind.EMBEDDED);
    }

    @Test
    void testcontainersPropertyIsHonouredWhenAnEngineAnswers() {
        assertThat(BrokerSelection.select("testcontainers", ENGINE_ANSWERS)).isEqualTo(BrokerKind.TESTCONTAINERS);
    }

    @Test
    void testcontainersPropertyFailsLoudlyWithoutAnEngine() {
        assertThatThrownBy(() -> BrokerSelection.select("testcontainers", NO_ENGINE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Docker engine answers");
    }

    @Test
    void unknownPropertyValueIsRejectedRatherThanGuessed() {
        assertThatThrownBy(() -> BrokerSelection.select("zookeeper", ENGINE_ANSWERS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zookeeper");
    }

    @Test
    void dockerProbeAnswersQuicklyEvenWhenNoDaemonRuns() {
        // Whatever the machine has, the probe must come back, not hang the test JVM.
        Boolean answer = assertTimeoutPreemptively(Duration.ofSeconds(20), DockerProbe::engineAnswers);
        assertThat(answer).isNotNull();
    }
}
