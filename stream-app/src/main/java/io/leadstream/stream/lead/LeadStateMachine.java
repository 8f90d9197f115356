package io.leadstream.stream.lead;

import io.leadstream.schemas.AvroRecords;
import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.event.CadenceEnrolled;
import io.leadstream.schemas.event.CadenceExited;
import io.leadstream.schemas.event.CallAnswered;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.ConsentRecorded;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.MeetingBooked;
import io.leadstream.schemas.event.OptOutScope;
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.QualificationResult;
import io.leadstream.schemas.event.TrialSignupOffered;
import io.leadstream.schemas.event.UpgradeOffered;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.Consent;
import io.leadstream.schemas.lead.LeadProfile;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.stream.geo.PhoneNumbers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * SPEC §5: how one event changes a lead. Pure: the same state and event always give the same next
 * state, and nothing here reads a clock, so replaying the log reproduces every state byte for byte.
 * <ul>
 *   <li>cold → contacted on the first answered call; unresponsive → contacted on an answered call;</li>
 *   <li>→ trial on an accepted trial; → customer on an accepted upgrade or a profile upsert saying so;
 *       customer is never downgraded;</li>
 *   <li>→ unresponsive after N consecutive no-answers with no answered call within the quiet period;</li>
 *   <li>any → opted_out on OPTOUT_REQUESTED or a doNotCall=true upsert; terminal, except an explicit
 *       written outreach consent for the lead's phone <em>captured</em> after the opt-out (SPEC §7 "Fail closed": a
 *       consent captured before the opt-out but sent later never turns calling back on).</li>
 * </ul>
 * A consent is bound to the phone it was captured for: the number the event names, else the lead's phone when the
 * consent is applied (none: bound to nothing, which allows no call). The lead keeps the latest decision per kind and phone.
 * Late events (older than the latest applied) still count, but never roll back a terminal status:
 * the status changes they would cause are ignored when the lead is opted out or a customer.
 */
public final class LeadStateMachine {
    private final LeadRules rules;

    public LeadStateMachine(LeadRules rules) {
        this.rules = rules;
    }

    /** The state of a lead nobody has heard of yet. */
    public static LeadState initial(String leadId, String workspaceId) {
        return LeadState.newBuilder()
                .setLeadId(leadId).setWorkspaceId(workspaceId)
                .setProfile(LeadProfile.newBuilder().build())
                .setStatus(LeadStatus.COLD)
                .build();
    }

