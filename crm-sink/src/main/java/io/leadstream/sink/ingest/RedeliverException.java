package io.leadstream.sink.ingest;

import java.time.Duration;

/** The batch cannot be made durable now: nothing is committed and it comes back after the pause. */
public final class RedeliverException extends RuntimeException {
  private final Duration pause;
  private final boolean throttled;

  public RedeliverException(String reason, Duration pause, boolean throttled, Throwable cause) {
    super(reason, cause);
    this.pause = pause;
    this.throttled = throttled;
  }

  public Duration pause() {
    return pause;
  }

  public boolean throttled() {
    return throttled;
  }
}
