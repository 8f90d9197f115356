package io.leadstream.sink.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ApiBudgetTest {
  private final ApiBudget budget = new ApiBudget(0.20, Duration.ofMinutes(1),
      Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void keepsTwentyPercentOfTheDailyLimitForOtherIntegrations() {
    budget.observe(7_999, 10_000);
    assertThat(budget.allowance()).isEqualTo(8_000);
    assertThat(budget.remaining()).isEqualTo(1);
    assertThat(budget.exhausted()).isFalse();

    budget.observe(8_000, 10_000);
    assertThat(budget.exhausted()).isTrue();
  }

  @Test
  void anUnknownLimitNeverThrottles() {
    assertThat(budget.exhausted()).isFalse();
    assertThat(budget.remaining()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void usageGoingDownEndsTheExhaustion() {
    budget.limitExceeded();
    assertThat(budget.exhausted()).isTrue();
    budget.observe(10, 10_000);
    assertThat(budget.exhausted()).isFalse();
  }

  @Test
  void probesAtMostOncePerInterval() {
    assertThat(budget.probeDue()).isTrue();
    assertThat(budget.probeDue()).isFalse();
  }
}
