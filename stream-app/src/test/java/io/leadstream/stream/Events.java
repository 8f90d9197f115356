package io.leadstream.stream;

import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.event.CadenceEnrolled;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Readable builders of voice events for specs: {@code events.answered(lead, at, 180)}. */
public final class Events {
    public static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z");
    public static final String WORKSPACE = "acme";
    private final AtomicInteger sequence = new AtomicInteger();
    private final String workspaceId;

    /** Events of workspace {@value #WORKSPACE}. */
    public Events() {
        this(WORKSPACE);
    }

    /** Events of another workspace: its eventIds restart at evt-1, as another producer's may. */
    public Events(String workspaceId) {
        this.workspaceId = workspaceId;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public VoiceEvent of(EventType type, String leadId, Instant at, String callId, Object payload) {
        return VoiceEvent.newBuilder()
                .setEventId("evt-" + sequence.incrementAndGet())
                .setEventType(type).setLeadId(leadId).setWorkspaceId(workspaceId)
                .setOccurredAt(at).setReceivedAt(at.plusMillis(200))
                .setCampaignId("spring-outbound").setAgentId("agent-7").setCallId(callId)
                .setPayload(payload).build();
    }

    public VoiceEvent placed(String lead, Instant at, String callId) {
        return of(EventType.CALL_PLACED, lead, at, callId, new CallPlaced("+14155550100", null));
    }

    public VoiceEvent answered(String lead, Instant at, String callId, int seconds) {
        return of(EventType.CALL_ANSWERED, lead, at, callId, new CallAnswered(seconds, List.of("greeting")));
    }

    public VoiceEvent noAnswer(String lead, Instant at, String callId, int attempt) {
        return of(EventType.CALL_NO_ANSWER, lead, at, callId, new CallNoAnswer(attempt, "voicemail"));
    }

    public VoiceEvent completed(String lead, Instant at, String callId, int seconds) {
        return of(EventType.CALL_COMPLETED, lead, at, callId, CallCompleted.newBuilder()
                .setDurationSeconds(seconds).setDirection(CallDirection.OUTBOUND).setDisposition("connected")
                .setSummary("Discussed proposal automation")
                .setToolCalls(List.of(new ToolCall("send_docs", Map.of("doc", "pricing.pdf"), true)))
                .setDiscoveredSignals(new DiscoveredSignals("sales_proposals", "10-50", List.of("manual contract creation")))
                .build());
    }

    public VoiceEvent qualified(String lead, Instant at, int score, String... painPoints) {
        return of(EventType.QUALIFICATION_RESULT, lead, at, null, new QualificationResult(List.of(painPoints), "agencies", score, "book_demo"));
    }

    public VoiceEvent trial(String lead, Instant at, boolean accepted) {
        return of(EventType.TRIAL_SIGNUP_OFFERED, lead, at, null, new TrialSignupOffered(accepted, "pro"));
    }

    public VoiceEvent upgrade(String lead, Instant at, boolean accepted) {
        return of(EventType.UPGRADE_OFFERED, lead, at, null, new UpgradeOffered("starter", "business", 10.0, accepted));
    }

    public VoiceEvent meeting(String lead, Instant at, String callId, String date, String time, String zone) {
        return of(EventType.MEETING_BOOKED, lead, at, callId, MeetingBooked.newBuilder().setAppointmentId("apt-" + sequence.incrementAndGet())
                .setDate(date).setTime(time).setTimeZone(zone).setDurationMinutes(30).setType("Product Demo").build());
    }

    public VoiceEvent optOut(String lead, Instant at) {
        return of(EventType.OPTOUT_REQUESTED, lead, at, null, new OptoutRequested("asked to stop", OptOutScope.ALL, "stop calling me"));
    }

    /** Written outreach consent captured at {@code at} for the lead's phone at that time. */
    public VoiceEvent writtenConsent(String lead, Instant at) {
        return writtenConsent(lead, at, at, null);
    }

    /** Written outreach consent sent at {@code at}, captured at {@code capturedAt} for {@code phone} (null: the lead's phone). */
    public VoiceEvent writtenConsent(String lead, Instant at, Instant capturedAt, String phone) {
        return of(EventType.CONSENT_RECORDED, lead, at, null, new ConsentRecorded(ConsentKind.OUTREACH_WRITTEN, true, capturedAt, phone));
    }

    public VoiceEvent upsert(String lead, Instant at, LeadUpserted profile) {
        return of(EventType.LEAD_UPSERTED, lead, at, null, profile);
    }

    public VoiceEvent profile(String lead, Instant at, String email, String phone, String zone) {
        return upsert(lead, at, LeadUpserted.newBuilder().setEmail(email).setPhone(phone).setTimeZone(zone).build());
    }

    public VoiceEvent status(String lead, Instant at, LeadStatus status) {
        return upsert(lead, at, LeadUpserted.newBuilder().setStatus(status).build());
    }

    public VoiceEvent doNotCall(String lead, Instant at) {
        return upsert(lead, at, LeadUpserted.newBuilder().setDoNotCall(true).build());
    }

    public VoiceEvent enrolled(String lead, Instant at, String cadenceId) {
        return of(EventType.CADENCE_ENROLLED, lead, at, null, new CadenceEnrolled(cadenceId, null));
    }

    public static Instant days(double d) {
        return T0.plus(Duration.ofMillis((long) (d * 86_400_000)));
    }
}
