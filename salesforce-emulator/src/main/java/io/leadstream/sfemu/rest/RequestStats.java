package io.leadstream.sfemu.rest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests received per operation (e.g. {@code query}, {@code sobject.create},
 * {@code collections.upsert}, {@code oauth.token}), counted whatever the outcome, so tests and the
 * bench can count Salesforce round trips.
 */
public final class RequestStats {

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  public void record(String operation) {
    counts.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
  }

  public long count(String operation) {
    AtomicLong c = counts.get(operation);
    return c == null ? 0 : c.get();
  }

  /** All requests to the REST API (/services/data). */
  public long restTotal() {
    return counts.entrySet().stream().filter(e -> !e.getKey().startsWith("oauth."))
        .mapToLong(e -> e.getValue().get()).sum();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public void reset() {
    counts.clear();
  }
}
