package io.leadstream.sink.ingest;

import java.time.Duration;

/**
 * The batch cannot be made durable now because the system is down (PostgreSQL, the broker, the schema
 * registry — never one workspace's CRM): nothing is committed and it comes back after the pause.
 */
public final class RedeliverException extends RuntimeException {
  private final Duration pause;

  public RedeliverException(String reason, Duration pause, Throwable cause) {
    super(reason, cause);
    this.pause = pause;
  }

  public Duration pause() {
    return pause;
  }
}
