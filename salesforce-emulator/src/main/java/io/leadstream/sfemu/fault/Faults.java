package io.leadstream.sfemu.fault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injected faults. Counters are consumed one per affected request or record, so "the next N"
 * means exactly N, however requests interleave. Outages can also last a time instead of a request
 * count, as real ones do: "the next n seconds" of wall-clock time, measured on the emulator's clock.
 */
public final class Faults {

  /** Both ways a fault can be pending: a number of requests, and a wall-clock window. */
  private static final class Burst {
    private final AtomicInteger count = new AtomicInteger();
    private volatile Instant until = Instant.EPOCH;

    boolean take(Instant now) {
      return now.isBefore(until) || count.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    void clear() {
      count.set(0);
      until = Instant.EPOCH;
    }
  }

  private final Clock clock;
  private final Duration configuredSoslIndexLag;
  private final Burst serverUnavailable = new Burst();
  private final Burst requestLimitExceeded = new Burst();
  private final Burst htmlError = new Burst();
  private volatile int htmlErrorStatus = 503;
  private final AtomicInteger rowLocks = new AtomicInteger();
  private final AtomicLong latencyMillis = new AtomicLong();
  private volatile Duration soslIndexLag;

  public Faults() {
    this(Clock.systemUTC(), Duration.ZERO);
  }

  /** {@code soslIndexLag} is the configured lag, which {@link #clear()} restores. */
  public Faults(Clock clock, Duration soslIndexLag) {
    this.clock = clock;
    this.configuredSoslIndexLag = soslIndexLag;
    this.soslIndexLag = soslIndexLag;
  }

  /** The next {@code count} REST requests answer 503 SERVER_UNAVAILABLE. */
  public void serverUnavailableFor(int count) {
    serverUnavailable.count.set(count);
  }

  /** REST requests answer 503 SERVER_UNAVAILABLE for the next {@code window} of wall-clock time. */
  public void serverUnavailableDuring(Duration window) {
    serverUnavailable.until = clock.instant().plus(window);
  }

  /** The next {@code count} authenticated REST requests answer 403 REQUEST_LIMIT_EXCEEDED. */
  public void requestLimitExceededFor(int count) {
    requestLimitExceeded.count.set(count);
  }

  /** Authenticated REST requests answer 403 REQUEST_LIMIT_EXCEEDED for the next {@code window}. */
  public void requestLimitExceededDuring(Duration window) {
    requestLimitExceeded.until = clock.instant().plus(window);
  }

  /**
   * The next {@code count} requests to the Salesforce listener (REST and OAuth alike) get an HTML page with
   * {@code status} (502 or 503) from "the edge", not a JSON body.
   */
  public void htmlErrorFor(int status, int count) {
    htmlErrorStatus = status;
    htmlError.count.set(count);
  }

  /** As {@link #htmlErrorFor}, for the next {@code window} of wall-clock time. */
  public void htmlErrorDuring(int status, Duration window) {
    htmlErrorStatus = status;
    htmlError.until = clock.instant().plus(window);
  }

  /** The next {@code count} record writes fail with UNABLE_TO_LOCK_ROW. */
  public void unableToLockRowFor(int count) {
    rowLocks.set(count);
  }

  /** Delay added before every Salesforce (REST and OAuth) response. */
  public void latency(Duration latency) {
    latencyMillis.set(latency.toMillis());
  }

  /** Records created less than {@code lag} ago are not found by SOSL yet. */
  public void soslIndexLag(Duration lag) {
    soslIndexLag = lag;
  }

  public boolean takeServerUnavailable() {
    return serverUnavailable.take(clock.instant());
  }

  public boolean takeRequestLimitExceeded() {
    return requestLimitExceeded.take(clock.instant());
  }

  /** The status of the HTML error page this request gets, if one is pending. */
  public Optional<Integer> takeHtmlError() {
    return htmlError.take(clock.instant()) ? Optional.of(htmlErrorStatus) : Optional.empty();
  }

  public boolean takeRowLock() {
    return rowLocks.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  public Duration latency() {
    return Duration.ofMillis(latencyMillis.get());
  }

  public Duration soslIndexLag() {
    return soslIndexLag;
  }

  public int pendingServerUnavailable() {
    return serverUnavailable.count.get();
  }

  public int pendingRowLocks() {
    return rowLocks.get();
  }

  /** Clears every fault; the SOSL index lag goes back to its configured value. */
  public void clear() {
    serverUnavailable.clear();
    requestLimitExceeded.clear();
    htmlError.clear();
    rowLocks.set(0);
    latencyMillis.set(0);
    soslIndexLag = configuredSoslIndexLag;
  }
}
