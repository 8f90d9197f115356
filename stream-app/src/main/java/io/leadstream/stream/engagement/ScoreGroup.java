package io.leadstream.stream.engagement;

import java.time.Duration;

/** The groups of SPEC §6, each with its own half-life and cap; names are what lead.engagement.v1 shows. */
public enum ScoreGroup {
    ANSWERED("answered"), NO_ANSWER("no_answer"), QUALIFICATION("qualification"), TRIAL("trial"),
    MEETING("meeting"), UPGRADE("upgrade");

    public final String label;

    ScoreGroup(String label) {
        this.label = label;
    }

    Duration halfLife(ScoreWeights w) {
        return switch (this) {
            case ANSWERED -> w.answeredHalfLife();
            case NO_ANSWER -> w.noAnswerHalfLife();
            case QUALIFICATION -> w.qualificationHalfLife();
            case TRIAL -> w.trialHalfLife();
            case MEETING -> w.meetingHalfLife();
            case UPGRADE -> w.upgradeHalfLife();
        };
    }

    /** Applies the group's cap (and, for no-answers, its floor) to a decayed sum. */
    double bound(double sum, ScoreWeights w) {
        return switch (this) {
            case ANSWERED -> Math.min(w.answeredCap(), sum);
            case NO_ANSWER -> Math.max(w.noAnswerFloor(), Math.min(0, sum));
            case QUALIFICATION -> Math.min(w.qualificationCap(), sum);
            case TRIAL -> Math.min(w.trialCap(), sum);
            case MEETING -> Math.min(w.meetingCap(), sum);
            case UPGRADE -> Math.min(w.upgradeCap(), sum);
        };
    }

    public static ScoreGroup byLabel(String label) {
        for (ScoreGroup g : values()) {
            if (g.label.equals(label)) {
                return g;
            }
        }
        throw new IllegalArgumentException("Unknown score group " + label);
    }
}
