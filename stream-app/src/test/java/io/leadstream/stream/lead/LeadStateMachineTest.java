package io.leadstream.stream.lead;

import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.stream.Events;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.leadstream.stream.Events.days;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §5's status machine, transition by transition. */
class LeadStateMachineTest {
    private final Events events = new Events();
    private final LeadStateMachine machine = new LeadStateMachine(LeadRules.DEFAULTS);

    private LeadState run(VoiceEvent... log) {
        LeadState state = null;
        for (VoiceEvent e : log) {
            state = machine.apply(state, e, 0);
        }
        return state;
    }

    @Test
    void aNewLeadStartsCold() {
        assertThat(run(events.placed("l", days(0), "c")).getStatus()).isEqualTo(LeadStatus.COLD);
    }

    @Test
    void coldBecomesContactedOnTheFirstAnsweredCall() {
        assertThat(run(events.placed("l", days(0), "c"), events.answered("l", days(0), "c", 10)).getStatus()).isEqualTo(LeadStatus.CONTACTED);
    }

    @Test
    void anAcceptedTrialMakesATrialLeadAndADeclinedOneDoesNot() {
        assertThat(run(events.trial("l", days(0), true)).getStatus()).isEqualTo(LeadStatus.TRIAL);
        LeadState declined = run(events.answered("l", days(0), "c", 10), events.trial("l", days(1), false));
        assertThat(declined.getStatus()).isEqualTo(LeadStatus.CONTACTED);
        assertThat(declined.getTrialOffered()).isTrue();
        assertThat(declined.getTrialAccepted()).isFalse();
    }

    @Test
    void anAcceptedUpgradeMakesACustomer() {
        assertThat(run(events.trial("l", days(0), true), events.upgrade("l", days(1), true)).getStatus()).isEqualTo(LeadStatus.CUSTOMER);
    }

    @Test
    void aProfileUpsertSayingCustomerMakesACustomer() {
        assertThat(run(events.placed("l", days(0), "c"), events.status("l", days(1), LeadStatus.CUSTOMER)).getStatus()).isEqualTo(LeadStatus.CUSTOMER);
    }

    @Test
    void aCustomerIsNeverDowngraded() {
        LeadState s = run(events.upgrade("l", days(0), true), events.trial("l", days(1), true), events.status("l", days(2), LeadStatus.COLD));
        assertThat(s.getStatus()).isEqualTo(LeadStatus.CUSTOMER);
    }

    @Test
    void sixConsecutiveNoAnswersMakeALeadUnresponsive() {
        LeadState five = run(events.noAnswer("l", days(1), "c1", 1), events.noAnswer("l", days(2), "c2", 2), events.noAnswer("l", days(3), "c3", 3),
                events.noAnswer("l", days(4), "c4", 4), events.noAnswer("l", days(5), "c5", 5));
        assertThat(five.getStatus()).isEqualTo(LeadStatus.COLD);
        LeadState six = machine.apply(five, events.noAnswer("l", days(6), "c6", 6), 0);
        assertThat(six.getStatus()).isEqualTo(LeadStatus.UNRESPONSIVE);
        assertThat(six.getNoAnswerStreak()).isEqualTo(6);
    }

    @Test
    void noAnswersDoNotMakeUnresponsiveALeadThatAnsweredWithinTheQuietPeriod() {
        LeadState s = run(events.answered("l", days(0), "c0", 10), events.noAnswer("l", days(1), "c1", 1), events.noAnswer("l", days(1.5), "c2", 2),
                events.noAnswer("l", days(2), "c3", 3), events.noAnswer("l", days(2.5), "c4", 4), events.noAnswer("l", days(3), "c5", 5),
                events.noAnswer("l", days(3.5), "c6", 6));
        assertThat(s.getNoAnswerStreak()).isEqualTo(6);
        assertThat(s.getStatus()).isEqualTo(LeadStatus.CONTACTED);
        // ...but the seventh, beyond 14 days of silence, does.
        assertThat(machine.apply(s, events.noAnswer("l", days(15), "c7", 7), 0).getStatus()).isEqualTo(LeadStatus.UNRESPONSIVE);
    }

