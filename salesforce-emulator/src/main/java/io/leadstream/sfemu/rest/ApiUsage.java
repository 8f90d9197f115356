package io.leadstream.sfemu.rest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The daily API request allowance: each authenticated REST request uses one; once spent, requests
 * get 403 REQUEST_LIMIT_EXCEEDED. Reported in every REST response's Sforce-Limit-Info header.
 * Unlike the real rolling 24 hours, usage only resets through the admin API.
 */
public final class ApiUsage {

  private final AtomicLong used = new AtomicLong();
  private final AtomicLong max;

  public ApiUsage(long max) {
    this.max = new AtomicLong(max);
  }

  /** Uses one request if any remain; false when the limit is spent. */
  public boolean tryUse() {
    long limit = max.get();
    return used.getAndUpdate(u -> u < limit ? u + 1 : u) < limit;
  }

  public long used() {
    return used.get();
  }

  public long max() {
    return max.get();
  }

  public long remaining() {
    return Math.max(0, max.get() - used.get());
  }

  public void exhaust() {
    used.set(max.get());
  }

  public void reset() {
    used.set(0);
  }

  public void setMax(long newMax) {
    max.set(newMax);
  }

  public String header() {
    return "api-usage=" + used.get() + "/" + max.get();
  }
}
