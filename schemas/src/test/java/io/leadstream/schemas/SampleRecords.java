package io.leadstream.schemas;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceStep;
import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.cadence.ExitRule;
import io.leadstream.schemas.cadence.Offset;
import io.leadstream.schemas.cadence.OffsetUnit;
import io.leadstream.schemas.cadence.TimeWindow;
import io.leadstream.schemas.cadence.TriggerAction;
import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.compliance.Decision;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.DncSource;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.crm.Appointment;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CallStage;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.crm.TimeZoneSource;
import io.leadstream.schemas.event.CadenceEnrolled;
import io.leadstream.schemas.event.CadenceExited;
import io.leadstream.schemas.event.CallAnswered;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.CallNoAnswer;
import io.leadstream.schemas.event.CallPlaced;
import io.leadstream.schemas.event.ConsentRecorded;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.MeetingBooked;
import io.leadstream.schemas.event.OptOutScope;
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.QualificationResult;
import io.leadstream.schemas.event.TrialSignupOffered;
import io.leadstream.schemas.event.UpgradeOffered;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.Consent;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadProfile;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.lead.ScoreCause;
import io.leadstream.schemas.lead.ScoreComponent;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One realistic record of every event type and every derived record of the contract. */
public final class SampleRecords {
    public static final Instant T0 = Instant.parse("2026-03-02T15:04:05.123Z");

    private SampleRecords() {
    }

    /** One VoiceEvent per event type, keyed by the type's name. */
    public static Map<EventType, VoiceEvent> voiceEvents() {
        Map<EventType, VoiceEvent> events = new LinkedHashMap<>();
        events.put(EventType.CALL_PLACED, event(EventType.CALL_PLACED, new CallPlaced("+14155550100", "lead-123:default-outbound:call-1:2")));
        events.put(EventType.CALL_ANSWERED, event(EventType.CALL_ANSWERED, new CallAnswered(187, List.of("greeting", "discovery", "pitch"))));
        events.put(EventType.CALL_NO_ANSWER, event(EventType.CALL_NO_ANSWER, new CallNoAnswer(3, "voicemail")));
        events.put(EventType.CALL_COMPLETED, event(EventType.CALL_COMPLETED, CallCompleted.newBuilder()
                .setDurationSeconds(900).setDirection(CallDirection.OUTBOUND).setDisposition("connected")
                .setSummary("Discussed proposal automation; booked a demo.")
                .setToolCalls(List.of(new ToolCall("book_sales_meeting", Map.of("preferred_date", "2025-11-01", "customer_name", "John Doe"), true)))
                .setDiscoveredSignals(new DiscoveredSignals("sales_proposals", "10-50", List.of("manual contract creation", "slow approval process")))
                .setRecordingUrl("https://recordings.example/rm_abc123xyz")
                .build()));
        events.put(EventType.TRIAL_SIGNUP_OFFERED, event(EventType.TRIAL_SIGNUP_OFFERED, new TrialSignupOffered(true, "pro-14d")));
        events.put(EventType.QUALIFICATION_RESULT, event(EventType.QUALIFICATION_RESULT,
                new QualificationResult(List.of("manual contract creation"), "agencies", 72, "book_demo")));
        events.put(EventType.UPGRADE_OFFERED, event(EventType.UPGRADE_OFFERED, new UpgradeOffered("starter", "business", 15.0, false)));
        events.put(EventType.MEETING_BOOKED, event(EventType.MEETING_BOOKED, MeetingBooked.newBuilder()
                .setAppointmentId("apt-42").setDate("2026-03-04").setTime("2:00 PM").setTimeZone("America/Chicago")
                .setDurationMinutes(30).setType("Product Demo").setNotes("Wants e-signature walkthrough").build()));
        events.put(EventType.OPTOUT_REQUESTED, event(EventType.OPTOUT_REQUESTED, new OptoutRequested("asked to stop", OptOutScope.ALL, "please remove me from your list")));
        events.put(EventType.CONSENT_RECORDED, event(EventType.CONSENT_RECORDED, new ConsentRecorded(ConsentKind.RECORDING, true, T0.minusSeconds(5), "+14155550100")));
        events.put(EventType.LEAD_UPSERTED, event(EventType.LEAD_UPSERTED, LeadUpserted.newBuilder()
                .setEmail("o'brien@acme.example").setFirstName("Siobhán").setLastName("O'Brien").setPhone("+13055550142")
                .setCompany("Acme").setSegment("agencies").setStatus(LeadStatus.COLD).setPreferredContactTime("9am-5pm EST")
                .setTimeZone("America/New_York").setState("FL").setDoNotCall(false).setDoNotEmail(null).build()));
        events.put(EventType.CADENCE_ENROLLED, event(EventType.CADENCE_ENROLLED, new CadenceEnrolled("default-outbound", T0.plusSeconds(60))));
        events.put(EventType.CADENCE_EXITED, event(EventType.CADENCE_EXITED, new CadenceExited("default-outbound", "manual")));
        return events;
    }

