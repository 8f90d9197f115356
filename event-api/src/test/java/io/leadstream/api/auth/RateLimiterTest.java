package io.leadstream.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void theRateLimitAllowsABurstThenTheSustainedRatePerCaller() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(2, 3, now::get);

    assertThat(List.of(limiter.acquire("a"), limiter.acquire("a"), limiter.acquire("a"))).containsOnly(0L);
    assertThat(limiter.acquire("a")).isEqualTo(1);
    assertThat(limiter.acquire("b")).as("another token has its own bucket").isZero();
    now.addAndGet(500_000_000L);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isPositive();
  }
}
