package io.leadstream.sink.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The daily API allowance of one org as Salesforce reports it ({@code api-usage=used/max}), with
 * headroom kept free for the org's other integrations (default 20 %). When usage reaches the
 * allowance the sink pauses consumption (slows down) instead of failing requests; it learns that the
 * usage went down again from the next response it sees, probing at most once per probe interval.
 */
public final class ApiBudget {
  private final double headroom;
  private final Duration probeInterval;
  private final Clock clock;
  private long used = -1;
  private long max = -1;
  private Instant exhaustedSince;
  private Instant lastProbe = Instant.EPOCH;

  public ApiBudget(double headroom, Duration probeInterval, Clock clock) {
    if (headroom < 0 || headroom >= 1) {
      throw new IllegalArgumentException("headroom must be in [0, 1): " + headroom);
    }
    this.headroom = headroom;
    this.probeInterval = probeInterval;
    this.clock = clock;
  }

  /** Records what a response header said. */
  public synchronized void observe(long usedNow, long maxNow) {
    used = usedNow;
    max = maxNow;
    if (usedNow < allowance()) {
      exhaustedSince = null;
    } else if (exhaustedSince == null) {
      exhaustedSince = clock.instant();
    }
  }

  /** Salesforce refused a request for the daily limit. */
  public synchronized void limitExceeded() {
    if (max > 0) {
      used = max;
    }
    if (exhaustedSince == null) {
      exhaustedSince = clock.instant();
    }
  }

  /** Requests this sink may still make before touching the reserved headroom; unknown = unlimited. */
  public synchronized long remaining() {
    return max < 0 ? Long.MAX_VALUE : Math.max(0, allowance() - used);
  }

  /** The part of the daily limit the sink may use. */
  public synchronized long allowance() {
    return max < 0 ? Long.MAX_VALUE : (long) Math.floor(max * (1 - headroom));
  }

  public synchronized boolean exhausted() {
    return exhaustedSince != null;
  }

  /**
   * Whether a paused sink should spend one request to learn the current usage now (at most once per
   * probe interval while exhausted).
   */
  public synchronized boolean probeDue() {
    Instant now = clock.instant();
    if (!now.isBefore(lastProbe.plus(probeInterval))) {
      lastProbe = now;
      return true;
    }
    return false;
  }

  public synchronized long used() {
    return used;
  }

  public synchronized long max() {
    return max;
  }

  public double headroom() {
    return headroom;
  }
}