    public static VoiceEvent event(EventType type, Object payload) {
        return VoiceEvent.newBuilder()
                .setEventId("0f8fad5b-d9cb-469f-a165-70867728950e-" + type.ordinal())
                .setEventType(type)
                .setLeadId("lead-123")
                .setWorkspaceId("acme")
                .setOccurredAt(T0)
                .setReceivedAt(T0.plusMillis(250))
                .setCampaignId("campaign_new_lead")
                .setAgentId("agent-7")
                .setFlowId("flow-trial-success")
                .setCallId("rm_abc123xyz")
                .setPayload(payload)
                .build();
    }

    public static LeadState leadState() {
        return LeadState.newBuilder()
                .setLeadId("lead-123").setWorkspaceId("acme")
                .setProfile(LeadProfile.newBuilder().setEmail("john.doe@acme.example").setFirstName("John").setLastName("Doe")
                        .setPhone("+14155550100").setCompany("Acme").setSegment("agencies").setTimeZone("America/Los_Angeles").setState("CA").build())
                .setStatus(LeadStatus.TRIAL)
                .setCallsPlaced(4).setCallsAnswered(2).setNoAnswerStreak(0).setTotalTalkSeconds(1087)
                .setLastContactedAt(T0).setLastAnsweredAt(T0).setLastCallId("rm_abc123xyz")
                .setTrialOffered(true).setTrialAccepted(true).setMeetingBooked(true).setLastAppointmentId("apt-42")
                .setUseCase("sales_proposals").setTeamSize("10-50").setPainPoints(List.of("manual contract creation"))
                .setLastQualificationScore(72).setNextAction("book_demo")
                .setConsents(List.of(new Consent(ConsentKind.RECORDING, true, T0, "+14155550100")))
                .setEngagementScore(64).setActiveCadenceId("default-outbound").setCadenceEnrolledAt(T0.minusSeconds(86_400))
                .setCreatedAt(T0.minusSeconds(864_000)).setLastEventAt(T0)
                .setVersion(17).setRecentEventIds(List.of("e-1", "e-2"))
                .build();
    }

    public static EngagementScore engagementScore() {
        return EngagementScore.newBuilder().setLeadId("lead-123").setWorkspaceId("acme").setScore(64)
                .setComponents(List.of(new ScoreComponent("answered", 14.5), new ScoreComponent("no_answer", -1.2),
                        new ScoreComponent("meeting", 29.1)))
                .setAsOf(T0).setCause(ScoreCause.EVENT).setStateVersion(17).build();
    }

    public static CrmActivity callActivity() {
        return new CrmActivity(CallActivity.newBuilder()
                .setCallId("rm_abc123xyz").setLeadId("lead-123").setWorkspaceId("acme").setCampaignId("campaign_new_lead")
                .setAgentId("agent-7").setStage(CallStage.COMPLETED).setPlacedAt(T0.minusSeconds(920))
                .setAnsweredAt(T0.minusSeconds(905)).setEndedAt(T0).setDurationSeconds(900).setDirection(CallDirection.OUTBOUND)
                .setDisposition("connected").setSummary("Booked demo")
                .setSignals(new DiscoveredSignals("sales_proposals", "10-50", List.of("slow approval process")))
                .setToolCalls(List.of(new ToolCall("send_docs", Map.of(), true)))
                .setPhone("+14155550100").setEmail("john.doe@acme.example").setRevision(3).setLastEventId("e-9").setOccurredAt(T0)
                .build());
    }

