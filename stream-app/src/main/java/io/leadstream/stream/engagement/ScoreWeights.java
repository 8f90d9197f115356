package io.leadstream.stream.engagement;

import java.time.Duration;

/**
 * SPEC §6 weights, caps and half-lives (all configurable). Each group's contribution is the sum of
 * its events' weights, each decayed by {@code 0.5^(age / halfLife)}, then capped (and floored).
 */
public record ScoreWeights(
        double answeredCall, double longCallBonus, int longCallSeconds, Duration answeredHalfLife, double answeredCap,
        double noAnswer, Duration noAnswerHalfLife, double noAnswerFloor,
        double qualificationPerLeadScorePoint, double perPainPoint, double painPointCap, Duration qualificationHalfLife, double qualificationCap,
        double trialAccepted, double trialDeclined, Duration trialHalfLife, double trialCap,
        double meetingBooked, Duration meetingHalfLife, double meetingCap,
        double upgradeAccepted, Duration upgradeHalfLife, double upgradeCap) {

    /** SPEC §6 defaults; the caps the spec leaves open allow a few repeats of a group's event. */
    public static final ScoreWeights DEFAULTS = new ScoreWeights(
            10, 5, 120, Duration.ofDays(14), 40,
            -2, Duration.ofDays(7), -15,
            0.3, 2, 6, Duration.ofDays(30), 36,
            25, -5, Duration.ofDays(30), 25,
            30, Duration.ofDays(30), 30,
            20, Duration.ofDays(30), 20);
}
