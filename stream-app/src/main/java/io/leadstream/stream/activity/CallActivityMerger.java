package io.leadstream.stream.activity;

import io.leadstream.schemas.AvroRecords;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CallStage;
import io.leadstream.schemas.event.CallAnswered;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.CallNoAnswer;
import io.leadstream.schemas.event.MeetingBooked;
import io.leadstream.schemas.event.QualificationResult;
import io.leadstream.schemas.event.TrialSignupOffered;
import io.leadstream.schemas.event.UpgradeOffered;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.LeadState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One CallActivity per call, re-emitted as the call gains information: placed → answered or
 * no-answer → completed with summary, signals and the agent's actions. Events of a call may arrive
 * in any order; the stage only moves forward and every field keeps the most informative value.
 */
public final class CallActivityMerger {

    /** Whether this event type says something about a call. */
    public static boolean concernsCall(VoiceEvent event) {
        return switch (event.getEventType()) {
            case CALL_PLACED, CALL_ANSWERED, CALL_NO_ANSWER, CALL_COMPLETED -> true;
            // Outcomes reported during a call become the call's agent actions.
            case QUALIFICATION_RESULT, TRIAL_SIGNUP_OFFERED, UPGRADE_OFFERED, MEETING_BOOKED -> event.getCallId() != null;
            default -> false;
        };
    }

    /**
     * The call's activity after {@code event}.
     *
     * @param previous the call's activity so far, or empty for its first event
     * @param callId   the call the event belongs to (its own callId, or the lead's open call)
     * @param lead     the lead after the event, for the contact details a CRM needs
     */
    public CallActivity merge(Optional<CallActivity> previous, VoiceEvent event, String callId, LeadState lead) {
        Instant at = event.getOccurredAt();
        // A shallow copy: every nested value below is replaced, never mutated (see AvroRecords).
        CallActivity b = previous.map(AvroRecords::shallowCopy).orElseGet(() -> CallActivity.newBuilder()
                .setCallId(callId).setLeadId(event.getLeadId()).setWorkspaceId(event.getWorkspaceId())
                .setStage(CallStage.UNKNOWN).setRevision(0).setLastEventId(event.getEventId()).setOccurredAt(at)
                .build());
        if (b.getCampaignId() == null) b.setCampaignId(event.getCampaignId());
        if (b.getAgentId() == null) b.setAgentId(event.getAgentId());
        Object payload = event.getPayload();

        switch (event.getEventType()) {
            case CALL_PLACED -> {
                b.setPlacedAt(earliest(b.getPlacedAt(), at));
                advance(b, CallStage.PLACED);
            }
            case CALL_ANSWERED -> {
                CallAnswered answered = (CallAnswered) payload;
                b.setAnsweredAt(earliest(b.getAnsweredAt(), at));
                b.setDurationSeconds(Math.max(b.getDurationSeconds(), answered.getDurationSeconds()));
                advance(b, CallStage.ANSWERED);
            }
            case CALL_NO_ANSWER -> {
                CallNoAnswer noAnswer = (CallNoAnswer) payload;
                b.setAttemptNumber(noAnswer.getAttemptNumber());
                b.setEndedAt(latest(b.getEndedAt(), at));
                if (b.getDisposition() == null && noAnswer.getOutcome() != null) {
                    b.setDisposition(noAnswer.getOutcome());
                }
                advance(b, CallStage.NO_ANSWER);
            }
            case CALL_COMPLETED -> {
                CallCompleted c = (CallCompleted) payload;
                b.setEndedAt(latest(b.getEndedAt(), at));
                b.setDurationSeconds(Math.max(b.getDurationSeconds(), c.getDurationSeconds()));
                b.setDirection(c.getDirection());
                if (c.getDisposition() != null) b.setDisposition(c.getDisposition());
                if (c.getSummary() != null) b.setSummary(c.getSummary());
                if (c.getRecordingUrl() != null) b.setRecordingUrl(c.getRecordingUrl());
                b.setSignals(mergeSignals(b.getSignals(), c.getDiscoveredSignals()));
                b.setToolCalls(mergeTools(b.getToolCalls(), c.getToolCalls()));
                advance(b, CallStage.COMPLETED);
            }
            case QUALIFICATION_RESULT -> {
                QualificationResult q = (QualificationResult) payload;
                b.setSignals(mergeSignals(b.getSignals(), new DiscoveredSignals(null, null, q.getPainPoints())));
                b.setToolCalls(mergeTools(b.getToolCalls(), List.of(action("qualify_lead", args(
                        "lead_score", Integer.toString(q.getLeadScore()), "segment", q.getSegment(), "next_action", q.getNextAction())))));
            }
            case TRIAL_SIGNUP_OFFERED -> b.setToolCalls(mergeTools(b.getToolCalls(), List.of(action("offer_trial",
                    args("accepted", Boolean.toString(((TrialSignupOffered) payload).getAccepted()))))));
            case UPGRADE_OFFERED -> {
                UpgradeOffered u = (UpgradeOffered) payload;
                b.setToolCalls(mergeTools(b.getToolCalls(), List.of(action("offer_upgrade", args("proposed_plan", u.getProposedPlan(),
                        "discount_percent", Double.toString(u.getDiscountPercent()), "accepted", Boolean.toString(u.getAccepted()))))));
            }
            case MEETING_BOOKED -> {
                MeetingBooked m = (MeetingBooked) payload;
                b.setToolCalls(mergeTools(b.getToolCalls(), List.of(action("book_sales_meeting", args(
                        "appointment_id", m.getAppointmentId(), "preferred_date", m.getDate(), "preferred_time", m.getTime(),
                        "type", m.getType())))));
            }
            default -> throw new IllegalArgumentException(event.getEventType() + " does not concern a call");
        }

        if (lead.getProfile().getPhone() != null) b.setPhone(lead.getProfile().getPhone());
        if (lead.getProfile().getEmail() != null) b.setEmail(lead.getProfile().getEmail());
        b.setRevision(b.getRevision() + 1);
        b.setLastEventId(event.getEventId());
        b.setOccurredAt(latest(b.getOccurredAt(), at));
        return b;
    }

