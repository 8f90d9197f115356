package io.leadstream.stream.validation;

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
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.QualificationResult;
import io.leadstream.schemas.event.TrialSignupOffered;
import io.leadstream.schemas.event.UpgradeOffered;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.topic.LeadKey;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an event may be applied at all. A rejected event goes to the DLQ with the reason
 * and changes nothing, so one bad producer cannot corrupt a lead's state.
 */
public final class EventValidator {
    /** Nothing the voice platform records predates it; older timestamps are unit mistakes (seconds for millis). */
    static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");
    private static final Map<EventType, Class<?>> PAYLOADS = new EnumMap<>(EventType.class);

    static {
        PAYLOADS.put(EventType.CALL_PLACED, CallPlaced.class);
        PAYLOADS.put(EventType.CALL_ANSWERED, CallAnswered.class);
        PAYLOADS.put(EventType.CALL_NO_ANSWER, CallNoAnswer.class);
        PAYLOADS.put(EventType.CALL_COMPLETED, CallCompleted.class);
        PAYLOADS.put(EventType.TRIAL_SIGNUP_OFFERED, TrialSignupOffered.class);
        PAYLOADS.put(EventType.QUALIFICATION_RESULT, QualificationResult.class);
        PAYLOADS.put(EventType.UPGRADE_OFFERED, UpgradeOffered.class);
        PAYLOADS.put(EventType.MEETING_BOOKED, MeetingBooked.class);
        PAYLOADS.put(EventType.OPTOUT_REQUESTED, OptoutRequested.class);
        PAYLOADS.put(EventType.CONSENT_RECORDED, ConsentRecorded.class);
        PAYLOADS.put(EventType.LEAD_UPSERTED, LeadUpserted.class);
        PAYLOADS.put(EventType.CADENCE_ENROLLED, CadenceEnrolled.class);
        PAYLOADS.put(EventType.CADENCE_EXITED, CadenceExited.class);
    }

    private final Duration maxFutureSkew;

    /** @param maxFutureSkew how far past the wall clock an occurredAt may lie (clock drift of producers) */
    public EventValidator(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    /** Why {@code event}, read from a record with {@code key}, must not be applied; empty when it may. */
    public Optional<String> problem(String key, VoiceEvent event, Instant now) {
        if (event == null) {
            return Optional.of("record has no value (a tombstone) on an event topic");
        }
        if (blank(event.getEventId())) {
            return Optional.of("eventId is missing");
        }
        // SPEC §3: the key is the value's own lead, so a lead's events stay in order on one partition and
        // two workspaces' leads of the same leadId never meet in one store entry.
        Optional<String> keyProblem = LeadKey.mismatch(key, event.getWorkspaceId(), event.getLeadId());
        if (keyProblem.isPresent()) {
            return keyProblem;
        }
        Class<?> expected = PAYLOADS.get(event.getEventType());
        if (expected == null) {
            return Optional.of("unknown eventType " + event.getEventType());
        }
        if (!expected.isInstance(event.getPayload())) {
            return Optional.of("payload " + event.getPayload().getClass().getSimpleName() + " does not match eventType "
                    + event.getEventType() + " (expected " + expected.getSimpleName() + ")");
        }
        Instant at = event.getOccurredAt();
        if (at.isAfter(now.plus(maxFutureSkew))) {
            return Optional.of("occurredAt " + at + " is " + Duration.between(now, at).toMinutes()
                    + " min in the future (more than the allowed " + maxFutureSkew.toMinutes() + " min of clock skew)");
        }
        if (at.isBefore(EARLIEST_PLAUSIBLE)) {
            return Optional.of("occurredAt " + at + " is before " + EARLIEST_PLAUSIBLE + ": seconds sent as milliseconds?");
        }
        return payloadProblem(event);
    }

    private static Optional<String> payloadProblem(VoiceEvent event) {
        Object p = event.getPayload();
        if (p instanceof QualificationResult q && (q.getLeadScore() < 0 || q.getLeadScore() > 100)) {
            return Optional.of("leadScore " + q.getLeadScore() + " is outside 0-100");
        }
        if (p instanceof MeetingBooked m && blank(m.getAppointmentId())) {
            return Optional.of("MEETING_BOOKED needs an appointmentId");
        }
        if (p instanceof CadenceEnrolled c && blank(c.getCadenceId())) {
            return Optional.of("CADENCE_ENROLLED needs a cadenceId");
        }
        if (p instanceof CallAnswered a && a.getDurationSeconds() < 0) {
            return Optional.of("durationSeconds " + a.getDurationSeconds() + " is negative");
        }
        if (p instanceof CallCompleted c && c.getDurationSeconds() < 0) {
            return Optional.of("durationSeconds " + c.getDurationSeconds() + " is negative");
        }
        return Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
