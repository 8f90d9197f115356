package io.leadstream.sink.workspace;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential back-off with jitter: {@code initial · 2^(failures−1)}, capped at {@code max},
 * then a random point in its upper half (so instances retrying the same org spread out, and no wait
 * is much shorter than intended). Resets with the first success (the caller's failure count).
 */
public record Backoff(Duration initial, Duration max, DoubleSupplier random) {
  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("back-off needs 0 < initial <= max: " + initial + ", " + max);
    }
  }

  public static Backoff of(Duration initial, Duration max) {
    return new Backoff(initial, max, Math::random);
  }

  /** The wait after the {@code failures}-th consecutive failure (≥ 1). */
  public Duration after(int failures) {
    long capMillis = max.toMillis();
    long millis = initial.toMillis();
    for (int i = 1; i < failures && millis < capMillis; i++) {
      millis *= 2;
    }
    long upper = Math.min(millis, capMillis);
    long lower = upper / 2;
    return Duration.ofMillis(lower + (long) (random.getAsDouble() * (upper - lower)));
  }
}