    private static void advance(CallActivity b, CallStage stage) {
        if (rank(stage) > rank(b.getStage())) {
            b.setStage(stage);
        }
    }

    private static int rank(CallStage stage) {
        return switch (stage) {
            case UNKNOWN -> 0;
            case PLACED -> 1;
            case ANSWERED, NO_ANSWER -> 2;
            case COMPLETED -> 3;
        };
    }

    private static DiscoveredSignals mergeSignals(DiscoveredSignals a, DiscoveredSignals b) {
        if (b == null) {
            return a;
        }
        if (a == null) {
            return DiscoveredSignals.newBuilder(b).build();
        }
        LinkedHashSet<String> pains = new LinkedHashSet<>(a.getPainPoints());
        pains.addAll(b.getPainPoints());
        return new DiscoveredSignals(b.getUseCase() != null ? b.getUseCase() : a.getUseCase(),
                b.getTeamSize() != null ? b.getTeamSize() : a.getTeamSize(), new ArrayList<>(pains));
    }

    /** Appends actions not already recorded (same tool and arguments), keeping order. */
    private static List<ToolCall> mergeTools(List<ToolCall> existing, List<ToolCall> added) {
        List<ToolCall> merged = new ArrayList<>(existing);
        for (ToolCall t : added) {
            if (!merged.contains(t)) {
                merged.add(t);
            }
        }
        return merged;
    }

    private static ToolCall action(String tool, Map<String, String> arguments) {
        return new ToolCall(tool, arguments, true);
    }

    /** Arguments from alternating name/value pairs, skipping null values. */
    private static Map<String, String> args(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put(pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
