package io.leadstream.stream.topology;

import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.cadence.TriggerAction;
import io.leadstream.schemas.compliance.Decision;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.DncSource;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.event.CadenceEnrolled;
import io.leadstream.schemas.event.CallPlaced;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.stream.Events;
import io.leadstream.stream.cadence.CadenceDefinitions;
import io.leadstream.stream.compliance.ComplianceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §7 "Fail closed" through the topology, one behaviour per spec: timers wait for their input, a released DUE
 * expires ({@code notAfter}) and is cancelled by a later opt-out, an opt-out puts the number on the workspace's
 * internal DNC list and holds for every lead with it, calls placed by another dialer count in the number's caps.
 */
class FailClosedTopologyTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** Tuesday 2026-03-03, 14:00 in New York: inside every calling window. */
    private static final Instant TUESDAY_2PM = ZonedDateTime.of(2026, 3, 3, 14, 0, 0, 0, NEW_YORK).toInstant();
    /** Tuesday 2026-03-03, 20:55 in New York: five minutes before the federal window closes. */
    private static final Instant TUESDAY_8_55PM = ZonedDateTime.of(2026, 3, 3, 20, 55, 0, 0, NEW_YORK).toInstant();
    private static final String SHARED = "+12125550142";

    private final Events events = new Events();
    private TopologyHarness app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private void start(Instant wallClock) {
        app = new TopologyHarness(LeadTopology.Settings.DEFAULTS, wallClock);
        CadenceDefinitions.loadDefault().forEach((id, definition) -> app.definitions.pipeInput(id, definition, wallClock));
    }

    /** A New York lead with written consent for {@code phone}, enrolled in new-lead-outbound from {@code startAt}. */
    private void enrolledLead(String lead, String phone, Instant now, Instant startAt) {
        app.send(events.upsert(lead, now.minusSeconds(60), LeadUpserted.newBuilder().setEmail(lead + "@acme.example").setPhone(phone)
                        .setTimeZone("America/New_York").setState("NY").build()),
                events.writtenConsent(lead, now.minusSeconds(30)),
                events.of(EventType.CADENCE_ENROLLED, lead, now, null, new CadenceEnrolled("new-lead-outbound", startAt)));
    }

    private List<CadenceTrigger> triggers(TriggerAction action) {
        return app.triggers.readValuesToList().stream().filter(t -> t.getAction() == action).toList();
    }

    @Test
    void aTimerDueBeforeTheInputIsProcessedUpToItWaitsAndFiresOnceTheInputCatchesUp() {
        start(TUESDAY_2PM);
        app.watermark.set(TUESDAY_2PM.minusSeconds(1).toEpochMilli()); // a backlog appended from 13:59:59 on is unprocessed
        enrolledLead("lead-1", SHARED, TUESDAY_2PM, TUESDAY_2PM);

        app.driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(app.triggers.isEmpty()).as("no DUE ahead of the input").isTrue();

        app.watermark.set(TUESDAY_2PM.plus(Duration.ofMinutes(5)).toEpochMilli());
        app.driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(triggers(TriggerAction.DUE)).extracting(CadenceTrigger::getLeadId).containsExactly("lead-1");
    }

    @Test
    void nothingIsReleasedWhileTheWatermarkIsUnknown() {
        start(TUESDAY_2PM);
        app.watermark.set(InputWatermark.UNKNOWN); // just (re)started: the backlog's extent is not known yet
        enrolledLead("lead-1", SHARED, TUESDAY_2PM, TUESDAY_2PM);

        app.driver.advanceWallClockTime(Duration.ofHours(1));

        assertThat(app.triggers.isEmpty()).isTrue();
    }

    @Test
    void anOptOutInTheBacklogIsAppliedBeforeTheOverdueTimerOfItsLeadSoNoCallIsReleased() {
        start(TUESDAY_2PM);
        enrolledLead("lead-1", SHARED, TUESDAY_2PM, TUESDAY_2PM.plus(Duration.ofMinutes(10)));
        // Down (or lagging) from 14:05: the opt-out appended at 14:06 is not processed when the timer comes due at 14:10.
        app.watermark.set(TUESDAY_2PM.plus(Duration.ofMinutes(5)).toEpochMilli());
        app.driver.advanceWallClockTime(Duration.ofMinutes(15));
        assertThat(app.triggers.isEmpty()).isTrue();

        app.send(events.optOut("lead-1", TUESDAY_2PM.plus(Duration.ofMinutes(6))));
        app.watermark.set(TUESDAY_2PM.plus(Duration.ofMinutes(15)).toEpochMilli());
        app.driver.advanceWallClockTime(Duration.ofMinutes(5));

        List<CadenceTrigger> out = app.triggers.readValuesToList();
        assertThat(out).extracting(CadenceTrigger::getAction).containsExactly(TriggerAction.CANCELLED);
    }

    @Test
    void aReleasedCallExpiresFifteenMinutesAfterRelease() {
        start(TUESDAY_2PM);
        enrolledLead("lead-1", SHARED, TUESDAY_2PM, TUESDAY_2PM);

        app.driver.advanceWallClockTime(Duration.ofSeconds(2));

        CadenceTrigger due = triggers(TriggerAction.DUE).get(0);
        assertThat(due.getNotAfter()).isEqualTo(due.getDueAt().plus(ComplianceConfig.DEFAULT_TRIGGER_VALIDITY));
    }

    @Test
    void aCallReleasedJustBeforeTheWindowClosesExpiresWhenItCloses() {
        Instant enrolledAt = TUESDAY_8_55PM.minus(Duration.ofMinutes(5));
        start(enrolledAt);
        // inbound-callback calls back 5 minutes after enrollment, in a step window 08:00-21:00.
        app.send(events.upsert("lead-1", enrolledAt.minusSeconds(60), LeadUpserted.newBuilder().setPhone(SHARED)
                        .setTimeZone("America/New_York").setState("NY").build()),
                events.writtenConsent("lead-1", enrolledAt.minusSeconds(30)),
                events.enrolled("lead-1", enrolledAt, "inbound-callback"));

        app.driver.advanceWallClockTime(Duration.ofMinutes(5).plusSeconds(2));

        CadenceTrigger due = triggers(TriggerAction.DUE).get(0);
        assertThat(due.getNotAfter()).as("21:00 New York, the end of the federal window")
                .isEqualTo(ZonedDateTime.of(2026, 3, 3, 21, 0, 0, 0, NEW_YORK).toInstant());
    }

    @Test
    void anOptOutAfterTheCallWasReleasedCancelsTheDueTheDialerHolds() {
        start(TUESDAY_2PM);
        enrolledLead("lead-1", SHARED, TUESDAY_2PM, TUESDAY_2PM);
        app.driver.advanceWallClockTime(Duration.ofSeconds(2));
        CadenceTrigger due = triggers(TriggerAction.DUE).get(0);

        app.send(events.optOut("lead-1", TUESDAY_2PM.plusSeconds(60)));

        assertThat(triggers(TriggerAction.CANCELLED)).extracting(CadenceTrigger::getTriggerId).contains(due.getTriggerId());
        assertThat(app.audit.readValuesToList()).anyMatch(a -> a.getDecision() == Decision.CANCEL
                && due.getTriggerId().equals(a.getTriggerId()) && a.getRule() == GateRule.OPTED_OUT);
    }

    @Test
    void anOptOutPutsTheNumberOnTheWorkspacesInternalDncList() {
        start(TUESDAY_2PM);
        enrolledLead("lead-1", SHARED, TUESDAY_2PM, TUESDAY_2PM.plus(Duration.ofHours(1)));

        app.send(events.optOut("lead-1", TUESDAY_2PM.plusSeconds(10)));

        Map<String, DncEntry> written = app.dncWritten.readKeyValuesToMap();
        assertThat(written).containsOnlyKeys("acme/" + SHARED);
        assertThat(written.get("acme/" + SHARED).getSource()).isEqualTo(DncSource.INTERNAL);
    }

    @Test
    void aNumberThatOptedOutAsOneLeadIsNotCalledAsAnother() {
        start(TUESDAY_2PM);
        enrolledLead("lead-1", SHARED, TUESDAY_2PM, TUESDAY_2PM.plus(Duration.ofHours(1)));
        enrolledLead("lead-2", SHARED, TUESDAY_2PM, TUESDAY_2PM.plus(Duration.ofHours(1))); // a duplicate record, a re-import
        app.send(events.optOut("lead-1", TUESDAY_2PM.plusSeconds(10)));
        app.triggers.readValuesToList();
        app.audit.readValuesToList();

        app.driver.advanceWallClockTime(Duration.ofHours(2));

        assertThat(app.triggers.readValuesToList()).noneMatch(t -> t.getAction() == TriggerAction.DUE && t.getChannel() == io.leadstream.schemas.common.Channel.CALL);
        assertThat(app.audit.readValuesToList()).anyMatch(a -> "lead-2".equals(a.getLeadId()) && a.getDecision() == Decision.CANCEL
                && a.getRule() == GateRule.INTERNAL_DNC);
    }

    @Test
    void callsPlacedToTheNumberByAnotherDialerCountInItsCaps() {
        start(TUESDAY_2PM);
        // Three calls within the last hours to the shared number, by another dialer, on another lead's record.
        for (int i = 1; i <= 3; i++) {
            app.send(events.of(EventType.CALL_PLACED, "lead-2", TUESDAY_2PM.minus(Duration.ofHours(i)), "manual-" + i, new CallPlaced(SHARED, null)));
        }
        enrolledLead("lead-1", SHARED, TUESDAY_2PM, TUESDAY_2PM);

        app.driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(app.triggers.readValuesToList()).noneMatch(t -> t.getAction() == TriggerAction.DUE);
        List<GateDecision> audit = app.audit.readValuesToList();
        assertThat(audit).anyMatch(a -> "lead-1".equals(a.getLeadId()) && a.getDecision() == Decision.DEFER
                && a.getRule() == GateRule.FREQUENCY_CAP_24H && a.getPhone().equals(SHARED));
    }
}
