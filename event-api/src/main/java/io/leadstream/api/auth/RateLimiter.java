package io.leadstream.api.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per caller: {@code burst} requests at once, refilled at {@code perSecond}. */
public final class RateLimiter {
  private final double perSecond;
  private final int burst;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }
  }

  public RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
    this.nanoTime = nanoTime;
  }

  public boolean enabled() {
    return perSecond > 0;
  }

  /** 0 when the request may proceed, otherwise the seconds until it may (at least 1). */
  public long acquire(String caller) {
    if (!enabled()) {
      return 0;
    }
    long now = nanoTime.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(caller, k -> new Bucket(burst, now));
    synchronized (bucket) {
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) / 1e9 * perSecond);
      bucket.updatedNanos = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
    }
  }
}