    /**
     * Applies {@code event} to {@code current} (null for a new lead).
     *
     * @param talkSecondsAlreadyCounted talk time of this event's call already in
     *                                  {@code totalTalkSeconds}, so answered and completed events
     *                                  of one call don't count its minutes twice
     */
    public LeadState apply(LeadState current, VoiceEvent event, int talkSecondsAlreadyCounted) {
        LeadState base = current != null ? current : initial(event.getLeadId(), event.getWorkspaceId());
        // A shallow copy: every nested value below is replaced, never mutated (see AvroRecords).
        LeadState next = AvroRecords.shallowCopy(base);
        Instant at = event.getOccurredAt();
        boolean late = base.getLastEventAt() != null && at.isBefore(base.getLastEventAt());
        Object payload = event.getPayload();

        switch (event.getEventType()) {
            case CALL_PLACED -> {
                next.setCallsPlaced(base.getCallsPlaced() + 1);
                touchCall(next, base, event, late);
            }
            case CALL_ANSWERED -> {
                CallAnswered answered = (CallAnswered) payload;
                next.setCallsAnswered(base.getCallsAnswered() + 1);
                next.setNoAnswerStreak(late ? base.getNoAnswerStreak() : 0);
                next.setLastAnsweredAt(max(base.getLastAnsweredAt(), at));
                next.setTotalTalkSeconds(base.getTotalTalkSeconds() + Math.max(0, answered.getDurationSeconds() - talkSecondsAlreadyCounted));
                touchCall(next, base, event, late);
                // A late answer older than the silence that made the lead unresponsive does not revive it.
                boolean revives = base.getStatus() == LeadStatus.UNRESPONSIVE && !late;
                if (base.getStatus() == LeadStatus.COLD || revives) {
                    next.setStatus(LeadStatus.CONTACTED);
                }
            }
            case CALL_NO_ANSWER -> {
                // A no-answer older than the last answered call is history: it cannot extend the current streak.
                boolean beforeLastAnswer = base.getLastAnsweredAt() != null && at.isBefore(base.getLastAnsweredAt());
                next.setNoAnswerStreak(beforeLastAnswer ? base.getNoAnswerStreak() : base.getNoAnswerStreak() + 1);
                touchCall(next, base, event, late);
                if (becomesUnresponsive(base, next.getNoAnswerStreak(), at)) {
                    next.setStatus(LeadStatus.UNRESPONSIVE);
                }
            }
            case CALL_COMPLETED -> {
                CallCompleted completed = (CallCompleted) payload;
                next.setTotalTalkSeconds(base.getTotalTalkSeconds() + Math.max(0, completed.getDurationSeconds() - talkSecondsAlreadyCounted));
                touchCall(next, base, event, late);
                DiscoveredSignals signals = completed.getDiscoveredSignals();
                if (signals != null) {
                    if (signals.getUseCase() != null) {
                        next.setUseCase(signals.getUseCase());
                    }
                    if (signals.getTeamSize() != null) {
                        next.setTeamSize(signals.getTeamSize());
                    }
                    next.setPainPoints(union(base.getPainPoints(), signals.getPainPoints()));
                }
            }
            case QUALIFICATION_RESULT -> {
                QualificationResult q = (QualificationResult) payload;
                next.setLastQualificationScore(q.getLeadScore());
                next.setNextAction(q.getNextAction());
                next.setPainPoints(union(base.getPainPoints(), q.getPainPoints()));
                if (q.getSegment() != null) {
                    LeadProfile profile = AvroRecords.shallowCopy(base.getProfile());
                    profile.setSegment(q.getSegment());
                    next.setProfile(profile);
                }
            }
            case TRIAL_SIGNUP_OFFERED -> {
                TrialSignupOffered trial = (TrialSignupOffered) payload;
                next.setTrialOffered(true);
                if (trial.getAccepted()) {
                    next.setTrialAccepted(true);
                    if (base.getStatus() != LeadStatus.CUSTOMER && base.getStatus() != LeadStatus.OPTED_OUT) {
                        next.setStatus(LeadStatus.TRIAL);
                    }
                }
            }
            case UPGRADE_OFFERED -> {
                UpgradeOffered upgrade = (UpgradeOffered) payload;
                next.setUpgradeOffered(true);
                if (upgrade.getAccepted()) {
                    next.setUpgradeAccepted(true);
                    if (base.getStatus() != LeadStatus.OPTED_OUT) {
                        next.setStatus(LeadStatus.CUSTOMER);
                    }
                }
            }
            case MEETING_BOOKED -> {
                next.setMeetingBooked(true);
                next.setLastAppointmentId(((MeetingBooked) payload).getAppointmentId());
            }
            case OPTOUT_REQUESTED -> optOut(next, base, at, (OptoutRequested) payload);
            case CONSENT_RECORDED -> recordConsent(next, base, (ConsentRecorded) payload, at);
            case LEAD_UPSERTED -> upsert(next, base, (LeadUpserted) payload, at);
            case CADENCE_ENROLLED -> {
                CadenceEnrolled enrolled = (CadenceEnrolled) payload;
                next.setActiveCadenceId(enrolled.getCadenceId());
                next.setCadenceEnrolledAt(enrolled.getStartAt() != null ? enrolled.getStartAt() : at);
            }
            case CADENCE_EXITED -> {
                if (((CadenceExited) payload).getCadenceId().equals(base.getActiveCadenceId())) {
                    next.setActiveCadenceId(null);
                    next.setCadenceEnrolledAt(null);
                }
            }
            default -> throw new IllegalArgumentException("Cannot apply event type " + event.getEventType());
        }

        next.setVersion(base.getVersion() + 1);
        next.setLastEventAt(max(base.getLastEventAt(), at));
        next.setCreatedAt(base.getCreatedAt() == null || at.isBefore(base.getCreatedAt()) ? at : base.getCreatedAt());
        next.setRecentEventIds(appendBounded(base.getRecentEventIds(), event.getEventId(), rules.recentEventIdsKept()));
        return next;
    }

    private boolean becomesUnresponsive(LeadState base, int streak, Instant at) {
        if (base.getStatus() != LeadStatus.COLD && base.getStatus() != LeadStatus.CONTACTED) {
            return false; // trial, customer, opted_out and unresponsive leads keep their status
        }
        boolean answeredRecently = base.getLastAnsweredAt() != null
                && base.getLastAnsweredAt().isAfter(at.minus(rules.unresponsiveQuietPeriod()));
        return streak >= rules.unresponsiveAfterNoAnswers() && !answeredRecently;
    }

    private static void touchCall(LeadState next, LeadState base, VoiceEvent event, boolean late) {
        next.setLastContactedAt(max(base.getLastContactedAt(), event.getOccurredAt()));
        if (!late && event.getCallId() != null) {
            next.setLastCallId(event.getCallId());
        }
    }

    private static void optOut(LeadState next, LeadState base, Instant at, OptoutRequested request) {
        next.setStatus(LeadStatus.OPTED_OUT);
        // An opt-out from email only still blocks calls through the status: the conservative reading.
        if (request.getChannel() != OptOutScope.EMAIL) {
            next.setDoNotCall(true);
        }
        if (request.getChannel() == OptOutScope.ALL || request.getChannel() == OptOutScope.EMAIL) {
            next.setDoNotEmail(true);
        }
        next.setOptedOutAt(base.getOptedOutAt() == null || at.isAfter(base.getOptedOutAt()) ? at : base.getOptedOutAt());
        next.setOptOutReason(request.getReason() != null ? request.getReason() : "opt-out requested");
    }