    @Test
    void anAnsweredCallBringsAnUnresponsiveLeadBack() {
        LeadState unresponsive = LeadState.newBuilder(run(events.placed("l", days(0), "c"))).setStatus(LeadStatus.UNRESPONSIVE).setLastEventAt(days(1)).build();
        LeadState s = machine.apply(unresponsive, events.answered("l", days(2), "c9", 10), 0);
        assertThat(s.getStatus()).isEqualTo(LeadStatus.CONTACTED);
        assertThat(s.getNoAnswerStreak()).isZero();
    }

    @Test
    void aLateAnswerOlderThanTheSilenceDoesNotReviveAnUnresponsiveLead() {
        LeadState unresponsive = LeadState.newBuilder(run(events.placed("l", days(0), "c"))).setStatus(LeadStatus.UNRESPONSIVE).setLastEventAt(days(20)).build();
        assertThat(machine.apply(unresponsive, events.answered("l", days(2), "c9", 10), 0).getStatus()).isEqualTo(LeadStatus.UNRESPONSIVE);
    }

    @Test
    void anyStatusBecomesOptedOutOnAnOptOutRequest() {
        for (VoiceEvent start : List.of(events.placed("l", days(0), "c"), events.trial("l", days(0), true), events.upgrade("l", days(0), true))) {
            LeadState s = run(start, events.optOut("l", days(1)));
            assertThat(s.getStatus()).isEqualTo(LeadStatus.OPTED_OUT);
            assertThat(s.getDoNotCall()).isTrue();
            assertThat(s.getDoNotEmail()).isTrue();
            assertThat(s.getOptOutReason()).isEqualTo("asked to stop");
        }
    }

    @Test
    void optOutIsTerminalEvenForAnUpgradeOrAStatusUpsert() {
        LeadState s = run(events.optOut("l", days(0)), events.upgrade("l", days(1), true), events.status("l", days(2), LeadStatus.CUSTOMER),
                events.answered("l", days(3), "c", 20));
        assertThat(s.getStatus()).isEqualTo(LeadStatus.OPTED_OUT);
        assertThat(s.getUpgradeAccepted()).as("the facts still count").isTrue();
        assertThat(s.getCallsAnswered()).isEqualTo(1);
    }

    @Test
    void clearingDoNotCallDoesNotLiftAnOptOut() {
        LeadState s = run(events.optOut("l", days(0)), events.upsert("l", days(1), LeadUpserted.newBuilder().setDoNotCall(false).build()));
        assertThat(s.getStatus()).isEqualTo(LeadStatus.OPTED_OUT);
        assertThat(s.getDoNotCall()).isTrue();
    }

    @Test
    void writtenConsentLaterThanTheOptOutRestoresTheStatusTheLeadHadEarned() {
        LeadState s = run(events.trial("l", days(0), true), events.optOut("l", days(1)), events.writtenConsent("l", days(2)));
        assertThat(s.getStatus()).isEqualTo(LeadStatus.TRIAL);
        assertThat(s.getDoNotCall()).isFalse();
        assertThat(s.getConsents()).hasSize(1);
    }

    @Test
    void writtenConsentOlderThanTheOptOutLeavesItInPlace() {
        assertThat(run(events.optOut("l", days(2)), events.writtenConsent("l", days(1))).getStatus()).isEqualTo(LeadStatus.OPTED_OUT);
    }

    @Test
    void aConsentCapturedBeforeTheOptOutButSentAfterItLeavesItInPlace() {
        // Captured on day 1, the opt-out on day 2, the consent sent on day 3: only when it was given counts.
        LeadState s = run(events.trial("l", days(0), true), events.optOut("l", days(2)), events.writtenConsent("l", days(3), days(1), null));
        assertThat(s.getStatus()).isEqualTo(LeadStatus.OPTED_OUT);
        assertThat(s.getDoNotCall()).isTrue();
    }

