package io.leadstream.api.repair;

import java.time.Instant;

/**
 * Which dead letters an operator means: of one workspace (the key's workspace), with one reason,
 * parked in [since, until). Each part is optional.
 */
public record DeadLetterFilter(String workspace, String reason, Instant since, Instant until) {

  public boolean matches(DeadLetter d) {
    return (workspace == null || workspace.equals(d.workspace()))
        && (reason == null || reason.equals(d.reason()))
        && (since == null || !d.timestamp().isBefore(since))
        && (until == null || d.timestamp().isBefore(until));
  }
}
