package io.leadstream.stream.cadence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.cadence.TriggerAction;
import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.compliance.Decision;
import io.leadstream.schemas.compliance.DncSource;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.event.CallAnswered;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.stream.compliance.ComplianceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CadenceEngineTest {
    private static final String MIAMI = "+13055550100";
    private CadenceSimulation sim;

    @BeforeEach
    void miamiLeadWithWrittenConsent() {
        sim = new CadenceSimulation(ComplianceConfig.DEFAULTS);
        sim.profile("(305) 555-0100", null, null);
        sim.consent(true);
    }

    private List<CadenceTrigger> due() {
        return sim.triggers().stream().filter(t -> t.getAction() == TriggerAction.DUE).collect(Collectors.toList());
    }

    private List<GateDecision> audits(Decision decision) {
        return sim.audits().stream().filter(a -> a.getDecision() == decision).collect(Collectors.toList());
    }

    @Test
    void enrollment_releases_the_first_call_with_everything_a_dialer_needs() {
        sim.enroll("new-lead-outbound"); // Mon 2026-03-02 09:00 EST
        sim.run(Duration.ofMinutes(1));
        assertThat(due()).hasSize(1);
        CadenceTrigger t = due().get(0);
        assertThat(t.getLeadId()).isEqualTo(CadenceSimulation.LEAD);
        assertThat(t.getWorkspaceId()).isEqualTo(CadenceSimulation.WORKSPACE);
        assertThat(t.getCadenceId()).isEqualTo("new-lead-outbound");
        assertThat(t.getStepId()).isEqualTo("call-day0");
        assertThat(t.getChannel()).isEqualTo(Channel.CALL);
        assertThat(t.getAttempt()).isEqualTo(1);
        assertThat(t.getPhone()).isEqualTo(MIAMI);
        assertThat(t.getEmail()).isEqualTo(CadenceSimulation.LEAD + "@example.com");
        assertThat(t.getTimeZone()).isEqualTo("America/New_York");
        assertThat(t.getDueAt()).isBetween(CadenceSimulation.START, CadenceSimulation.START.plusSeconds(1));
        assertThat(t.getTriggerId()).as("unique across workspaces: it starts with the lead key")
                .isEqualTo("acme/lead-42:new-lead-outbound:v1:" + CadenceSimulation.START.toEpochMilli() + ":call-day0:1");
    }

    @Test
    void a_no_answer_retries_the_call_after_4_hours_then_the_next_step_follows_two_days_after_the_last_attempt() {
        sim.enroll("new-lead-outbound");
        sim.run(Duration.ofMinutes(2));
        sim.noAnswer();
        Instant noAnswerAt = sim.now;
        sim.run(Duration.ofHours(5));
        assertThat(due()).extracting(CadenceTrigger::getAttempt).containsExactly(1, 2);
        assertThat(due().get(1).getDueAt()).isBetween(noAnswerAt.plus(Duration.ofHours(4)), noAnswerAt.plus(Duration.ofHours(4)).plusSeconds(1));
        Instant secondAttempt = due().get(1).getDueAt();
        sim.noAnswer();
        sim.run(Duration.ofDays(3));
        CadenceTrigger dayTwo = due().get(2);
        assertThat(dayTwo.getStepId()).isEqualTo("call-day2");
        assertThat(dayTwo.getDueAt()).isBetween(secondAttempt.plus(Duration.ofDays(2)), secondAttempt.plus(Duration.ofDays(2)).plusSeconds(1));
    }

    @Test
    void an_answered_call_goes_to_the_next_step_counted_from_when_the_call_fired() {
        sim.enroll("new-lead-outbound");
        sim.run(Duration.ofMinutes(1));
        Instant fired = due().get(0).getDueAt();
        sim.run(Duration.ofMinutes(5));
        sim.answered();
        sim.completed(); // a second outcome of the same call changes nothing
        sim.run(Duration.ofDays(2).plusHours(2));
        assertThat(due()).extracting(CadenceTrigger::getStepId).containsExactly("call-day0", "call-day2");
        // Mon 09:00 EST + 2 days = Wed 09:00, moved into the step window 10:00-18:00
        assertThat(due().get(1).getDueAt()).isBetween(Instant.parse("2026-03-04T15:00:00Z"), Instant.parse("2026-03-04T15:00:01Z"));
        assertThat(fired).isBefore(due().get(1).getDueAt());
    }

    @Test
    void a_silent_dialer_is_treated_as_no_answer() {
        sim.enroll("new-lead-outbound");
        sim.run(Duration.ofHours(5));
        assertThat(due()).extracting(CadenceTrigger::getAttempt).containsExactly(1, 2);
    }

    @Test
    void an_opt_out_cancels_the_pending_trigger_in_the_same_step_and_nothing_is_due_after() {
        sim.enroll("new-lead-outbound");
        sim.run(Duration.ofMinutes(1));
        sim.answered();
        String pending = PendingStep.of(sim.state).orElseThrow().triggerId();
        CadenceEngine.Result r = sim.send(io.leadstream.schemas.event.EventType.OPTOUT_REQUESTED,
                new io.leadstream.schemas.event.OptoutRequested("not interested", io.leadstream.schemas.event.OptOutScope.ALL, "stop calling me"));
        assertThat(r.triggers()).singleElement().satisfies(t -> {
            assertThat(t.getAction()).isEqualTo(TriggerAction.CANCELLED);
            assertThat(t.getTriggerId()).isEqualTo(pending);
        });
        assertThat(r.audits()).extracting(GateDecision::getDecision).containsExactlyInAnyOrder(Decision.OPT_OUT, Decision.CANCEL);
        assertThat(r.audits()).filteredOn(a -> a.getDecision() == Decision.OPT_OUT).singleElement()
                .satisfies(a -> assertThat(a.getReason()).contains("stop calling me"));
        assertThat(r.timersToDelete()).hasSize(1);
        assertThat(sim.timers).isEmpty();
        sim.run(Duration.ofDays(10));
        assertThat(due()).hasSize(1);
        sim.enroll("new-lead-outbound");
        assertThat(audits(Decision.CANCEL)).anyMatch(a -> a.getReason().contains("refused"));
        assertThat(sim.timers).isEmpty();
    }

    @Test
    void a_do_not_call_upsert_is_an_opt_out() {
        sim.enroll("new-lead-outbound");
        sim.doNotCall();
        assertThat(sim.triggers()).singleElement().extracting(CadenceTrigger::getAction).isEqualTo(TriggerAction.CANCELLED);
        assertThat(sim.audits()).extracting(GateDecision::getRule).contains(GateRule.DO_NOT_CALL);
        sim.run(Duration.ofDays(10));
        assertThat(due()).isEmpty();
    }

    @Test
    void re_enrollment_replaces_the_active_cadence_with_a_cancelled_trigger_for_the_old() {
        sim.enroll("new-lead-outbound");
        sim.run(Duration.ofMinutes(1));
        String old = PendingStep.of(sim.state).orElseThrow().triggerId();
        sim.run(Duration.ofMinutes(10));
        CadenceEngine.Result r = sim.enroll("inbound-callback");
        assertThat(r.triggers()).singleElement().satisfies(t -> {
            assertThat(t.getAction()).isEqualTo(TriggerAction.CANCELLED);
            assertThat(t.getTriggerId()).isEqualTo(old);
            assertThat(t.getCadenceId()).isEqualTo("new-lead-outbound");
        });
        assertThat(r.audits()).singleElement().extracting(GateDecision::getRule).isEqualTo(GateRule.CADENCE_REPLACED);
        assertThat(r.timersToDelete()).hasSize(1);
        assertThat(r.timersToPut()).singleElement().satisfies(k -> assertThat(k.stepIndex()).isZero());
        assertThat(sim.state.getActive().getDefinition().getCadenceId()).isEqualTo("inbound-callback");
    }

    @Test
    void re_enrolling_in_the_same_cadence_gets_new_trigger_ids() {
        sim.enroll("new-lead-outbound");
        String first = PendingStep.of(sim.state).orElseThrow().triggerId();
        sim.run(Duration.ofMinutes(30));
        sim.enroll("new-lead-outbound");
        assertThat(PendingStep.of(sim.state).orElseThrow().triggerId()).isNotEqualTo(first);
    }

    @Test
    void a_florida_lead_due_at_20_30_local_is_deferred_to_8_the_next_morning_and_audited() {
        sim.now = Instant.parse("2026-03-03T01:25:00Z"); // Mon 20:25 EST; callback is 5 min later
        sim.enroll("inbound-callback");
        sim.run(Duration.ofHours(1));
        assertThat(due()).isEmpty();
        GateDecision deferral = audits(Decision.DEFER).get(0);
        assertThat(deferral.getRule()).isEqualTo(GateRule.CALLING_WINDOW);
        assertThat(deferral.getDeferredUntil()).isEqualTo(Instant.parse("2026-03-03T13:00:00Z"));
        assertThat(deferral.getLeadLocalTime()).startsWith("2026-03-02T20:30");
        assertThat(deferral.getTimeZone()).isEqualTo("America/New_York");
        sim.run(Duration.ofHours(12));
        assertThat(due()).first().satisfies(t -> {
            assertThat(t.getDueAt()).isBetween(Instant.parse("2026-03-03T13:00:00Z"), Instant.parse("2026-03-03T13:00:01Z"));
            assertThat(t.getTriggerId()).isEqualTo(deferral.getTriggerId());
        });
    }

    @Test
    void a_deferred_step_shifts_every_later_step() {
        sim.now = Instant.parse("2026-03-03T01:25:00Z");
        sim.enroll("inbound-callback");
        sim.run(Duration.ofHours(12)); // callback deferred to 08:00, fires then
        Instant fired = due().get(0).getDueAt();
        sim.answered();
        assertThat(sim.state.getActive().getDueAt()).as("callback-email 1 h after the deferred call, not after its plan")
                .isEqualTo(fired.plus(Duration.ofHours(1)));
    }

    @Test
    void after_three_days_of_downtime_one_trigger_fires_and_the_next_is_planned_from_now() {
        sim.enroll("new-lead-outbound");
        sim.run(Duration.ofMinutes(1));
        sim.answered(); // call-day2 planned for Wed 10:00 EST
        sim.downtime(Duration.ofDays(3).plusHours(6)); // back Thu 15:01 EST: call-day2 is a day late
        assertThat(due()).extracting(CadenceTrigger::getStepId).containsExactly("call-day0", "call-day2");
        Instant back = sim.now;
        assertThat(due().get(1).getDueAt()).isEqualTo(back);
        sim.answered();
        // email-day3 one day after call-day2 actually fired, not after its plan: no catching up
        assertThat(sim.state.getActive().getDueAt()).isEqualTo(back.plus(Duration.ofDays(1)));
        sim.downtime(Duration.ofDays(3));
        assertThat(sim.triggers().stream().filter(t -> t.getAction() == TriggerAction.DUE && t.getDueAt().equals(sim.now)).count())
                .as("one trigger per punctuation after downtime").isEqualTo(1);
    }

    @Test
    void an_unknown_zone_waits_for_the_strictest_window() {
        sim.profile("+44 20 7183 8750", null, null);
        sim.consent(true); // consent is bound to a number: the new one needs its own
        sim.now = Instant.parse("2026-03-10T15:00:00Z");
        sim.enroll("inbound-callback");
        sim.run(Duration.ofHours(6));
        assertThat(audits(Decision.DEFER)).first().satisfies(a -> {
            assertThat(a.getDeferredUntil()).isEqualTo(Instant.parse("2026-03-10T20:00:00Z"));
            assertThat(a.getTimeZone()).isNull();
        });
        assertThat(due()).first().satisfies(t -> assertThat(t.getTimeZone()).isNull());
    }

    @Test
    void missing_consent_blocks_the_call_step_and_the_cadence_moves_on_to_its_email() {
        sim = new CadenceSimulation(ComplianceConfig.DEFAULTS);
        sim.profile("(305) 555-0100", null, null);
        sim.consent(CadenceSimulation.LEAD, true, sim.now, "+13055550199"); // written consent, for another number only
        sim.enroll("inbound-callback");
        sim.run(Duration.ofHours(2));
        assertThat(audits(Decision.BLOCK)).singleElement().extracting(GateDecision::getRule).isEqualTo(GateRule.CONSENT_MISSING);
        assertThat(due()).singleElement().extracting(CadenceTrigger::getChannel).isEqualTo(Channel.EMAIL);
    }

    @Test
    void a_revoked_written_consent_opts_the_number_out_so_the_call_step_is_cancelled_and_the_email_follows() {
        sim.now = sim.now.plusSeconds(60);
        sim.consent(false); // revoked after it was granted: asking to stop (FCC 24-24), for this number
        sim.enroll("inbound-callback");
        sim.run(Duration.ofHours(2));
        assertThat(audits(Decision.CANCEL)).singleElement().extracting(GateDecision::getRule).isEqualTo(GateRule.INTERNAL_DNC);
        assertThat(due()).singleElement().extracting(CadenceTrigger::getChannel).isEqualTo(Channel.EMAIL);
    }

    @Test
    void an_internal_dnc_entry_cancels_the_call_step_with_a_cancelled_trigger() {
        sim.dncAdd(CadenceSimulation.WORKSPACE, DncSource.INTERNAL);
        sim.enroll("inbound-callback");
        sim.run(Duration.ofMinutes(10));
        assertThat(sim.triggers()).singleElement().satisfies(t -> assertThat(t.getAction()).isEqualTo(TriggerAction.CANCELLED));
        assertThat(audits(Decision.CANCEL)).singleElement().extracting(GateDecision::getRule).isEqualTo(GateRule.INTERNAL_DNC);
        assertThat(sim.state.getActive().getDefinition().getSteps().get(sim.state.getActive().getStepIndex()).getChannel()).isEqualTo(Channel.EMAIL);
    }

    @Test
    void another_workspaces_internal_dnc_entry_for_the_same_phone_never_stops_the_call() {
        sim.dncAdd("globex", DncSource.INTERNAL);
        sim.enroll("new-lead-outbound");
        sim.run(Duration.ofMinutes(1));
        assertThat(due()).singleElement().extracting(CadenceTrigger::getChannel).isEqualTo(Channel.CALL);
        assertThat(sim.audits()).isEmpty();
    }

    @Test
    void the_timers_carry_the_leads_workspace_so_a_fired_timer_finds_its_own_lead() {
        CadenceEngine.Result r = sim.enroll("new-lead-outbound");
        assertThat(r.timersToPut()).singleElement().satisfies(k -> assertThat(k.lead()).isEqualTo(new LeadKey("acme", "lead-42")));
    }

    @Test
    void a_cadence_state_is_never_run_with_another_workspaces_lead_of_the_same_lead_id() {
        LeadState otherWorkspace = LeadState.newBuilder(sim.lead).setWorkspaceId("globex").build();
        VoiceEvent event = sim.event(EventType.CALL_ANSWERED, new CallAnswered(60, List.of()));
        assertThatThrownBy(() -> sim.engine.onEvent(sim.state, otherWorkspace, event, id -> Optional.empty(), sim.now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acme/lead-42").hasMessageContaining("globex/lead-42");
    }

    @Test
    void a_booked_meeting_ends_the_cadence() {
        sim.enroll("new-lead-outbound");
        sim.run(Duration.ofMinutes(1));
        sim.meeting();
        assertThat(sim.state.getActive()).isNull();
        assertThat(sim.audits()).extracting(GateDecision::getRule).contains(GateRule.CADENCE_EXIT);
        sim.run(Duration.ofDays(10));
        assertThat(due()).hasSize(1);
    }

    @Test
    void an_unresponsive_lead_leaves_the_cadence() {
        sim.enroll("new-lead-outbound");
        sim.run(Duration.ofMinutes(1));
        for (int i = 0; i < 6; i++) {
            sim.noAnswer();
        }
        assertThat(sim.state.getActive()).isNull();
        assertThat(sim.triggers()).filteredOn(t -> t.getAction() == TriggerAction.CANCELLED).singleElement()
                .satisfies(t -> assertThat(t.getReason()).contains("unresponsive"));
    }

    @Test
    void an_explicit_exit_of_another_cadence_is_ignored_and_of_the_active_one_ends_it() {
        sim.enroll("new-lead-outbound");
        sim.exit("inbound-callback");
        assertThat(sim.state.getActive()).isNotNull();
        sim.exit("new-lead-outbound");
        assertThat(sim.state.getActive()).isNull();
        assertThat(sim.triggers()).singleElement().extracting(CadenceTrigger::getAction).isEqualTo(TriggerAction.CANCELLED);
    }

    @Test
    void an_unknown_cadence_is_not_enrolled() {
        CadenceEngine.Result r = sim.enroll("no-such-cadence");
        assertThat(r.notes()).singleElement().asString().contains("unknown");
        assertThat(sim.state.getActive()).isNull();
    }
}