    public static CrmActivity appointment() {
        return new CrmActivity(Appointment.newBuilder()
                .setAppointmentId("apt-42").setCallId("rm_abc123xyz").setLeadId("lead-123").setWorkspaceId("acme")
                .setType("Product Demo").setStartAt(Instant.parse("2026-03-04T20:00:00Z")).setEndAt(Instant.parse("2026-03-04T20:30:00Z"))
                .setDurationMinutes(30).setTimeZone("America/Chicago").setTimeZoneSource(TimeZoneSource.EVENT)
                .setRequestedDate("2026-03-04").setRequestedTime("2:00 PM").setNotes("walkthrough")
                .setEmail("john.doe@acme.example").setBookedAt(T0).setEventId("e-10").build());
    }

    public static CadenceDefinition cadenceDefinition() {
        TimeWindow business = new TimeWindow("09:00", "18:00");
        return CadenceDefinition.newBuilder().setCadenceId("default-outbound").setVersion(3).setName("Default outbound")
                .setSteps(List.of(
                        new CadenceStep("call-1", Channel.CALL, new Offset(0, OffsetUnit.MINUTES), business, 3, new Offset(4, OffsetUnit.HOURS), "script-intro"),
                        new CadenceStep("email-1", Channel.EMAIL, new Offset(3, OffsetUnit.DAYS), null, 1, null, "tmpl-followup"),
                        new CadenceStep("call-2", Channel.CALL, new Offset(2, OffsetUnit.BUSINESS_DAYS), business, 2, new Offset(4, OffsetUnit.HOURS), null)))
                .setExitOn(List.of(ExitRule.MEETING_BOOKED, ExitRule.OPTED_OUT, ExitRule.TRIAL_ACCEPTED))
                .build();
    }

    public static CadenceTrigger cadenceTrigger() {
        return CadenceTrigger.newBuilder().setTriggerId("lead-123:default-outbound:call-1:2").setAction(TriggerAction.DUE)
                .setLeadId("lead-123").setWorkspaceId("acme").setCadenceId("default-outbound").setCadenceVersion(3)
                .setStepId("call-1").setChannel(Channel.CALL).setAttempt(2).setDueAt(T0).setPhone("+14155550100")
                .setEmail("john.doe@acme.example").setTimeZone("America/Los_Angeles").setNotAfter(T0.plusSeconds(900)).build();
    }

    public static DncEntry dncEntry() {
        return new DncEntry("+14155550100", DncSource.NATIONAL, T0, null, "federal registry import");
    }

    public static GateDecision gateDecision() {
        return GateDecision.newBuilder().setDecisionId("d-1").setLeadId("lead-123").setWorkspaceId("acme")
                .setDecision(Decision.DEFER).setRule(GateRule.CALLING_WINDOW)
                .setReason("21:30 in America/Los_Angeles is outside 08:00-21:00").setCadenceId("default-outbound").setStepId("call-1")
                .setTriggerId("lead-123:default-outbound:call-1:2").setChannel(Channel.CALL).setPhone("+14155550100")
                .setOriginalDueAt(T0).setDeferredUntil(T0.plusSeconds(37_800)).setTimeZone("America/Los_Angeles")
                .setLeadLocalTime("2026-03-02T21:30").setSourceEventId("e-11").setDecidedAt(T0).build();
    }

    /** Every derived record, by a readable name. */
    public static Map<String, SpecificRecord> derivedRecords() {
        Map<String, SpecificRecord> records = new LinkedHashMap<>();
        records.put("LeadState", leadState());
        records.put("EngagementScore", engagementScore());
        records.put("CrmActivity/CallActivity", callActivity());
        records.put("CrmActivity/Appointment", appointment());
        records.put("CadenceDefinition", cadenceDefinition());
        records.put("CadenceTrigger", cadenceTrigger());
        records.put("DncEntry", dncEntry());
        records.put("GateDecision", gateDecision());
        return records;
    }
}
