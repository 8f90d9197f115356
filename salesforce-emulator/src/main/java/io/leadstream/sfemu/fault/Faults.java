package io.leadstream.sfemu.fault;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injected faults. Counters are consumed one per affected request or record, so "the next N"
 * means exactly N, however requests interleave.
 */
public final class Faults {

  private final AtomicInteger serverUnavailable = new AtomicInteger();
  private final AtomicInteger rowLocks = new AtomicInteger();
  private final AtomicLong latencyMillis = new AtomicLong();

  /** The next {@code count} REST requests answer 503 SERVER_UNAVAILABLE. */
  public void serverUnavailableFor(int count) {
    serverUnavailable.set(count);
  }

  /** The next {@code count} record writes fail with UNABLE_TO_LOCK_ROW. */
  public void unableToLockRowFor(int count) {
    rowLocks.set(count);
  }

  /** Delay added before every Salesforce (REST and OAuth) response. */
  public void latency(Duration latency) {
    latencyMillis.set(latency.toMillis());
  }

  public boolean takeServerUnavailable() {
    return take(serverUnavailable);
  }

  public boolean takeRowLock() {
    return take(rowLocks);
  }

  public Duration latency() {
    return Duration.ofMillis(latencyMillis.get());
  }

  public int pendingServerUnavailable() {
    return serverUnavailable.get();
  }

  public int pendingRowLocks() {
    return rowLocks.get();
  }

  public void clear() {
    serverUnavailable.set(0);
    rowLocks.set(0);
    latencyMillis.set(0);
  }

  private static boolean take(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }
}
