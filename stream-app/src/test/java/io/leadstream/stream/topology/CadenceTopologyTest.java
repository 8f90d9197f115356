package io.leadstream.stream.topology;

import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.cadence.TriggerAction;
import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.compliance.Decision;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.DncSource;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.stream.Events;
import io.leadstream.stream.cadence.CadenceDefinitions;
import io.leadstream.stream.compliance.ComplianceConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §7 through the topology: enrollment, due triggers, cancellation, gates and their audit. */
class CadenceTopologyTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** Tuesday 2026-03-03, 14:00 in New York: inside every calling window. */
    private static final Instant TUESDAY_2PM = ZonedDateTime.of(2026, 3, 3, 14, 0, 0, 0, NEW_YORK).toInstant();

    private final Events events = new Events();
    private final Events globex = new Events("globex");
    private TopologyHarness app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private void start(ComplianceConfig compliance, Instant wallClock) {
        LeadTopology.Settings d = LeadTopology.Settings.DEFAULTS;
        app = new TopologyHarness(new LeadTopology.Settings(d.rules(), d.weights(), d.dedupEventsKept(), d.decayInterval(), d.decayTick(),
                d.decayLeadsPerTick(), d.maxFutureSkew(), d.recentCallsKept(), compliance, d.cadenceTick(), d.cadenceTimersPerTick()), wallClock);
        CadenceDefinitions.loadDefault().forEach((id, definition) -> app.definitions.pipeInput(id, definition, wallClock));
    }

    private void newYorkLead(String lead, Instant at, String state) {
        newYorkLead(events, lead, at, state, "+12125550142");
    }

    private void newYorkLead(Events workspace, String lead, Instant at, String state, String phone) {
        app.send(workspace.upsert(lead, at, LeadUpserted.newBuilder().setEmail(lead + "@" + workspace.workspaceId() + ".example").setPhone(phone)
                .setTimeZone("America/New_York").setState(state).build()));
    }

    /** A New York lead of {@code workspace} with written consent, enrolled in new-lead-outbound starting at {@code startAt}. */
    private void enrolledLead(Events workspace, String lead, String phone, Instant startAt) {
        newYorkLead(workspace, lead, TUESDAY_2PM.minusSeconds(60), "NY", phone);
        app.send(workspace.writtenConsent(lead, TUESDAY_2PM.minusSeconds(30)),
                workspace.of(io.leadstream.schemas.event.EventType.CADENCE_ENROLLED, lead, TUESDAY_2PM, null,
                        new io.leadstream.schemas.event.CadenceEnrolled("new-lead-outbound", startAt)));
    }

    @Test
    void anEnrolledLeadGetsADueCallCarryingEverythingADialerNeeds() {
        start(ComplianceConfig.DEFAULTS, TUESDAY_2PM);
        newYorkLead("lead-1", TUESDAY_2PM.minusSeconds(60), "NY");
        app.send(events.writtenConsent("lead-1", TUESDAY_2PM.minusSeconds(30)), events.enrolled("lead-1", TUESDAY_2PM, "new-lead-outbound"));

        app.driver.advanceWallClockTime(Duration.ofSeconds(2));

        List<TestRecord<String, CadenceTrigger>> due = app.triggers.readRecordsToList();
        assertThat(due).hasSize(1);
        assertThat(due.get(0).key()).isEqualTo("acme/lead-1");
        CadenceTrigger trigger = due.get(0).value();
        assertThat(trigger.getAction()).isEqualTo(TriggerAction.DUE);
        assertThat(trigger.getChannel()).isEqualTo(Channel.CALL);
        assertThat(trigger.getLeadId()).isEqualTo("lead-1");
        assertThat(trigger.getWorkspaceId()).isEqualTo("acme");
        assertThat(trigger.getCadenceId()).isEqualTo("new-lead-outbound");
        assertThat(trigger.getAttempt()).isEqualTo(1);
        assertThat(trigger.getPhone()).isEqualTo("+12125550142");
        assertThat(trigger.getEmail()).isEqualTo("lead-1@acme.example");
        assertThat(trigger.getTimeZone()).isEqualTo("America/New_York");
        assertThat(trigger.getDueAt()).isBetween(TUESDAY_2PM, TUESDAY_2PM.plusSeconds(5));

        app.driver.advanceWallClockTime(Duration.ofMinutes(30));
        assertThat(app.triggers.isEmpty()).as("one trigger per step attempt").isTrue();
    }

    @Test
    void anOptOutCancelsThePendingStepInTheSameProcessingStepAndNoCallFollows() {
        start(ComplianceConfig.DEFAULTS, TUESDAY_2PM);
        newYorkLead("lead-1", TUESDAY_2PM.minusSeconds(60), "NY");
        // Enrolled to start in an hour: the timer is pending when the lead opts out.
        app.send(events.writtenConsent("lead-1", TUESDAY_2PM.minusSeconds(30)),
                events.of(io.leadstream.schemas.event.EventType.CADENCE_ENROLLED, "lead-1", TUESDAY_2PM, null,
                        new io.leadstream.schemas.event.CadenceEnrolled("new-lead-outbound", TUESDAY_2PM.plus(Duration.ofHours(1)))));
        assertThat(app.triggers.isEmpty()).isTrue();

        app.send(events.optOut("lead-1", TUESDAY_2PM.plusSeconds(10)));

        List<CadenceTrigger> cancelled = app.triggers.readValuesToList();
        assertThat(cancelled).extracting(CadenceTrigger::getAction).containsExactly(TriggerAction.CANCELLED);
        assertThat(cancelled.get(0).getReason()).isNotBlank();
        List<GateDecision> audit = app.audit.readValuesToList();
        assertThat(audit).extracting(GateDecision::getDecision).contains(Decision.OPT_OUT, Decision.CANCEL);

        app.driver.advanceWallClockTime(Duration.ofDays(10));
        assertThat(app.triggers.readValuesToList()).noneMatch(t -> t.getAction() == TriggerAction.DUE);
    }

    @Test
    void aPhoneOnTheDncListIsBlockedAndTheDecisionAudited() {
        start(ComplianceConfig.DEFAULTS, TUESDAY_2PM);
        app.dnc.pipeInput("global/+12125550142", new DncEntry("+12125550142", DncSource.NATIONAL, TUESDAY_2PM.minusSeconds(86_400), null, "registry"));
        newYorkLead("lead-1", TUESDAY_2PM.minusSeconds(60), "NY");
        app.send(events.writtenConsent("lead-1", TUESDAY_2PM.minusSeconds(30)), events.enrolled("lead-1", TUESDAY_2PM, "new-lead-outbound"));

        app.driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(app.triggers.readValuesToList()).noneMatch(t -> t.getAction() == TriggerAction.DUE);
        assertThat(app.audit.readValuesToList()).anySatisfy(d -> {
            assertThat(d.getDecision()).isEqualTo(Decision.BLOCK);
            assertThat(d.getRule()).isEqualTo(GateRule.DNC_LIST);
            assertThat(d.getPhone()).isEqualTo("+12125550142");
        });
    }

    @Test
    void withoutWrittenOutreachConsentNoCallIsReleasedWhenConsentIsRequired() {
        start(ComplianceConfig.DEFAULTS, TUESDAY_2PM);
        newYorkLead("lead-1", TUESDAY_2PM.minusSeconds(60), "NY");
        app.send(events.enrolled("lead-1", TUESDAY_2PM, "new-lead-outbound"));

        app.driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(app.triggers.readValuesToList()).noneMatch(t -> t.getAction() == TriggerAction.DUE);
        assertThat(app.audit.readValuesToList()).anySatisfy(d -> assertThat(d.getRule()).isEqualTo(GateRule.CONSENT_MISSING));
    }

    @Test
    void aFloridaLeadIsDeferredByItsStatesEightPmCurfewAndCalledNextMorning() {
        // inbound-callback calls back 5 min after enrollment within 08:00-21:00; Florida law ends calls at 20:00.
        Instant enrolledAt = ZonedDateTime.of(2026, 3, 3, 19, 58, 0, 0, NEW_YORK).toInstant();
        start(ComplianceConfig.DEFAULTS.withOutreachConsentRequired(false), enrolledAt);
        newYorkLead("lead-fl", enrolledAt.minusSeconds(60), "FL");
        app.send(events.enrolled("lead-fl", enrolledAt, "inbound-callback"));

        app.driver.advanceWallClockTime(Duration.ofMinutes(6));

        assertThat(app.triggers.isEmpty()).as("no call at 20:03 in Florida").isTrue();
        GateDecision deferral = app.audit.readValuesToList().stream().filter(d -> d.getDecision() == Decision.DEFER).findFirst().orElseThrow();
        assertThat(deferral.getRule()).isEqualTo(GateRule.CALLING_WINDOW);
        assertThat(deferral.getReason()).isNotBlank();
        ZonedDateTime until = deferral.getDeferredUntil().atZone(NEW_YORK);
        assertThat(until.toLocalDate()).isEqualTo(java.time.LocalDate.of(2026, 3, 4));
        assertThat(until.toLocalTime()).isEqualTo(java.time.LocalTime.of(8, 0));

        app.driver.advanceWallClockTime(Duration.between(enrolledAt.plus(Duration.ofMinutes(6)), deferral.getDeferredUntil()).plusSeconds(2));
        List<CadenceTrigger> due = app.triggers.readValuesToList();
        assertThat(due).extracting(CadenceTrigger::getAction).containsExactly(TriggerAction.DUE);
        ZonedDateTime calledAt = due.get(0).getDueAt().atZone(NEW_YORK);
        assertThat(calledAt.toLocalDate()).isEqualTo(java.time.LocalDate.of(2026, 3, 4));
        assertThat(calledAt.getHour()).isBetween(8, 19);
    }

    @Test
    void reEnrollmentReplacesTheActiveCadenceWithACancelledTriggerForTheOld() {
        start(ComplianceConfig.DEFAULTS, TUESDAY_2PM);
        newYorkLead("lead-1", TUESDAY_2PM.minusSeconds(60), "NY");
        app.send(events.writtenConsent("lead-1", TUESDAY_2PM.minusSeconds(30)),
                events.of(io.leadstream.schemas.event.EventType.CADENCE_ENROLLED, "lead-1", TUESDAY_2PM, null,
                        new io.leadstream.schemas.event.CadenceEnrolled("new-lead-outbound", TUESDAY_2PM.plus(Duration.ofHours(2)))));

        app.send(events.enrolled("lead-1", TUESDAY_2PM.plusSeconds(5), "inbound-callback"));

        List<CadenceTrigger> triggers = app.triggers.readValuesToList();
        assertThat(triggers).anySatisfy(t -> {
            assertThat(t.getAction()).isEqualTo(TriggerAction.CANCELLED);
            assertThat(t.getCadenceId()).isEqualTo("new-lead-outbound");
        });
        app.driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertThat(app.triggers.readValuesToList()).allSatisfy(t -> assertThat(t.getCadenceId()).isEqualTo("inbound-callback"));
    }

    @Test
    void theSameLeadIdInTwoWorkspacesGetsTwoDueCallsEachKeyedByItsLeadAndCarryingItsOwnProfile() {
        start(ComplianceConfig.DEFAULTS, TUESDAY_2PM);
        enrolledLead(events, "lead_001", "+12125550142", TUESDAY_2PM);
        enrolledLead(globex, "lead_001", "+12125550199", TUESDAY_2PM);

        app.driver.advanceWallClockTime(Duration.ofSeconds(2));

        Map<String, CadenceTrigger> due = new HashMap<>();
        app.triggers.readRecordsToList().forEach(r -> due.put(r.key(), r.value()));
        assertThat(due).containsOnlyKeys("acme/lead_001", "globex/lead_001");
        CadenceTrigger acme = due.get("acme/lead_001");
        assertThat(acme.getAction()).isEqualTo(TriggerAction.DUE);
        assertThat(acme.getWorkspaceId()).isEqualTo("acme");
        assertThat(acme.getPhone()).isEqualTo("+12125550142");
        assertThat(acme.getEmail()).isEqualTo("lead_001@acme.example");
        CadenceTrigger other = due.get("globex/lead_001");
        assertThat(other.getAction()).isEqualTo(TriggerAction.DUE);
        assertThat(other.getWorkspaceId()).isEqualTo("globex");
        assertThat(other.getPhone()).isEqualTo("+12125550199");
        assertThat(other.getEmail()).isEqualTo("lead_001@globex.example");
        assertThat(other.getTriggerId()).as("dialers dedup on it").isNotEqualTo(acme.getTriggerId());
    }

    @Test
    void anOptOutInOneWorkspaceCancelsThatWorkspacesLeadAndNeverTheSameLeadIdOfAnother() {
        start(ComplianceConfig.DEFAULTS, TUESDAY_2PM);
        // Both enrolled to start in an hour: both timers are pending when acme's lead opts out.
        enrolledLead(events, "lead_001", "+12125550142", TUESDAY_2PM.plus(Duration.ofHours(1)));
        enrolledLead(globex, "lead_001", "+12125550199", TUESDAY_2PM.plus(Duration.ofHours(1)));

        app.send(events.optOut("lead_001", TUESDAY_2PM.plusSeconds(10)));

        List<TestRecord<String, CadenceTrigger>> cancelled = app.triggers.readRecordsToList();
        assertThat(cancelled).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("acme/lead_001");
            assertThat(r.value().getAction()).isEqualTo(TriggerAction.CANCELLED);
            assertThat(r.value().getWorkspaceId()).isEqualTo("acme");
        });
        List<TestRecord<String, GateDecision>> audit = app.audit.readRecordsToList();
        assertThat(audit).isNotEmpty().allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("acme/lead_001");
            assertThat(r.value().getWorkspaceId()).isEqualTo("acme");
        });
        assertThat(audit).extracting(r -> r.value().getDecision()).contains(Decision.OPT_OUT, Decision.CANCEL);

        app.driver.advanceWallClockTime(Duration.ofHours(2));
        List<TestRecord<String, CadenceTrigger>> later = app.triggers.readRecordsToList();
        assertThat(later).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("globex/lead_001");
            assertThat(r.value().getAction()).isEqualTo(TriggerAction.DUE);
        });
    }

    @Test
    void aGlobalDncEntryBlocksTheNumberInEveryWorkspace() {
        start(ComplianceConfig.DEFAULTS, TUESDAY_2PM);
        app.dnc.pipeInput("global/+12125550142", new DncEntry("+12125550142", DncSource.NATIONAL, TUESDAY_2PM.minusSeconds(86_400), null, "registry"));
        enrolledLead(events, "lead_001", "+12125550142", TUESDAY_2PM);
        enrolledLead(globex, "lead_777", "+12125550142", TUESDAY_2PM);

        app.driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(app.triggers.readValuesToList()).noneMatch(t -> t.getAction() == TriggerAction.DUE);
        List<TestRecord<String, GateDecision>> blocked = app.audit.readRecordsToList().stream()
                .filter(r -> r.value().getRule() == GateRule.DNC_LIST).toList();
        assertThat(blocked).extracting(TestRecord::key).containsExactlyInAnyOrder("acme/lead_001", "globex/lead_777");
        assertThat(blocked).allSatisfy(r -> assertThat(r.value().getDecision()).isEqualTo(Decision.BLOCK));
    }

    @Test
    void aWorkspacesInternalDncEntryCancelsItsOwnLeadsCallsOnly() {
        start(ComplianceConfig.DEFAULTS, TUESDAY_2PM);
        app.dnc.pipeInput("acme/+12125550142", new DncEntry("+12125550142", DncSource.INTERNAL, TUESDAY_2PM.minusSeconds(86_400), null,
                "opted out as another lead"));
        enrolledLead(events, "lead_001", "+12125550142", TUESDAY_2PM);
        enrolledLead(globex, "lead_001", "+12125550142", TUESDAY_2PM);

        app.driver.advanceWallClockTime(Duration.ofSeconds(2));

        Map<String, TriggerAction> actions = new HashMap<>();
        app.triggers.readRecordsToList().forEach(r -> actions.put(r.key(), r.value().getAction()));
        assertThat(actions).containsEntry("acme/lead_001", TriggerAction.CANCELLED).containsEntry("globex/lead_001", TriggerAction.DUE);
        assertThat(app.audit.readRecordsToList()).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo("acme/lead_001");
            assertThat(r.value().getRule()).isEqualTo(GateRule.INTERNAL_DNC);
            assertThat(r.value().getReason()).contains("workspace acme's internal do-not-call list");
        }).noneSatisfy(r -> assertThat(r.key()).isEqualTo("globex/lead_001"));
    }
}