    @Test
    void aConsentIsBoundToTheLeadsPhoneWhenTheEventNamesNone() {
        LeadState s = run(events.profile("l", days(0), "ann@acme.example", "(305) 555-0100", null), events.writtenConsent("l", days(1)));
        assertThat(s.getConsents()).singleElement().satisfies(c -> assertThat(c.getPhone()).isEqualTo("+13055550100"));
    }

    @Test
    void consentsForTwoNumbersAreKeptSideBySide() {
        LeadState s = run(events.profile("l", days(0), "ann@acme.example", "+13055550100", null),
                events.writtenConsent("l", days(1)), events.writtenConsent("l", days(2), days(2), "+13055550199"));
        assertThat(s.getConsents()).extracting(c -> c.getPhone()).containsExactly("+13055550100", "+13055550199");
    }

    @Test
    void aConsentForAnotherNumberDoesNotLiftTheOptOut() {
        LeadState s = run(events.profile("l", days(0), "ann@acme.example", "+13055550100", null), events.optOut("l", days(1)),
                events.writtenConsent("l", days(2), days(2), "+13055550199"));
        assertThat(s.getStatus()).isEqualTo(LeadStatus.OPTED_OUT);
    }

    @Test
    void painPointsAreDeduplicatedAcrossQualificationsAndCalls() {
        LeadState s = run(events.qualified("l", days(0), 50, "slow approvals", "manual contract creation"),
                events.completed("l", days(1), "c", 100), events.qualified("l", days(2), 60, "slow approvals"));
        assertThat(s.getPainPoints()).containsExactly("slow approvals", "manual contract creation");
        assertThat(s.getLastQualificationScore()).isEqualTo(60);
        assertThat(s.getUseCase()).isEqualTo("sales_proposals");
    }

    @Test
    void talkSecondsAlreadyCountedForTheCallAreNotCountedAgain() {
        LeadState answered = machine.apply(null, events.answered("l", days(0), "c", 60), 0);
        LeadState completed = machine.apply(answered, events.completed("l", days(0.01), "c", 200), 60);
        assertThat(completed.getTotalTalkSeconds()).isEqualTo(200);
    }

    @Test
    void lateEventsCountButNeverMoveClocksBackwards() {
        LeadState s = run(events.answered("l", days(5), "c5", 10), events.placed("l", days(1), "c1"));
        assertThat(s.getCallsPlaced()).isEqualTo(1);
        assertThat(s.getLastContactedAt()).isEqualTo(days(5));
        assertThat(s.getLastEventAt()).isEqualTo(days(5));
        assertThat(s.getCreatedAt()).isEqualTo(days(1));
        assertThat(s.getLastCallId()).as("a late call is not the last call").isEqualTo("c5");
        assertThat(s.getVersion()).isEqualTo(2);
    }

    @Test
    void recentEventIdsKeepOnlyTheNewestFew() {
        LeadState s = null;
        for (int i = 0; i < 12; i++) {
            s = machine.apply(s, events.placed("l", days(i), "c" + i), 0);
        }
        assertThat(s.getRecentEventIds()).hasSize(LeadRules.DEFAULTS.recentEventIdsKept());
        assertThat(s.getRecentEventIds().get(s.getRecentEventIds().size() - 1)).isEqualTo("evt-12");
    }

    @Test
    void theQuietPeriodIsConfigurable() {
        LeadStateMachine strict = new LeadStateMachine(new LeadRules(2, Duration.ofDays(1), 8));
        LeadState s = null;
        for (VoiceEvent e : List.of(events.answered("l", days(0), "c0", 5), events.noAnswer("l", days(2), "c1", 1), events.noAnswer("l", days(3), "c2", 2))) {
            s = strict.apply(s, e, 0);
        }
        assertThat(s.getStatus()).isEqualTo(LeadStatus.UNRESPONSIVE);
    }
}
