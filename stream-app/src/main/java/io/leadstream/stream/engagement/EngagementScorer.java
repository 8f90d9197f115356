package io.leadstream.stream.engagement;

import io.leadstream.schemas.event.CallAnswered;
import io.leadstream.schemas.event.QualificationResult;
import io.leadstream.schemas.event.TrialSignupOffered;
import io.leadstream.schemas.event.UpgradeOffered;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.DecayedSum;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SPEC §6: {@code S = clamp(0, 100, Σ_groups bound_g(Σ_events w_e · 0.5^(age_e / halfLife_g)))}, with
 * ages in event time relative to the scoring instant, so a replay gives identical scores.
 * <p>
 * Because every event of a group decays with the group's one half-life, the group's sum can be
 * kept as a single value decayed to a reference instant: moving it to another instant multiplies
 * it by {@code 0.5^(Δ / halfLife)}. That keeps the per-lead ledger constant-size however many
 * events a lead has, and lets late events (older than the reference) be added exactly.
 */
public final class EngagementScorer {
    private final ScoreWeights weights;

    public EngagementScorer(ScoreWeights weights) {
        this.weights = weights;
    }

    /** A score with the bounded contribution of each group that has any. */
    public record Score(int value, Map<ScoreGroup, Double> components) {
    }

    /**
     * Adds what {@code event} contributes to the ledger (group label → decayed sum); returns the
     * updated ledger, or the same one when the event carries no score weight.
     */
    public Map<String, DecayedSum> record(Map<String, DecayedSum> ledger, VoiceEvent event) {
        Map<ScoreGroup, Double> contributions = contributions(event);
        if (contributions.isEmpty()) {
            return ledger;
        }
        Map<String, DecayedSum> next = new LinkedHashMap<>(ledger);
        Instant at = event.getOccurredAt();
        contributions.forEach((group, weight) -> {
            DecayedSum current = next.get(group.label);
            if (current == null) {
                next.put(group.label, new DecayedSum(weight, at));
                return;
            }
            // Keep the reference instant at the latest event, so values stay small and readable.
            Instant asOf = current.getAsOf().isAfter(at) ? current.getAsOf() : at;
            double value = decay(current.getValue(), current.getAsOf(), asOf, group) + decay(weight, at, asOf, group);
            next.put(group.label, new DecayedSum(value, asOf));
        });
        return next;
    }

    /** The score at {@code at}; an opted-out lead scores 0 whatever its history. */
    public Score score(Map<String, DecayedSum> ledger, Instant at, boolean optedOut) {
        Map<ScoreGroup, Double> components = new EnumMap<>(ScoreGroup.class);
        double total = 0;
        for (Map.Entry<String, DecayedSum> entry : ledger.entrySet()) {
            ScoreGroup group = ScoreGroup.byLabel(entry.getKey());
            double bounded = group.bound(decay(entry.getValue().getValue(), entry.getValue().getAsOf(), at, group), weights);
            components.put(group, bounded);
            total += bounded;
        }
        int value = optedOut ? 0 : (int) Math.round(Math.max(0, Math.min(100, total)));
        return new Score(value, components);
    }

    private Map<ScoreGroup, Double> contributions(VoiceEvent event) {
        Map<ScoreGroup, Double> c = new EnumMap<>(ScoreGroup.class);
        Object payload = event.getPayload();
        switch (event.getEventType()) {
            case CALL_ANSWERED -> {
                int seconds = ((CallAnswered) payload).getDurationSeconds();
                c.put(ScoreGroup.ANSWERED, weights.answeredCall() + (seconds > weights.longCallSeconds() ? weights.longCallBonus() : 0));
            }
            case CALL_NO_ANSWER -> c.put(ScoreGroup.NO_ANSWER, weights.noAnswer());
            case QUALIFICATION_RESULT -> {
                QualificationResult q = (QualificationResult) payload;
                double painPoints = Math.min(weights.painPointCap(), weights.perPainPoint() * q.getPainPoints().size());
                c.put(ScoreGroup.QUALIFICATION, weights.qualificationPerLeadScorePoint() * q.getLeadScore() + painPoints);
            }
            case TRIAL_SIGNUP_OFFERED -> c.put(ScoreGroup.TRIAL,
                    ((TrialSignupOffered) payload).getAccepted() ? weights.trialAccepted() : weights.trialDeclined());
            case MEETING_BOOKED -> c.put(ScoreGroup.MEETING, weights.meetingBooked());
            case UPGRADE_OFFERED -> {
                if (((UpgradeOffered) payload).getAccepted()) {
                    c.put(ScoreGroup.UPGRADE, weights.upgradeAccepted());
                }
            }
            default -> {
                // no score weight
            }
        }
        return c;
    }

    private double decay(double value, Instant from, Instant to, ScoreGroup group) {
        double halfLifeMillis = group.halfLife(weights).toMillis();
        double ageMillis = Duration.between(from, to).toMillis();
        return value * Math.pow(0.5, ageMillis / halfLifeMillis);
    }
}
