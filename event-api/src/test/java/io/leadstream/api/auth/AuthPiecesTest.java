package io.leadstream.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthPiecesTest {

  @Test
  void tokensAreKnownByTheirHashAndMapToTheirWorkspace() {
    ApiTokens tokens = ApiTokens.of(Map.of("acme", List.of(ApiTokens.sha256Hex("acme-secret"))), "dev", "default");

    assertThat(tokens.workspaceOf("acme-secret")).contains("acme");
    assertThat(tokens.workspaceOf("dev")).contains("default");
    assertThat(tokens.workspaceOf("acme-secreT")).isEmpty();
    assertThat(tokens.workspaceOf(ApiTokens.sha256Hex("acme-secret"))).as("the hash is not a token").isEmpty();
    assertThat(tokens.workspaceOf(null)).isEmpty();
    assertThatThrownBy(() -> ApiTokens.of(Map.of("x", List.of("abc")), null, "default"))
        .hasMessageContaining("SHA-256");
  }

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
