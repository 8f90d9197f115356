package io.leadstream.stream.compliance;

import static io.leadstream.stream.compliance.Leads.floridaLead;
import static io.leadstream.stream.compliance.Leads.withoutConsent;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.compliance.Decision;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.DncSource;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.lead.LeadProfile;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.topic.DncKey;
import io.leadstream.stream.geo.AreaCodeDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComplianceGateTest {
    private static final String MIAMI = "+13055550100";
    /** Tue 2026-03-10 14:00 EDT in Miami: inside every window. */
    private static final Instant NOON = Instant.parse("2026-03-10T18:00:00Z");
    private final ComplianceGate gate = new ComplianceGate(ComplianceConfig.DEFAULTS, CallingWindows.loadDefault(),
            new LeadLocalityResolver(AreaCodeDirectory.load()));

    /** MIAMI on a global (national/external) list. */
    private static DncLookup dnc(DncSource source, Instant expiresAt) {
        return dnc(DncKey.GLOBAL, source, expiresAt);
    }

    /** MIAMI on the list of {@code scope}: {@link DncKey#GLOBAL} or a workspace's internal list. */
    private static DncLookup dnc(String listScope, DncSource source, Instant expiresAt) {
        DncEntry entry = new DncEntry(MIAMI, source, Instant.parse("2025-06-01T00:00:00Z"), expiresAt, "complaint");
        return (scope, phone) -> scope.equals(listScope) && phone.equals(MIAMI) ? Optional.of(entry) : Optional.empty();
    }

    private GateVerdict call(LeadState lead, Instant at, DncLookup dnc) {
        return gate.evaluate(new GateRequest(lead, Channel.CALL, at, null, List.of()), dnc);
    }

    @Test
    void a_consenting_lead_inside_the_window_is_allowed() {
        GateVerdict v = call(floridaLead(), NOON, DncLookup.EMPTY);
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.leadLocalTime()).contains("2026-03-10T14:00");
    }

    @Test
    void an_opted_out_lead_is_cancelled_before_any_other_gate() {
        LeadState optedOut = LeadState.newBuilder(withoutConsent(floridaLead())).setStatus(LeadStatus.OPTED_OUT)
                .setOptedOutAt(Instant.parse("2026-03-09T10:00:00Z")).setOptOutReason("said STOP").build();
        GateVerdict v = call(optedOut, Instant.parse("2026-03-11T02:00:00Z"), dnc(DncSource.NATIONAL, null));
        assertThat(v.decision()).isEqualTo(Decision.CANCEL);
        assertThat(v.rule()).isEqualTo(GateRule.OPTED_OUT);
        assertThat(v.reason()).contains("said STOP");
    }

    @Test
    void do_not_call_cancels() {
        GateVerdict v = call(LeadState.newBuilder(floridaLead()).setDoNotCall(true).build(), NOON, DncLookup.EMPTY);
        assertThat(v.decision()).isEqualTo(Decision.CANCEL);
        assertThat(v.rule()).isEqualTo(GateRule.DO_NOT_CALL);
    }

    @Test
    void the_internal_dnc_list_cancels_and_outranks_missing_consent() {
        GateVerdict v = call(withoutConsent(floridaLead()), NOON, dnc("acme", DncSource.INTERNAL, null));
        assertThat(v.decision()).isEqualTo(Decision.CANCEL);
        assertThat(v.rule()).isEqualTo(GateRule.INTERNAL_DNC);
        assertThat(v.reason()).contains("workspace acme's internal do-not-call list");
    }

    @Test
    void another_workspaces_internal_dnc_list_never_applies() {
        GateVerdict v = call(floridaLead(), NOON, dnc("globex", DncSource.INTERNAL, null));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void a_global_dnc_entry_blocks_the_number_in_every_workspace() {
        for (String workspace : List.of("acme", "globex")) {
            GateVerdict v = call(LeadState.newBuilder(floridaLead()).setWorkspaceId(workspace).build(), NOON, dnc(DncSource.NATIONAL, null));
            assertThat(v.decision()).as(workspace).isEqualTo(Decision.BLOCK);
            assertThat(v.rule()).as(workspace).isEqualTo(GateRule.DNC_LIST);
        }
    }

    @Test
    void missing_written_consent_blocks_when_the_config_requires_it() {
        GateVerdict v = call(withoutConsent(floridaLead()), NOON, dnc(DncSource.NATIONAL, null));
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).as("consent is checked before the DNC list").isEqualTo(GateRule.CONSENT_MISSING);

        ComplianceGate lenient = new ComplianceGate(ComplianceConfig.DEFAULTS.withOutreachConsentRequired(false), CallingWindows.loadDefault(),
                new LeadLocalityResolver(AreaCodeDirectory.load()));
        assertThat(lenient.evaluate(new GateRequest(withoutConsent(floridaLead()), Channel.CALL, NOON, null, List.of()), DncLookup.EMPTY).decision())
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void a_consent_captured_for_another_number_does_not_allow_calling_this_one() {
        LeadState otherNumber = LeadState.newBuilder(floridaLead()).setConsents(List.of(new io.leadstream.schemas.lead.Consent(
                io.leadstream.schemas.common.ConsentKind.OUTREACH_WRITTEN, true, Instant.parse("2026-01-01T00:00:00Z"), "+13055550199"))).build();
        GateVerdict v = call(otherNumber, NOON, DncLookup.EMPTY);
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).isEqualTo(GateRule.CONSENT_MISSING);
        assertThat(v.reason()).contains(MIAMI).contains("only for +13055550199");
    }

    @Test
    void a_number_on_the_national_dnc_list_is_blocked_unless_the_entry_expired() {
        GateVerdict v = call(floridaLead(), NOON, dnc(DncSource.NATIONAL, null));
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).isEqualTo(GateRule.DNC_LIST);
        assertThat(v.reason()).contains(MIAMI).contains("NATIONAL");
        assertThat(call(floridaLead(), NOON, dnc(DncSource.NATIONAL, NOON.minusSeconds(1))).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void without_a_valid_phone_the_dnc_list_cannot_be_checked_so_the_call_is_blocked() {
        LeadState noPhone = LeadState.newBuilder(floridaLead())
                .setProfile(LeadProfile.newBuilder(floridaLead().getProfile()).setPhone("call me maybe").setTimeZone("America/New_York").build()).build();
        GateVerdict v = call(noPhone, NOON, DncLookup.EMPTY);
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).isEqualTo(GateRule.DNC_LIST);
    }

    @Test
    void a_florida_lead_at_20_30_is_deferred_to_8_the_next_morning_with_the_local_time_in_the_reason() {
        GateVerdict v = call(floridaLead(), Instant.parse("2026-03-11T00:30:00Z"), DncLookup.EMPTY);
        assertThat(v.decision()).isEqualTo(Decision.DEFER);
        assertThat(v.rule()).isEqualTo(GateRule.CALLING_WINDOW);
        assertThat(v.deferredUntil()).contains(Instant.parse("2026-03-11T12:00:00Z"));
        assertThat(v.leadLocalTime()).contains("2026-03-10T20:30");
        assertThat(v.reason()).contains("2026-03-10T20:30").contains("08:00–20:00").contains("FL");
    }

    @Test
    void a_fourth_call_in_24_hours_is_deferred_by_the_cap() {
        List<Instant> recent = List.of(NOON.minus(Duration.ofHours(20)), NOON.minus(Duration.ofHours(6)), NOON.minus(Duration.ofHours(1)));
        GateVerdict v = gate.evaluate(new GateRequest(floridaLead(), Channel.CALL, NOON, null, recent), DncLookup.EMPTY);
        assertThat(v.decision()).isEqualTo(Decision.DEFER);
        assertThat(v.rule()).isEqualTo(GateRule.FREQUENCY_CAP_24H);
        assertThat(v.deferredUntil()).contains(NOON.plus(Duration.ofHours(4)));
    }

    @Test
    void a_cap_deferral_that_lands_outside_the_window_is_deferred_again_to_a_time_passing_both() {
        // 18:00 EDT; the cap frees up at 22:00 EDT (outside FL's 08-20), so the answer is 08:00 next day.
        Instant sixPm = Instant.parse("2026-03-10T22:00:00Z");
        List<Instant> recent = List.of(sixPm.minus(Duration.ofHours(20)), sixPm.minus(Duration.ofHours(2)), sixPm.minus(Duration.ofHours(1)));
        GateVerdict v = gate.evaluate(new GateRequest(floridaLead(), Channel.CALL, sixPm, null, recent), DncLookup.EMPTY);
        assertThat(v.decision()).isEqualTo(Decision.DEFER);
        assertThat(v.rule()).isEqualTo(GateRule.FREQUENCY_CAP_24H);
        assertThat(v.deferredUntil()).contains(Instant.parse("2026-03-11T12:00:00Z"));
    }

    @Test
    void a_window_deferral_that_lands_on_a_capped_time_is_deferred_again() {
        // 20:30 EDT -> window says 08:00 (12:00Z), but three calls from 09:00Z..11:30Z the day... before cap it until 13:00Z.
        Instant late = Instant.parse("2026-03-11T00:30:00Z");
        List<Instant> recent = List.of(Instant.parse("2026-03-10T13:00:00Z"), Instant.parse("2026-03-10T16:00:00Z"), Instant.parse("2026-03-10T23:00:00Z"));
        GateVerdict v = gate.evaluate(new GateRequest(floridaLead(), Channel.CALL, late, null, recent), DncLookup.EMPTY);
        assertThat(v.rule()).isEqualTo(GateRule.CALLING_WINDOW);
        assertThat(v.deferredUntil()).contains(Instant.parse("2026-03-11T13:00:00Z"));
        assertThat(gate.evaluate(new GateRequest(floridaLead(), Channel.CALL, v.deferredUntil().get(), null, recent), DncLookup.EMPTY).allowed()).isTrue();
    }

    @Test
    void email_honours_opt_out_and_do_not_email_but_not_the_calling_window() {
        Instant midnight = Instant.parse("2026-03-11T04:00:00Z");
        assertThat(gate.evaluate(new GateRequest(floridaLead(), Channel.EMAIL, midnight, null, List.of()), DncLookup.EMPTY).decision())
                .isEqualTo(Decision.ALLOW);
        GateVerdict v = gate.evaluate(new GateRequest(LeadState.newBuilder(floridaLead()).setDoNotEmail(true).build(), Channel.EMAIL, NOON,
                null, List.of()), DncLookup.EMPTY);
        assertThat(v.decision()).isEqualTo(Decision.CANCEL);
        assertThat(v.rule()).isEqualTo(GateRule.DO_NOT_EMAIL);
        assertThat(gate.evaluate(new GateRequest(LeadState.newBuilder(floridaLead()).setStatus(LeadStatus.OPTED_OUT).build(), Channel.EMAIL,
                NOON, null, List.of()), DncLookup.EMPTY).rule()).isEqualTo(GateRule.OPTED_OUT);
    }

    @Test
    void sms_gets_the_call_gates_and_do_not_email() {
        Instant late = Instant.parse("2026-03-11T00:30:00Z");
        assertThat(gate.evaluate(new GateRequest(floridaLead(), Channel.SMS, late, null, List.of()), DncLookup.EMPTY).rule())
                .isEqualTo(GateRule.CALLING_WINDOW);
        assertThat(gate.evaluate(new GateRequest(floridaLead(), Channel.SMS, NOON, null, List.of()), dnc(DncSource.STATE, null)).rule())
                .isEqualTo(GateRule.DNC_LIST);
        assertThat(gate.evaluate(new GateRequest(LeadState.newBuilder(floridaLead()).setDoNotEmail(true).build(), Channel.SMS, NOON, null,
                List.of()), DncLookup.EMPTY).rule()).isEqualTo(GateRule.DO_NOT_EMAIL);
    }

    @Test
    void a_step_window_that_never_meets_the_legal_window_blocks_instead_of_searching_forever() {
        GateVerdict v = gate.evaluate(new GateRequest(floridaLead(), Channel.CALL, NOON, LocalWindow.of("20:30", "23:00"), List.of()), DncLookup.EMPTY);
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).isEqualTo(GateRule.CALLING_WINDOW);
    }

    @Test
    void an_unknown_zone_defers_to_the_strictest_window_and_says_so() {
        LeadState foreign = Leads.lead("+442071838750", null, null);
        GateVerdict v = call(foreign, Instant.parse("2026-03-10T15:00:00Z"), DncLookup.EMPTY);
        assertThat(v.decision()).isEqualTo(Decision.DEFER);
        assertThat(v.deferredUntil()).contains(Instant.parse("2026-03-10T20:00:00Z"));
        assertThat(v.zone()).isEmpty();
        assertThat(v.reason()).contains("strictest").contains("zone unknown");
    }
}
