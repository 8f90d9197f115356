package io.leadstream.stream.lead;

import io.leadstream.schemas.AvroRecords;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.crm.Appointment;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CallStage;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.MeetingBooked;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.DecayedSum;
import io.leadstream.schemas.internal.LeadSnapshot;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.lead.ScoreCause;
import io.leadstream.schemas.lead.ScoreComponent;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.stream.activity.CallActivityMerger;
import io.leadstream.stream.appointment.AppointmentRequest;
import io.leadstream.stream.appointment.AppointmentTimeResolver;
import io.leadstream.stream.appointment.ResolvedAppointment;
import io.leadstream.stream.engagement.EngagementScorer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Everything one event does to a lead, as a pure function of the lead's snapshot and the event:
 * the next state (SPEC §5), the engagement ledger and score (§6), the call's activity and any
 * appointment (§3). The stream processor only stores the new snapshot and forwards the outputs.
 */
public final class LeadEventApplier {
    private final LeadStateMachine machine;
    private final EngagementScorer scorer;
    private final CallActivityMerger calls;
    private final AppointmentTimeResolver appointments;
    private final int recentCallsKept;
    private final int dedupEventsKept;

    /** What applying one event produced. Empty outputs mean "unchanged: emit nothing". */
    public record Outcome(LeadSnapshot snapshot, Optional<LeadState> changedState, Optional<EngagementScore> engagement,
                          List<CrmActivity> activities) {
    }

    /**
     * @param recentCallsKept calls per lead kept so late events of a call still merge into it
     * @param dedupEventsKept applied eventIds per lead remembered (as hashes) to drop duplicates
     */
    public LeadEventApplier(LeadStateMachine machine, EngagementScorer scorer, CallActivityMerger calls,
                            AppointmentTimeResolver appointments, int recentCallsKept, int dedupEventsKept) {
        this.machine = machine;
        this.scorer = scorer;
        this.calls = calls;
        this.appointments = appointments;
        this.recentCallsKept = recentCallsKept;
        this.dedupEventsKept = dedupEventsKept;
    }

    /**
     * Whether the lead already applied an event with this eventId (SPEC §5: the lead's last
     * eventIds). A retry of an event arrives soon after it, so the lead's last {@code dedupEventsKept}
     * ids catch it; keeping them in the lead's own snapshot costs no extra store access per event.
     */
    public boolean isDuplicate(LeadSnapshot current, VoiceEvent event) {
        if (current == null) {
            return false;
        }
        long hash = eventIdHash(event.getEventId());
        for (Long seen : current.getRecentEventHashes()) {
            if (seen == hash) {
                return true;
            }
        }
        return false;
    }

    /**
     * 64 bits from two independent 32-bit hashes (CRC-32C and String's own): collisions among one
     * lead's last few dozen eventIds are out of practical reach, and it costs far less than a digest.
     */
    static long eventIdHash(String eventId) {
        CRC32C crc = new CRC32C();
        crc.update(eventId.getBytes(StandardCharsets.UTF_8));
        return (crc.getValue() << 32) | (eventId.hashCode() & 0xffffffffL);
    }

    public Outcome apply(LeadSnapshot current, VoiceEvent event) {
        LeadState before = current == null ? null : current.getState();
        requireSameLead(before, event);
        List<CallActivity> recentCalls = current == null ? List.of() : current.getRecentCalls();
        Map<String, DecayedSum> ledger = current == null ? Map.of() : current.getEngagement();
        int lastEmittedScore = current == null ? 0 : current.getLastEmittedScore();

        boolean concernsCall = CallActivityMerger.concernsCall(event);
        String callId = concernsCall ? callIdFor(event, recentCalls) : null;
        Optional<CallActivity> previousCall = concernsCall
                ? recentCalls.stream().filter(c -> c.getCallId().equals(callId)).findFirst() : Optional.empty();
        int talkCounted = previousCall.map(CallActivity::getDurationSeconds).orElse(0);

        LeadState next = machine.apply(before, event, talkCounted);
        Map<String, DecayedSum> nextLedger = scorer.record(ledger, event);
        boolean optedOut = next.getStatus() == LeadStatus.OPTED_OUT;
        EngagementScorer.Score score = scorer.score(nextLedger, next.getLastEventAt(), optedOut);
        next.setEngagementScore(score.value());

        List<CrmActivity> activities = new ArrayList<>(2);
        List<CallActivity> nextCalls = recentCalls;
        if (concernsCall) {
            CallActivity merged = calls.merge(previousCall, event, callId, next);
            nextCalls = withCall(recentCalls, merged);
            activities.add(new CrmActivity(merged));
        }
        if (event.getEventType() == EventType.MEETING_BOOKED) {
            activities.add(new CrmActivity(appointment(event, callId, next)));
        }

        boolean scoreMoved = nextLedger != ledger || before == null || score.value() != before.getEngagementScore();
        Optional<EngagementScore> engagement = scoreMoved
                ? Optional.of(engagementScore(next, score, next.getLastEventAt(), optedOut ? ScoreCause.OPT_OUT : ScoreCause.EVENT))
                : Optional.empty();
        Optional<LeadState> changed = before != null && sameIgnoringBookkeeping(before, next) ? Optional.empty() : Optional.of(next);
        List<Long> hashes = appendBounded(current == null ? List.of() : current.getRecentEventHashes(), eventIdHash(event.getEventId()), dedupEventsKept);
        LeadSnapshot snapshot = new LeadSnapshot(next, nextLedger, engagement.isPresent() ? score.value() : lastEmittedScore, hashes, nextCalls);
        return new Outcome(snapshot, changed, engagement, activities);
    }

