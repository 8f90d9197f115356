package io.leadstream.stream.engagement;

import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.DecayedSum;
import io.leadstream.stream.Events;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.leadstream.stream.Events.T0;
import static io.leadstream.stream.Events.days;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** SPEC §6 score math: weights, half-lives, caps and floors, in event time. */
class EngagementScorerTest {
    private final Events events = new Events();
    private final EngagementScorer scorer = new EngagementScorer(ScoreWeights.DEFAULTS);

    private Map<String, DecayedSum> ledger(VoiceEvent... log) {
        Map<String, DecayedSum> l = Map.of();
        for (VoiceEvent e : log) {
            l = scorer.record(l, e);
        }
        return l;
    }

    @Test
    void anAnsweredCallIsWorthTenAndFiveMoreWhenLongerThanTwoMinutes() {
        assertThat(scorer.score(ledger(events.answered("l", T0, "c", 120)), T0, false).value()).isEqualTo(10);
        assertThat(scorer.score(ledger(events.answered("l", T0, "c", 121)), T0, false).value()).isEqualTo(15);
    }

    @Test
    void anAnsweredCallLosesHalfItsWeightEveryFourteenDays() {
        Map<String, DecayedSum> l = ledger(events.answered("l", T0, "c", 30));
        assertThat(scorer.score(l, days(14), false).components().get(ScoreGroup.ANSWERED)).isCloseTo(5.0, within(1e-9));
        assertThat(scorer.score(l, days(28), false).components().get(ScoreGroup.ANSWERED)).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void qualificationCountsThreeTenthsOfTheLeadScoreAndTwoPerPainPointUpToSix() {
        Map<String, DecayedSum> l = ledger(events.qualified("l", T0, 90, "a", "b", "c", "d", "e"));
        assertThat(scorer.score(l, T0, false).components().get(ScoreGroup.QUALIFICATION)).isCloseTo(27 + 6, within(1e-9));
    }

    @Test
    void trialMeetingAndUpgradeCarryTheirWeights() {
        assertThat(scorer.score(ledger(events.trial("l", T0, true)), T0, false).value()).isEqualTo(25);
        assertThat(scorer.score(ledger(events.meeting("l", T0, "c", "2026-03-10", "10:00", null)), T0, false).value()).isEqualTo(30);
        assertThat(scorer.score(ledger(events.upgrade("l", T0, true)), T0, false).value()).isEqualTo(20);
        assertThat(scorer.score(ledger(events.upgrade("l", T0, false)), T0, false).components()).isEmpty();
    }

    @Test
    void aDeclinedTrialPullsTheScoreDownButNeverBelowZero() {
        Map<String, DecayedSum> l = ledger(events.answered("l", T0, "c", 30), events.trial("l", T0, false));
        assertThat(scorer.score(l, T0, false).value()).isEqualTo(5);
        assertThat(scorer.score(ledger(events.trial("l", T0, false)), T0, false).value()).isZero();
    }

    @Test
    void unansweredCallsCostTwoEachWithAFloorOfMinusFifteen() {
        List<VoiceEvent> misses = new ArrayList<>();
        misses.add(events.meeting("l", T0, "c", "2026-03-10", "10:00", null));
        for (int i = 0; i < 20; i++) {
            misses.add(events.noAnswer("l", T0, "c" + i, i));
        }
        var score = scorer.score(ledger(misses.toArray(VoiceEvent[]::new)), T0, false);
        assertThat(score.components().get(ScoreGroup.NO_ANSWER)).isEqualTo(-15.0);
        assertThat(score.value()).isEqualTo(15);
    }

    @Test
    void aGroupIsCappedSoRepeatsCannotInflateTheScore() {
        List<VoiceEvent> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(events.answered("l", T0, "c" + i, 300));
        }
        assertThat(scorer.score(ledger(calls.toArray(VoiceEvent[]::new)), T0, false).components().get(ScoreGroup.ANSWERED))
                .isEqualTo(ScoreWeights.DEFAULTS.answeredCap());
    }

    @Test
    void theScoreIsClampedToOneHundred() {
        Map<String, DecayedSum> l = ledger(events.answered("l", T0, "c1", 300), events.answered("l", T0, "c2", 300),
                events.answered("l", T0, "c3", 300), events.qualified("l", T0, 100, "a", "b", "c"), events.trial("l", T0, true),
                events.meeting("l", T0, "c", "2026-03-10", "10:00", null), events.upgrade("l", T0, true));
        assertThat(scorer.score(l, T0, false).value()).isEqualTo(100);
    }

    @Test
    void anOptedOutLeadScoresZero() {
        assertThat(scorer.score(ledger(events.meeting("l", T0, "c", "2026-03-10", "10:00", null)), T0, true).value()).isZero();
    }

    @Test
    void eventsWithoutWeightLeaveTheLedgerAsItWas() {
        Map<String, DecayedSum> l = ledger(events.answered("l", T0, "c", 30));
        assertThat(scorer.record(l, events.placed("l", days(1), "c2"))).isSameAs(l);
    }

    /** Event-time decay makes the score independent of arrival order: a replay or late events give the same score. */
    @Property(tries = 300)
    void theScoreDoesNotDependOnTheOrderEventsArriveIn(@ForAll @Size(min = 1, max = 25) List<@IntRange(min = 0, max = 5) Integer> kinds,
                                                       @ForAll long seed) {
        Events e = new Events();
        Random random = new Random(seed);
        List<VoiceEvent> log = new ArrayList<>();
        for (int kind : kinds) {
            Instant at = T0.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 60)));
            log.add(switch (kind) {
                case 0 -> e.answered("l", at, "c", random.nextInt(400));
                case 1 -> e.noAnswer("l", at, "c", 1);
                case 2 -> e.qualified("l", at, random.nextInt(101), "p");
                case 3 -> e.trial("l", at, random.nextBoolean());
                case 4 -> e.meeting("l", at, "c", "2026-06-01", "10:00", null);
                default -> e.upgrade("l", at, true);
            });
        }
        List<VoiceEvent> shuffled = new ArrayList<>(log);
        Collections.shuffle(shuffled, random);
        Instant at = days(90);

        var inOrder = scorer.score(ledger(log.toArray(VoiceEvent[]::new)), at, false);
        var anyOrder = scorer.score(ledger(shuffled.toArray(VoiceEvent[]::new)), at, false);

        assertThat(anyOrder.components().keySet()).isEqualTo(inOrder.components().keySet());
        inOrder.components().forEach((g, v) -> assertThat(anyOrder.components().get(g)).isCloseTo(v, within(1e-9)));
        assertThat(Math.abs(anyOrder.value() - inOrder.value())).isLessThanOrEqualTo(0);
    }
}
