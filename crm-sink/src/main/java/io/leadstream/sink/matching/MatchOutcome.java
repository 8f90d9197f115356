package io.leadstream.sink.matching;

import java.util.List;

/** The result of matching one lead: exactly one target, several (a human decides), or none. */
public record MatchOutcome(Kind kind, Target target, MatchStrategy strategy, List<Target> candidates) {
  public enum Kind { MATCHED, AMBIGUOUS, NOT_FOUND }

  public static MatchOutcome matched(Target target, MatchStrategy by) {
    return new MatchOutcome(Kind.MATCHED, target, by, List.of(target));
  }

  public static MatchOutcome ambiguous(List<Target> candidates, MatchStrategy by) {
    return new MatchOutcome(Kind.AMBIGUOUS, null, by, List.copyOf(candidates));
  }

  public static MatchOutcome notFound() {
    return new MatchOutcome(Kind.NOT_FOUND, null, null, List.of());
  }

  public boolean matched() {
    return kind == Kind.MATCHED;
  }
}
