package io.leadstream.stream.lead;

import java.time.Duration;

/**
 * Tunables of the status machine (SPEC §5).
 *
 * @param unresponsiveAfterNoAnswers consecutive unanswered calls that make a lead unresponsive
 * @param unresponsiveQuietPeriod    ... provided no call was answered within this period
 * @param recentEventIdsKept         how many applied eventIds {@code LeadState.recentEventIds} shows
 */
public record LeadRules(int unresponsiveAfterNoAnswers, Duration unresponsiveQuietPeriod, int recentEventIdsKept) {
    public static final LeadRules DEFAULTS = new LeadRules(6, Duration.ofDays(14), 2);
}
