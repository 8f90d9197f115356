package io.leadstream.sink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NackPollTimeoutTest {

  @Test
  void isAQuarterOfThePauseButNeverBelow100Ms() {
    assertThat(SinkConfiguration.nackPollTimeout(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(1250));
    assertThat(SinkConfiguration.nackPollTimeout(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(125));
    assertThat(SinkConfiguration.nackPollTimeout(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(100));
    assertThat(SinkConfiguration.nackPollTimeout(Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
  }
}