    private static void recordConsent(LeadState next, LeadState base, ConsentRecorded consent, Instant at) {
        String phone = consent.getPhone() != null ? PhoneNumbers.normalize(consent.getPhone()).orElse(consent.getPhone())
                : PhoneNumbers.normalize(base.getProfile().getPhone()).orElse(null);
        List<Consent> consents = new ArrayList<>();
        boolean newer = true;
        for (Consent c : base.getConsents()) {
            if (c.getKind() == consent.getKind() && Objects.equals(c.getPhone(), phone)) {
                newer = consent.getCapturedAt().isAfter(c.getCapturedAt());
                if (!newer) {
                    consents.add(c);
                }
            } else {
                consents.add(c);
            }
        }
        if (newer) {
            consents.add(new Consent(consent.getKind(), consent.getGranted(), consent.getCapturedAt(), phone));
        }
        next.setConsents(consents);

        // Only explicit written outreach consent for the lead's own number, captured after the opt-out, lifts it:
        // when it was sent does not matter, when the person gave it does.
        boolean liftsOptOut = consent.getKind() == ConsentKind.OUTREACH_WRITTEN && consent.getGranted()
                && base.getStatus() == LeadStatus.OPTED_OUT
                && base.getOptedOutAt() != null && consent.getCapturedAt().isAfter(base.getOptedOutAt())
                && Objects.equals(phone, PhoneNumbers.normalize(base.getProfile().getPhone()).orElse(null));
        if (liftsOptOut) {
            next.setStatus(statusBeforeOptOut(base));
            next.setDoNotCall(false);
            next.setDoNotEmail(false);
        }
    }

    private void upsert(LeadState next, LeadState base, LeadUpserted u, Instant at) {
        LeadProfile p = base.getProfile();
        LeadProfile profile = AvroRecords.shallowCopy(p);
        if (u.getEmail() != null) profile.setEmail(u.getEmail());
        if (u.getFirstName() != null) profile.setFirstName(u.getFirstName());
        if (u.getLastName() != null) profile.setLastName(u.getLastName());
        if (u.getPhone() != null) profile.setPhone(u.getPhone());
        if (u.getCompany() != null) profile.setCompany(u.getCompany());
        if (u.getSegment() != null) profile.setSegment(u.getSegment());
        if (u.getPreferredContactTime() != null) profile.setPreferredContactTime(u.getPreferredContactTime());
        if (u.getTimeZone() != null) profile.setTimeZone(u.getTimeZone());
        if (u.getState() != null) profile.setState(u.getState());
        next.setProfile(profile);
        if (u.getDoNotEmail() != null) {
            next.setDoNotEmail(u.getDoNotEmail());
        }

        if (Boolean.TRUE.equals(u.getDoNotCall()) || u.getStatus() == LeadStatus.OPTED_OUT) {
            optOut(next, base, at, new OptoutRequested("doNotCall set on the lead profile", OptOutScope.CALL, null));
            if (Boolean.TRUE.equals(u.getDoNotEmail())) {
                next.setDoNotEmail(true);
            }
            return;
        }
        if (Boolean.FALSE.equals(u.getDoNotCall()) && base.getStatus() != LeadStatus.OPTED_OUT) {
            next.setDoNotCall(false); // clearing doNotCall never lifts an opt-out: only written consent does
        }
        LeadStatus wanted = u.getStatus();
        if (wanted != null && wanted != LeadStatus.UNKNOWN
                && base.getStatus() != LeadStatus.OPTED_OUT && base.getStatus() != LeadStatus.CUSTOMER) {
            next.setStatus(wanted);
        }
    }

    /** What the lead would be had it never opted out, from what it has done. */
    private static LeadStatus statusBeforeOptOut(LeadState s) {
        if (s.getUpgradeAccepted()) {
            return LeadStatus.CUSTOMER;
        }
        if (s.getTrialAccepted()) {
            return LeadStatus.TRIAL;
        }
        return s.getCallsAnswered() > 0 ? LeadStatus.CONTACTED : LeadStatus.COLD;
    }

    private static List<String> union(List<String> existing, List<String> added) {
        LinkedHashSet<String> merged = new LinkedHashSet<>(existing);
        for (String s : added) {
            if (s != null && !s.isBlank()) {
                merged.add(s.trim());
            }
        }
        return new ArrayList<>(merged);
    }

    private static List<String> appendBounded(List<String> ids, String id, int max) {
        List<String> out = new ArrayList<>(ids);
        out.add(id);
        return out.size() <= max ? out : new ArrayList<>(out.subList(out.size() - max, out.size()));
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
