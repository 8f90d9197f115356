package io.leadstream.sfemu.rest;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daily API request allowance: each authenticated REST request uses one; once spent, requests
 * get 403 REQUEST_LIMIT_EXCEEDED ("TotalRequests Limit exceeded."). Reported in every REST response's
 * Sforce-Limit-Info header, which, as in real orgs, can show usage beyond the limit
 * ({@code api-usage=110018/100000}) and, when a connected app name is set, the app's own usage
 * ({@code api-usage=25/5000; per-app-api-usage=17/250(appName=sample-connected-app)}, parts separated by "; ",
 * https://developer.salesforce.com/docs/atlas.en-us.200.0.api_rest.meta/api_rest/headers_api_usage.htm). The
 * per-app quota is reported, not enforced. Unlike the real rolling 24 hours, usage only resets through the
 * admin API.
 */
public final class ApiUsage {

  private final AtomicLong used = new AtomicLong();
  private final AtomicLong max;
  private final AtomicLong appUsed = new AtomicLong();
  private volatile Optional<String> appName;
  private volatile long appMax;

  public ApiUsage(long max) {
    this(max, Optional.empty(), 0);
  }

  public ApiUsage(long max, Optional<String> appName, long appMax) {
    this.max = new AtomicLong(max);
    this.appName = appName;
    this.appMax = appMax;
  }

  /** Uses one request if any remain; false when the limit is spent. */
  public boolean tryUse() {
    long limit = max.get();
    boolean allowed = used.getAndUpdate(u -> u < limit ? u + 1 : u) < limit;
    if (allowed) {
      appUsed.incrementAndGet();
    }
    return allowed;
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
    used.getAndUpdate(u -> Math.max(u, max.get()));
  }

  /** Sets the usage, also beyond the limit (a real org's usage can exceed it before it refuses requests). */
  public void setUsed(long n) {
    used.set(n);
  }

  public void reset() {
    used.set(0);
    appUsed.set(0);
  }

  public void setMax(long newMax) {
    max.set(newMax);
  }

  /** Reports the connected app's usage against {@code limit} in Sforce-Limit-Info from now on; null name: no longer. */
  public void perApp(String name, long limit) {
    appName = Optional.ofNullable(name);
    appMax = limit;
  }

  public String header() {
    String orgPart = "api-usage=" + used.get() + "/" + max.get();
    return appName.map(app -> orgPart + "; per-app-api-usage=" + appUsed.get() + "/" + appMax + "(appName=" + app + ")")
        .orElse(orgPart);
  }
}