    /**
     * A lead is the pair (workspaceId, leadId) (SPEC §3): an event of another workspace's lead with the same
     * leadId must never merge into this one — its profile would flow into this lead's calls and CRM records.
     */
    private static void requireSameLead(LeadState before, VoiceEvent event) {
        if (before != null && !(before.getLeadId().equals(event.getLeadId()) && before.getWorkspaceId().equals(event.getWorkspaceId()))) {
            throw new IllegalArgumentException("event " + event.getEventId() + " of lead " + event.getWorkspaceId() + LeadKey.SEPARATOR
                    + event.getLeadId() + " applied to the snapshot of lead " + before.getWorkspaceId() + LeadKey.SEPARATOR + before.getLeadId());
        }
    }

    /**
     * The decayed score at {@code now} when it moved by at least one point since last emitted, with
     * the snapshot recording it; empty when nothing is worth re-emitting.
     */
    public Optional<Map.Entry<LeadSnapshot, EngagementScore>> decay(LeadSnapshot current, Instant now) {
        if (current.getState().getStatus() == LeadStatus.OPTED_OUT || current.getEngagement().isEmpty()) {
            return Optional.empty();
        }
        EngagementScorer.Score score = scorer.score(current.getEngagement(), now, false);
        if (Math.abs(score.value() - current.getLastEmittedScore()) < 1) {
            return Optional.empty();
        }
        LeadSnapshot updated = LeadSnapshot.newBuilder(current).setLastEmittedScore(score.value()).build();
        return Optional.of(Map.entry(updated, engagementScore(current.getState(), score, now, ScoreCause.DECAY)));
    }

    /**
     * Which call an event belongs to: its own callId; otherwise a call event continues the lead's
     * newest unfinished call, and a CALL_PLACED without an id starts a call named by its eventId.
     */
    private static String callIdFor(VoiceEvent event, List<CallActivity> recentCalls) {
        if (event.getCallId() != null && !event.getCallId().isBlank()) {
            return event.getCallId();
        }
        if (event.getEventType() != EventType.CALL_PLACED && !recentCalls.isEmpty()) {
            CallActivity newest = recentCalls.get(recentCalls.size() - 1);
            if (newest.getStage() != CallStage.COMPLETED) {
                return newest.getCallId();
            }
        }
        return event.getEventId();
    }

    private static List<Long> appendBounded(List<Long> hashes, long hash, int max) {
        List<Long> next = new ArrayList<>(Math.min(hashes.size() + 1, max));
        int from = Math.max(0, hashes.size() + 1 - max);
        for (int i = from; i < hashes.size(); i++) {
            next.add(hashes.get(i));
        }
        next.add(hash);
        return next;
    }

    private List<CallActivity> withCall(List<CallActivity> recent, CallActivity call) {
        List<CallActivity> next = new ArrayList<>(recent.size() + 1);
        for (CallActivity c : recent) {
            if (!c.getCallId().equals(call.getCallId())) {
                next.add(c);
            }
        }
        next.add(call);
        return next.size() <= recentCallsKept ? next : new ArrayList<>(next.subList(next.size() - recentCallsKept, next.size()));
    }

    private Appointment appointment(VoiceEvent event, String callId, LeadState lead) {
        MeetingBooked m = (MeetingBooked) event.getPayload();
        ResolvedAppointment resolved = appointments.resolve(new AppointmentRequest(m.getDate(), m.getTime(), m.getTimeZone(),
                lead.getProfile().getTimeZone(), lead.getProfile().getPhone(), event.getOccurredAt(), m.getDurationMinutes()));
        return Appointment.newBuilder()
                .setAppointmentId(m.getAppointmentId())
                .setCallId(event.getCallId() != null ? event.getCallId() : callId)
                .setLeadId(event.getLeadId()).setWorkspaceId(event.getWorkspaceId())
                .setType(m.getType())
                .setStartAt(resolved.start().orElse(null)).setEndAt(resolved.end().orElse(null))
                .setDurationMinutes(m.getDurationMinutes())
                .setTimeZone(resolved.zone().getId()).setTimeZoneSource(resolved.source())
                .setRequestedDate(m.getDate()).setRequestedTime(m.getTime()).setNotes(m.getNotes())
                .setPhone(lead.getProfile().getPhone()).setEmail(lead.getProfile().getEmail())
                .setValidationError(resolved.validationError().orElse(null))
                .setBookedAt(event.getOccurredAt()).setEventId(event.getEventId())
                .build();
    }

    private static EngagementScore engagementScore(LeadState lead, EngagementScorer.Score score, Instant asOf, ScoreCause cause) {
        List<ScoreComponent> components = new ArrayList<>();
        score.components().forEach((group, points) -> components.add(new ScoreComponent(group.label, round(points))));
        return EngagementScore.newBuilder().setLeadId(lead.getLeadId()).setWorkspaceId(lead.getWorkspaceId())
                .setScore(score.value()).setComponents(components).setAsOf(asOf).setCause(cause)
                .setStateVersion(lead.getVersion()).build();
    }

    /** Components are shown to 0.01 point: enough for analysts, and stable text for diffs. */
    private static double round(double points) {
        return Math.round(points * 100) / 100.0;
    }

    /** Equal but for what every applied event changes (count, clock, trace): nothing a consumer needs re-sent. */
    static boolean sameIgnoringBookkeeping(LeadState a, LeadState b) {
        return AvroRecords.equalExcept(a, b, BOOKKEEPING);
    }

    private static final Set<String> BOOKKEEPING = Set.of("version", "lastEventAt", "recentEventIds");
}
