package io.leadstream.stream.compliance;

import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.cadence.TriggerAction;
import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.compliance.Decision;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.DncSource;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.internal.CallProposal;
import io.leadstream.schemas.internal.PhoneCall;
import io.leadstream.schemas.internal.PhoneCallPlaced;
import io.leadstream.schemas.internal.PhoneConsentRecorded;
import io.leadstream.schemas.internal.PhoneLedger;
import io.leadstream.schemas.internal.PhoneOptedOut;
import io.leadstream.schemas.internal.PhoneRequest;
import io.leadstream.schemas.internal.PhoneVerdict;
import io.leadstream.schemas.internal.ProposalWithdrawn;
import io.leadstream.schemas.topic.DncKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The phone stage's decisions (SPEC §7 "Fail closed"): one {@link PhoneLedger} per number of a workspace, fed, in the
 * order they were sent, by the facts of every lead with that number and by the call proposals of their cadences — so
 * a proposal is decided after every opt-out, consent and call that reached the lead side before it.
 * <ul>
 *   <li>opt-out (any lead's opt-out or doNotCall, or a revoked written consent): the number is opted out since that
 *       event time, unless a granted written consent for it was <em>captured</em> later. When that starts, the number is
 *       put on the workspace's internal DNC list ({@code compliance.dnc.v1}, key {@code <workspaceId>/<E.164>}) and
 *       every released DUE for it whose {@code notAfter} has not passed is CANCELLED;</li>
 *   <li>granted written consent captured after the opt-out: lifts it (the DNC entry is removed);</li>
 *   <li>call placed by any dialer: counted by the frequency caps, once with the DUE it acted on when it names it;</li>
 *   <li>call proposal: CANCEL when the number is opted out or on the workspace's internal DNC list, BLOCK when it is on
 *       a national/state list (listed after the lead's gates passed it), DEFER when the
 *       calling window it was allowed in has closed meanwhile or a cap on the number is reached (calls only), else
 *       ALLOW: the DUE goes out with {@code notAfter} = min(now + validity, end of that window);</li>
 *   <li>withdrawal (the lead's cadence moved on while its proposal was out): CANCELLED for the DUE if it went out.</li>
 * </ul>
 * Every proposal gets a verdict back to its lead; every non-ALLOW decision is audited with its rule and reason. Pure:
 * no Kafka, no clock.
 */
public final class PhoneGate {
    /** A write to {@code compliance.dnc.v1}: {@code entry} null removes the key. */
    public record DncWrite(String key, DncEntry entry) {
    }

    /**
     * Everything one request produced. {@code ledger} null: nothing left to remember, delete it. Triggers, audits and
     * verdicts are keyed by their own lead ({@code <workspaceId>/<leadId>} of the record).
     */
    public record Outcome(PhoneLedger ledger, List<CadenceTrigger> triggers, List<GateDecision> audits, List<PhoneVerdict> verdicts,
                          Optional<DncWrite> dncWrite) {
        public Outcome {
            triggers = List.copyOf(triggers);
            audits = List.copyOf(audits);
            verdicts = List.copyOf(verdicts);
        }
    }

    private final ComplianceConfig config;

    public PhoneGate(ComplianceConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Decides {@code request} at {@code now}; {@code dnc} answers for the workspace's internal list. */
    public Outcome decide(PhoneLedger current, PhoneRequest request, DncLookup dnc, Instant now) {
        Work w = new Work(current != null ? PhoneLedger.newBuilder(current).build()
                : PhoneLedger.newBuilder().setWorkspaceId(request.getWorkspaceId()).setPhone(request.getPhone()).build(), request, now);
        w.prune();
        Object r = request.getRequest();
        if (r instanceof CallProposal p) {
            propose(w, p, dnc);
        } else if (r instanceof PhoneOptedOut o) {
            optOut(w, o.getOptedOutAt(), o.getReason());
        } else if (r instanceof PhoneConsentRecorded c) {
            consent(w, c);
        } else if (r instanceof PhoneCallPlaced c) {
            placed(w, c);
        } else if (r instanceof ProposalWithdrawn c) {
            withdraw(w, c);
        }
        return w.outcome();
    }

    /** Opted out: an opt-out and no granted consent captured after it. */
    public static boolean optedOut(PhoneLedger ledger) {
        return ledger != null && ledger.getOptedOutAt() != null
                && (ledger.getConsentedAt() == null || !ledger.getConsentedAt().isAfter(ledger.getOptedOutAt()));
    }

    private void propose(Work w, CallProposal p, DncLookup dnc) {
        CadenceTrigger template = p.getTrigger();
        String triggerId = template.getTriggerId();
        Optional<CadenceTrigger> released = w.ledger.getReleased().stream().filter(t -> t.getTriggerId().equals(triggerId)).findFirst();
        if (released.isPresent() || w.ledger.getCalls().stream().anyMatch(c -> triggerId.equals(c.getTriggerId()))) {
            // Proposed again (a verdict not yet seen by the lead side): it went out once, never twice.
            w.verdict(p, Decision.ALLOW, GateRule.UNKNOWN, "already released", released.map(CadenceTrigger::getDueAt).orElse(w.now), null);
            return;
        }
        String phone = w.ledger.getPhone();
        if (optedOut(w.ledger)) {
            cancel(w, p, GateRule.INTERNAL_DNC, phone + " opted out at " + w.ledger.getOptedOutAt() + " as lead " + w.ledger.getOptedOutBy()
                    + (w.ledger.getOptOutReason() != null ? " (" + w.ledger.getOptOutReason() + ")" : "")
                    + " and no written consent for it was captured since");
            return;
        }
        Optional<DncEntry> listed = dnc.find(w.ledger.getWorkspaceId(), phone)
                .filter(e -> e.getExpiresAt() == null || e.getExpiresAt().isAfter(w.now));
        if (listed.isPresent()) {
            cancel(w, p, GateRule.INTERNAL_DNC, phone + " is on workspace " + w.ledger.getWorkspaceId() + "'s internal do-not-call list since "
                    + listed.get().getAddedAt() + (listed.get().getReason() == null ? "" : " (" + listed.get().getReason() + ")"));
            return;
        }
        Optional<DncEntry> national = dnc.find(DncKey.GLOBAL, phone).filter(e -> e.getExpiresAt() == null || e.getExpiresAt().isAfter(w.now));
        if (national.isPresent()) {
            // Listed after the lead's gates let the proposal through (lag between the stages): still never released.
            String reason = phone + " is on a national/state do-not-call list (" + national.get().getSource() + ") since " + national.get().getAddedAt();
            w.audit(template, p.getPlannedAt(), Decision.BLOCK, GateRule.DNC_LIST, reason, null);
            w.verdict(p, Decision.BLOCK, GateRule.DNC_LIST, reason, w.now, null);
            return;
        }
        if (!w.now.isBefore(p.getWindowClosesAt())) {
            // Late (lag between the stages): the lead side re-checks its window and plans the next slot.
            w.defer(p, GateRule.CALLING_WINDOW, "the calling window it was allowed in closed at " + p.getWindowClosesAt()
                    + " before it could be released", w.now);
            return;
        }
        boolean capped = template.getChannel() != Channel.SMS;
        if (capped) {
            List<Instant> calls = w.callInstants();
            Optional<FrequencyCaps.Cap> exceeded = config.caps().exceeded(w.now, calls);
            if (exceeded.isPresent()) {
                w.defer(p, exceeded.get().rule(), "frequency cap of " + exceeded.get() + " reached for " + phone + " (" + calls.size()
                        + " recent calls to the number, any lead and any dialer)", config.caps().earliestAllowed(w.now, calls));
                return;
            }
        }
        supersede(w, template);
        Instant notAfter = min(w.now.plus(config.triggerValidity()), p.getWindowClosesAt());
        CadenceTrigger due = CadenceTrigger.newBuilder(template).setAction(TriggerAction.DUE).setDueAt(w.now).setNotAfter(notAfter)
                .setReason(null).build();
        w.triggers.add(due);
        w.ledger.getReleased().add(due);
        if (capped) {
            // Until a dialer reports the call placed, it may be dialled up to notAfter: the caps count it then.
            w.addCall(new PhoneCall(template.getLeadId(), triggerId, notAfter, false));
        }
        w.verdict(p, Decision.ALLOW, GateRule.UNKNOWN, "released until " + notAfter, w.now, null);
    }

    /**
     * A lead has one live DUE at most: releasing a newer attempt of the lead (its cadence moved on or was replaced while
     * the older DUE was still actionable) cancels the older one, so a dialer never holds two calls to one lead at once
     * (no burst after downtime or a re-enrollment). Its call stays counted by the caps: it may have been dialled.
     */
    private void supersede(Work w, CadenceTrigger newer) {
        for (Iterator<CadenceTrigger> it = w.ledger.getReleased().iterator(); it.hasNext(); ) {
            CadenceTrigger older = it.next();
            if (older.getLeadId().equals(newer.getLeadId()) && !older.getTriggerId().equals(newer.getTriggerId())) {
                it.remove();
                String why = "superseded by " + newer.getTriggerId() + " before a call on it was reported";
                w.triggers.add(CadenceTrigger.newBuilder(older).setAction(TriggerAction.CANCELLED).setNotAfter(null).setReason(why).build());
                w.audit(older, older.getDueAt(), Decision.CANCEL, GateRule.CADENCE_REPLACED, why, null);
            }
        }
    }

    private void cancel(Work w, CallProposal p, GateRule rule, String reason) {
        CadenceTrigger template = p.getTrigger();
        w.triggers.add(CadenceTrigger.newBuilder(template).setAction(TriggerAction.CANCELLED).setDueAt(p.getPlannedAt()).setNotAfter(null)
                .setReason(reason).build());
        w.audit(template, p.getPlannedAt(), Decision.CANCEL, rule, reason, null);
        w.verdict(p, Decision.CANCEL, rule, reason, w.now, null);
    }

    private void optOut(Work w, Instant at, String reason) {
        boolean was = optedOut(w.ledger);
        if (w.ledger.getOptedOutAt() == null || at.isAfter(w.ledger.getOptedOutAt())) {
            w.ledger.setOptedOutAt(at);
            w.ledger.setOptedOutBy(w.request.getLeadId());
            w.ledger.setOptOutReason(reason);
        }
        if (!optedOut(w.ledger)) {
            return; // a granted consent captured after this opt-out already lifted it
        }
        for (Iterator<CadenceTrigger> it = w.ledger.getReleased().iterator(); it.hasNext(); ) {
            CadenceTrigger due = it.next();
            it.remove();
            boolean own = due.getLeadId().equals(w.request.getLeadId());
            String why = (own ? "the lead opted out" : w.ledger.getPhone() + " opted out as lead " + w.request.getLeadId())
                    + " after this trigger was released: " + reason;
            w.triggers.add(CadenceTrigger.newBuilder(due).setAction(TriggerAction.CANCELLED).setNotAfter(null).setReason(why).build());
            w.audit(due, due.getDueAt(), Decision.CANCEL, own ? GateRule.OPTED_OUT : GateRule.INTERNAL_DNC, why, null);
        }
        if (!was) {
            String key = DncKey.of(w.ledger.getWorkspaceId(), w.ledger.getPhone());
            w.dncWrite = Optional.of(new DncWrite(key, new DncEntry(w.ledger.getPhone(), DncSource.INTERNAL, w.ledger.getOptedOutAt(), null,
                    "opted out as lead " + w.ledger.getOptedOutBy() + ": " + w.ledger.getOptOutReason())));
        }
    }

    private void consent(Work w, PhoneConsentRecorded c) {
        if (!c.getGranted()) {
            // Revoking written consent is asking to stop: the number is opted out from when it was revoked.
            optOut(w, c.getCapturedAt(), "written outreach consent revoked");
            return;
        }
        boolean was = optedOut(w.ledger);
        if (w.ledger.getConsentedAt() == null || c.getCapturedAt().isAfter(w.ledger.getConsentedAt())) {
            w.ledger.setConsentedAt(c.getCapturedAt());
        }
        if (was && !optedOut(w.ledger)) {
            String key = DncKey.of(w.ledger.getWorkspaceId(), w.ledger.getPhone());
            w.dncWrite = Optional.of(new DncWrite(key, null));
            w.audit(null, null, Decision.ALLOW, GateRule.INTERNAL_DNC, "written consent for " + w.ledger.getPhone() + " captured at "
                    + c.getCapturedAt() + ", after its opt-out at " + w.ledger.getOptedOutAt() + ": removed from the internal do-not-call list", null);
        }
    }

    private void placed(Work w, PhoneCallPlaced c) {
        if (c.getTriggerId() != null) {
            for (PhoneCall call : w.ledger.getCalls()) {
                if (c.getTriggerId().equals(call.getTriggerId()) && !call.getPlaced()) {
                    call.setAt(c.getPlacedAt());
                    call.setPlaced(true);
                    w.ledger.getCalls().sort((a, b) -> a.getAt().compareTo(b.getAt()));
                    return;
                }
            }
        }
        w.addCall(new PhoneCall(w.request.getLeadId(), c.getTriggerId(), c.getPlacedAt(), true));
    }

    private void withdraw(Work w, ProposalWithdrawn c) {
        for (Iterator<CadenceTrigger> it = w.ledger.getReleased().iterator(); it.hasNext(); ) {
            CadenceTrigger due = it.next();
            if (due.getTriggerId().equals(c.getTriggerId())) {
                it.remove();
                String why = "withdrawn after release: " + c.getReason();
                w.triggers.add(CadenceTrigger.newBuilder(due).setAction(TriggerAction.CANCELLED).setNotAfter(null).setReason(why).build());
                w.audit(due, due.getDueAt(), Decision.CANCEL, c.getRule(), why, null);
                return;
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** One request's work on a private copy of the ledger. */
    private final class Work {
        final PhoneLedger ledger;
        final PhoneRequest request;
        final Instant now;
        final List<CadenceTrigger> triggers = new ArrayList<>();
        final List<GateDecision> audits = new ArrayList<>();
        final List<PhoneVerdict> verdicts = new ArrayList<>();
        Optional<DncWrite> dncWrite = Optional.empty();

        Work(PhoneLedger ledger, PhoneRequest request, Instant now) {
            // Avro's arrays (a deserialized or deep-copied ledger) do not support removal: work on plain lists.
            ledger.setReleased(new ArrayList<>(ledger.getReleased()));
            ledger.setCalls(new ArrayList<>(ledger.getCalls()));
            this.ledger = ledger;
            this.request = request;
            this.now = now;
        }

        /** Forget what can no longer matter: expired DUEs, calls older than the longest cap window. */
        void prune() {
            ledger.getReleased().removeIf(t -> t.getNotAfter() == null || !t.getNotAfter().isAfter(now));
            Instant oldest = now.minus(config.caps().horizon());
            ledger.getCalls().removeIf(c -> !c.getAt().isAfter(oldest));
        }

        List<Instant> callInstants() {
            List<Instant> out = new ArrayList<>(ledger.getCalls().size());
            ledger.getCalls().forEach(c -> out.add(c.getAt()));
            return out;
        }

        void addCall(PhoneCall call) {
            ledger.getCalls().add(call);
            ledger.getCalls().sort((a, b) -> a.getAt().compareTo(b.getAt()));
        }

        void verdict(CallProposal p, Decision decision, GateRule rule, String reason, Instant decidedAt, Instant deferredUntil) {
            verdicts.add(new PhoneVerdict(ledger.getWorkspaceId(), p.getTrigger().getLeadId(), p.getTrigger().getTriggerId(), decision, rule,
                    reason, decidedAt, deferredUntil, p.getCalendarZone()));
        }

        void defer(CallProposal p, GateRule rule, String reason, Instant until) {
            audit(p.getTrigger(), p.getPlannedAt(), Decision.DEFER, rule, reason, until);
            verdict(p, Decision.DEFER, rule, reason, now, until);
        }

        /** An audit record of a decision about {@code trigger}, or about the number itself when it is null. */
        void audit(CadenceTrigger trigger, Instant originalDueAt, Decision decision, GateRule rule, String reason, Instant deferredUntil) {
            String leadId = trigger != null ? trigger.getLeadId() : request.getLeadId();
            String source = trigger != null ? trigger.getTriggerId() : ledger.getWorkspaceId() + "/" + ledger.getPhone() + ":" + request.getSourceEventId();
            String key = source + "|" + decision + "|" + rule + "|" + now.toEpochMilli();
            String zone = trigger != null ? trigger.getTimeZone() : null;
            audits.add(GateDecision.newBuilder()
                    .setDecisionId(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString())
                    .setLeadId(leadId).setWorkspaceId(ledger.getWorkspaceId())
                    .setDecision(decision).setRule(rule).setReason(reason)
                    .setCadenceId(trigger != null ? trigger.getCadenceId() : null)
                    .setStepId(trigger != null ? trigger.getStepId() : null)
                    .setTriggerId(trigger != null ? trigger.getTriggerId() : null)
                    .setChannel(trigger != null ? trigger.getChannel() : Channel.UNKNOWN)
                    .setPhone(ledger.getPhone())
                    .setOriginalDueAt(originalDueAt).setDeferredUntil(deferredUntil)
                    .setTimeZone(zone)
                    .setLeadLocalTime(zone == null ? null : LocalDateTime.ofInstant(now, ZoneId.of(zone)).truncatedTo(ChronoUnit.SECONDS).toString())
                    .setSourceEventId(request.getSourceEventId())
                    .setDecidedAt(now)
                    .build());
        }

        Outcome outcome() {
            boolean empty = ledger.getOptedOutAt() == null && ledger.getConsentedAt() == null && ledger.getCalls().isEmpty()
                    && ledger.getReleased().isEmpty();
            return new Outcome(empty ? null : ledger, triggers, audits, verdicts, dncWrite);
        }
    }
}
