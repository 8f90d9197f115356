package io.leadstream.stream.cadence;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.cadence.ExitRule;
import io.leadstream.schemas.cadence.TriggerAction;
import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.compliance.Decision;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.event.CadenceEnrolled;
import io.leadstream.schemas.event.CadenceExited;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.TrialSignupOffered;
import io.leadstream.schemas.event.UpgradeOffered;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.ActiveCadence;
import io.leadstream.schemas.internal.CadenceState;
import io.leadstream.schemas.internal.CallProposal;
import io.leadstream.schemas.internal.PhoneRequest;
import io.leadstream.schemas.internal.PhoneVerdict;
import io.leadstream.schemas.internal.ProposalWithdrawn;
import io.leadstream.schemas.lead.LeadProfile;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.stream.compliance.ComplianceGate;
import io.leadstream.stream.compliance.DncLookup;
import io.leadstream.stream.compliance.GateRequest;
import io.leadstream.stream.compliance.GateVerdict;
import io.leadstream.stream.compliance.LeadLocality;
import io.leadstream.stream.compliance.LocalWindow;
import io.leadstream.stream.geo.PhoneNumbers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The cadence engine the topology calls: {@link CadencePlanner} + {@link ComplianceGate}, turning one
 * voice event or one fired timer into everything to store and emit. Pure: no Kafka, no clock (the
 * caller passes {@code now}), so a restart from the changelogs replays to the same outputs.
 *
 * <p>How the topology uses it (per lead, in the processor that owns the lead's cadence state, the
 * time-ordered timer store and read access to the lead's {@link LeadState}):
 * <ol>
 *   <li>for every voice event, <em>after</em> the lead state has been updated with it, call
 *       {@link #onEvent} with the updated lead state;</li>
 *   <li>a WALL_CLOCK punctuator (≤ 1 s) scans the timer store from {@link TimerKey#lowest()} to
 *       {@link TimerKey#upperBound} (bounded per tick), and for each due key calls {@link #onTimer};</li>
 *   <li>for each {@link Result}: store {@link Result#state()} (or delete it when
 *       {@link Result#stateIsEmpty()}), delete {@link Result#timersToDelete()} then put
 *       {@link Result#timersToPut()} (value: anything, e.g. the trigger id; the key carries all), send
 *       {@link Result#triggers()} to {@code cadence.triggers.v1} and {@link Result#audits()} to
 *       {@code compliance.audit.v1}, all keyed by the lead key {@code <workspaceId>/<leadId>}.</li>
 * </ol>
 *
 * <p>Events: CADENCE_ENROLLED enrolls (replacing any active cadence with a CANCELLED trigger); CALL_NO_ANSWER /
 * CALL_ANSWERED / CALL_COMPLETED drive progression; the cadence exits on an opt-out (any event after
 * which the lead is opted out, always), CADENCE_EXITED naming it (always), and — when listed in the
 * definition's {@code exitOn} — MEETING_BOOKED, an accepted trial, an accepted upgrade, and a
 * CALL_NO_ANSWER after which the lead is UNRESPONSIVE. Every exit cancels the pending step in the same
 * call: a CANCELLED trigger plus a CANCEL audit record. Every OPTOUT_REQUESTED and doNotCall=true
 * upsert is also audited itself (decision OPT_OUT), whether or not a cadence was active.
 *
 * <p>Timers: the gate decides at {@code now}; DEFER re-times the same trigger, BLOCK skips the step, CANCEL for an
 * opted-out lead ends the cadence and for doNotCall / doNotEmail / internal DNC cancels just this step. ALLOW for an
 * EMAIL or TASK step emits its DUE trigger with {@code dueAt = now}; for a CALL or SMS step it sends a call proposal
 * to the phone stage instead ({@link Result#phoneRequests()}, keyed {@code <workspaceId>/<E.164>}), carrying the end of
 * the calling window it was allowed in: only the phone stage, which sees every lead with that number, releases it
 * ({@link io.leadstream.stream.compliance.PhoneGate}). Until its verdict comes back ({@link #onVerdict}) the attempt has
 * no timer and is never proposed again; when the cadence moves on meanwhile (exit, re-enrollment, an outcome) a
 * withdrawal follows the proposal, which cancels its DUE if it went out. Every non-ALLOW decision is audited with its
 * rule and reason, by whichever stage made it.
 */
public final class CadenceEngine {
    private final CadencePlanner planner;
    private final ComplianceGate gate;

    public CadenceEngine(CadencePlanner planner, ComplianceGate gate) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /**
     * Everything one input produced.
     *
     * @param verdict the gate's verdict when a timer fired (for metrics "gate decisions by reason")
     * @param notes   why an input was ignored (unknown cadence, stale timer...): for logs and metrics
     */
    public record Result(CadenceState state, List<TimerKey> timersToDelete, List<TimerKey> timersToPut, List<CadenceTrigger> triggers,
                         List<GateDecision> audits, List<PhoneRequest> phoneRequests, Optional<GateVerdict> verdict, List<String> notes) {
        public Result {
            timersToDelete = List.copyOf(timersToDelete);
            timersToPut = List.copyOf(timersToPut);
            triggers = List.copyOf(triggers);
            audits = List.copyOf(audits);
            phoneRequests = List.copyOf(phoneRequests);
            notes = List.copyOf(notes);
        }

        /** No active cadence and no call history: the store entry can be deleted. */
        public boolean stateIsEmpty() {
            return state.getActive() == null && state.getRecentCallsMillis().isEmpty();
        }
    }

    /** Reacts to one voice event; {@code lead} is the lead's state with this event already applied. */
    public Result onEvent(CadenceState current, LeadState lead, VoiceEvent event, CadenceDefinitionLookup definitions, Instant now) {
        Objects.requireNonNull(lead, "lead state (after the event) is required");
        CadenceState state = current != null ? current : CadencePlanner.empty(new LeadKey(event.getWorkspaceId(), event.getLeadId()));
        requireOneLead(state, lead);
        Out out = new Out(state, lead, now, event.getEventId());
        // Resolved on first use only: most events concern leads without an active cadence, which never need it.
        Supplier<LeadLocality> locality = memoized(() -> gate.localities().resolve(lead.getProfile()));
        Object payload = event.getPayload();

        Optional<GateRule> optOutRule = optOutRule(event);
        optOutRule.ifPresent(rule -> out.optOutAudit(event, rule));
        if (lead.getStatus() == LeadStatus.OPTED_OUT) {
            GateRule rule = optOutRule.orElse(GateRule.OPTED_OUT);
            if (event.getPayload() instanceof CadenceEnrolled) {
                out.audit(null, Decision.CANCEL, rule, "enrollment in " + ((CadenceEnrolled) payload).getCadenceId()
                        + " refused: the lead is opted out", Optional.empty(), null);
                return out.result();
            }
            return out.apply(planner.exit(state, rule, "lead opted out"), locality);
        }

        switch (event.getEventType()) {
            case CADENCE_ENROLLED -> {
                CadenceEnrolled enrolled = (CadenceEnrolled) payload;
                Optional<CadenceDefinition> def = definitions.find(enrolled.getCadenceId());
                if (def.isEmpty() || !def.get().getEnabled()) {
                    return out.note("enrollment ignored: cadence " + enrolled.getCadenceId() + (def.isEmpty() ? " is unknown" : " is disabled"));
                }
                List<String> problems = CadenceDefinitions.problems(def.get());
                if (!problems.isEmpty()) {
                    return out.note("enrollment ignored: cadence " + enrolled.getCadenceId() + " is invalid: " + problems);
                }
                Instant start = enrolled.getStartAt() != null ? enrolled.getStartAt() : event.getOccurredAt();
                return out.apply(planner.enroll(state, def.get(), start, locality.get().calendarZone()), locality);
            }
            case CADENCE_EXITED -> {
                CadenceExited exited = (CadenceExited) payload;
                if (state.getActive() == null || !state.getActive().getDefinition().getCadenceId().equals(exited.getCadenceId())) {
                    return out.note("exit ignored: " + exited.getCadenceId() + " is not the active cadence");
                }
                return out.apply(planner.exit(state, GateRule.CADENCE_EXIT, "explicit exit"
                        + (exited.getReason() != null ? ": " + exited.getReason() : "")), locality);
            }
            case MEETING_BOOKED -> {
                return exitIf(out, state, ExitRule.MEETING_BOOKED, "meeting booked", locality);
            }
            case TRIAL_SIGNUP_OFFERED -> {
                return ((TrialSignupOffered) payload).getAccepted()
                        ? exitIf(out, state, ExitRule.TRIAL_ACCEPTED, "trial accepted", locality) : out.result();
            }
            case UPGRADE_OFFERED -> {
                return ((UpgradeOffered) payload).getAccepted()
                        ? exitIf(out, state, ExitRule.UPGRADE_ACCEPTED, "upgrade accepted", locality) : out.result();
            }
            case CALL_NO_ANSWER -> {
                if (lead.getStatus() == LeadStatus.UNRESPONSIVE && exits(state, ExitRule.UNRESPONSIVE)) {
                    return out.apply(planner.exit(state, GateRule.CADENCE_EXIT, "lead is unresponsive"), locality);
                }
                return out.apply(outcome(state, CallOutcome.NO_ANSWER, event, locality), locality);
            }
            case CALL_ANSWERED, CALL_COMPLETED -> {
                return out.apply(outcome(state, CallOutcome.ANSWERED, event, locality), locality);
            }
            default -> {
                return out.result();
            }
        }
    }

    /** A timer fired at {@code now}; {@code lead} is the lead's current state. */
    public Result onTimer(CadenceState current, LeadState lead, TimerKey fired, DncLookup dnc, Instant now) {
        Objects.requireNonNull(lead, "lead state is required: the gates need its flags, consents and phone");
        CadenceState state = current != null ? current : CadencePlanner.empty(fired.lead());
        requireOneLead(state, lead);
        Out out = new Out(state, lead, now, null);
        Optional<PendingStep> pending = PendingStep.of(state);
        if (pending.isEmpty() || !pending.get().timerKey().equals(fired)) {
            out.timersToDelete.add(fired);
            return out.note("stale timer " + fired + " ignored");
        }
        PendingStep p = pending.get();
        if (state.getActive().getProposedAt() != null) {
            out.timersToDelete.add(fired); // the phone stage has it: its verdict, not a timer, moves it on
            return out.note("timer " + fired + " ignored: " + p.triggerId() + " awaits the phone stage's verdict");
        }
        LeadLocality locality = gate.localities().resolve(lead.getProfile());
        ZoneId zone = locality.calendarZone();
        Supplier<LeadLocality> resolved = () -> locality;
        Channel channel = p.step().getChannel();
        boolean callLike = channel == Channel.CALL || channel == Channel.SMS || channel == Channel.UNKNOWN;
        LocalWindow window = callLike && p.step().getWindow() != null
                ? LocalWindow.of(p.step().getWindow().getStart(), p.step().getWindow().getEnd()) : null;
        List<Instant> recent = gate.config().caps().prune(millisToInstants(state.getRecentCallsMillis()), now);
        GateVerdict verdict = gate.evaluate(new GateRequest(lead, channel, now, window, recent), dnc);
        out.verdict = verdict;

        switch (verdict.decision()) {
            case ALLOW -> {
                if (callLike) {
                    out.propose(p, gate.windowClosesAt(now, locality, window), locality);
                    return out.apply(planner.proposed(state, now), resolved);
                }
                out.triggers.add(out.trigger(p, TriggerAction.DUE, now, null, locality));
                Plan plan = planner.released(state, now, zone);
                CadenceState next = plan.next();
                if (channel == Channel.CALL) {
                    List<Instant> calls = new ArrayList<>(recent);
                    calls.add(now);
                    next = CadenceState.newBuilder(next).setRecentCallsMillis(instantsToMillis(gate.config().caps().prune(calls, now))).build();
                } else if (!recent.equals(millisToInstants(state.getRecentCallsMillis()))) {
                    next = CadenceState.newBuilder(next).setRecentCallsMillis(instantsToMillis(recent)).build();
                }
                return out.apply(new Plan(next, plan.timersToDelete(), plan.timersToPut(), plan.cancelled()), resolved);
            }
            case DEFER -> {
                out.audit(p, verdict);
                return out.apply(planner.deferred(state, verdict.deferredUntil().orElseThrow()), resolved);
            }
            case BLOCK -> {
                out.audit(p, verdict);
                return out.apply(planner.skipped(state, now, zone), resolved);
            }
            case CANCEL -> {
                out.audit(p, verdict);
                out.triggers.add(out.trigger(p, TriggerAction.CANCELLED, p.dueAt(), verdict.reason(), locality));
                if (verdict.rule() == GateRule.OPTED_OUT) {
                    Plan exit = planner.exit(state, GateRule.OPTED_OUT, verdict.reason());
                    // The cancellation is already emitted and audited above: keep the plan's state and timers only.
                    return out.apply(new Plan(exit.next(), exit.timersToDelete(), exit.timersToPut(), List.of()), resolved);
                }
                return out.apply(planner.skipped(state, now, zone), resolved);
            }
            default -> throw new IllegalStateException("unexpected gate decision " + verdict.decision());
        }
    }

    /**
     * The phone stage decided the lead's call proposal: ALLOW (its DUE went out at {@code decidedAt}) fires the attempt
     * as {@link CadencePlanner#released}, DEFER re-times it to {@code deferredUntil}, BLOCK and CANCEL skip the step. The
     * phone stage audited its decision; a verdict for an attempt no longer pending (the cadence moved on and withdrew
     * it) changes nothing.
     */
    public Result onVerdict(CadenceState current, PhoneVerdict verdict) {
        CadenceState state = current != null ? current : CadencePlanner.empty(new LeadKey(verdict.getWorkspaceId(), verdict.getLeadId()));
        Out out = new Out(state, null, verdict.getDecidedAt(), null);
        out.answersProposal = true;
        Optional<PendingStep> pending = PendingStep.of(state);
        if (pending.isEmpty() || !pending.get().triggerId().equals(verdict.getTriggerId())) {
            return out.note("verdict " + verdict.getDecision() + " for " + verdict.getTriggerId() + " ignored: no longer pending");
        }
        ZoneId zone = ZoneId.of(verdict.getCalendarZone());
        Instant at = verdict.getDecidedAt();
        switch (verdict.getDecision()) {
            case ALLOW -> {
                Plan plan = planner.released(state, at, zone);
                CadenceState next = plan.next();
                if (pending.get().step().getChannel() != Channel.SMS) {
                    List<Instant> calls = new ArrayList<>(millisToInstants(state.getRecentCallsMillis()));
                    calls.add(at);
                    next = CadenceState.newBuilder(next).setRecentCallsMillis(instantsToMillis(gate.config().caps().prune(calls, at))).build();
                }
                return out.apply(new Plan(next, plan.timersToDelete(), plan.timersToPut(), plan.cancelled()), null);
            }
            case DEFER -> {
                return out.apply(planner.deferred(state, verdict.getDeferredUntil() != null ? verdict.getDeferredUntil() : at), null);
            }
            default -> {
                return out.apply(planner.skipped(state, at, zone), null);
            }
        }
    }

    /**
     * A cadence state and a lead state of two different leads — two workspaces' leads of one leadId — must
     * never meet: the gates would check one lead's consent and phone for the other's call (SPEC §3).
     */
    private static void requireOneLead(CadenceState state, LeadState lead) {
        if (!state.getLeadId().equals(lead.getLeadId()) || !state.getWorkspaceId().equals(lead.getWorkspaceId())) {
            throw new IllegalArgumentException("cadence state of lead " + CadencePlanner.lead(state) + " given the lead state of "
                    + lead.getWorkspaceId() + LeadKey.SEPARATOR + lead.getLeadId());
        }
    }

    /** The planner's reaction to a call outcome; without an active cadence it is "unchanged", and the lead's zone is not needed. */
    private Plan outcome(CadenceState state, CallOutcome outcome, VoiceEvent event, Supplier<LeadLocality> locality) {
        return state.getActive() == null ? Plan.unchanged(state) : planner.outcome(state, outcome, event.getOccurredAt(), locality.get().calendarZone());
    }

    private static Supplier<LeadLocality> memoized(Supplier<LeadLocality> resolve) {
        return new Supplier<>() {
            private LeadLocality value;

            @Override
            public LeadLocality get() {
                if (value == null) {
                    value = resolve.get();
                }
                return value;
            }
        };
    }

    private Result exitIf(Out out, CadenceState state, ExitRule rule, String why, Supplier<LeadLocality> locality) {
        if (!exits(state, rule)) {
            return out.result();
        }
        return out.apply(planner.exit(state, GateRule.CADENCE_EXIT, why), locality);
    }

    private static boolean exits(CadenceState state, ExitRule rule) {
        return state.getActive() != null && state.getActive().getDefinition().getExitOn().contains(rule);
    }

    /** The opt-out an event itself expresses, if any. */
    private static Optional<GateRule> optOutRule(VoiceEvent event) {
        if (event.getPayload() instanceof OptoutRequested) {
            return Optional.of(GateRule.OPT_OUT_REQUEST);
        }
        if (event.getPayload() instanceof LeadUpserted) {
            LeadUpserted u = (LeadUpserted) event.getPayload();
            if (Boolean.TRUE.equals(u.getDoNotCall()) || u.getStatus() == LeadStatus.OPTED_OUT) {
                return Optional.of(GateRule.DO_NOT_CALL);
            }
        }
        return Optional.empty();
    }

    private static List<Instant> millisToInstants(List<Long> millis) {
        List<Instant> out = new ArrayList<>(millis.size());
        for (Long m : millis) {
            out.add(Instant.ofEpochMilli(m));
        }
        return out;
    }

    private static List<Long> instantsToMillis(List<Instant> instants) {
        List<Long> out = new ArrayList<>(instants.size());
        for (Instant i : instants) {
            out.add(i.toEpochMilli());
        }
        return out;
    }

    /** Collects one input's outputs. */
    private static final class Out {
        private final LeadState lead;
        private final Instant now;
        private final String sourceEventId;
        private CadenceState state;
        private final List<TimerKey> timersToDelete = new ArrayList<>();
        private final List<TimerKey> timersToPut = new ArrayList<>();
        private final List<CadenceTrigger> triggers = new ArrayList<>();
        private final List<GateDecision> audits = new ArrayList<>();
        private final List<PhoneRequest> phoneRequests = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private GateVerdict verdict;
        /** Applying the phone stage's answer to the proposal: the attempt moves on because of it, nothing to withdraw. */
        private boolean answersProposal;

        Out(CadenceState state, LeadState lead, Instant now, String sourceEventId) {
            this.state = state;
            this.lead = lead;
            this.now = now;
            this.sourceEventId = sourceEventId;
        }

        Result apply(Plan plan, Supplier<LeadLocality> locality) {
            withdrawIfMovedOn(plan);
            state = plan.next();
            timersToDelete.addAll(plan.timersToDelete());
            timersToPut.addAll(plan.timersToPut());
            for (Plan.Cancelled c : plan.cancelled()) {
                triggers.add(trigger(c.step(), TriggerAction.CANCELLED, c.step().dueAt(), c.reason(), locality.get()));
                audit(c.step(), Decision.CANCEL, c.rule(), c.reason(), Optional.empty(), locality.get().zone().orElse(null));
            }
            return result();
        }

        Result note(String why) {
            notes.add(why);
            return result();
        }

        Result result() {
            return new Result(state, timersToDelete, timersToPut, triggers, audits, phoneRequests, Optional.ofNullable(verdict), notes);
        }

        /** Sends the lead's call proposal for {@code p}, allowed now until {@code windowClosesAt}, to the phone stage. */
        void propose(PendingStep p, Instant windowClosesAt, LeadLocality locality) {
            CadenceTrigger due = trigger(p, TriggerAction.DUE, now, null, locality);
            phoneRequests.add(new PhoneRequest(p.lead().workspaceId(), due.getPhone(), p.lead().leadId(), null,
                    new CallProposal(due, now, p.plannedAt(), windowClosesAt, locality.calendarZone().getId())));
        }

        /**
         * A proposed attempt the plan replaces or ends is withdrawn: the phone stage, which decided the proposal before
         * it sees this, cancels its DUE if it went out.
         */
        private void withdrawIfMovedOn(Plan plan) {
            ActiveCadence before = state.getActive();
            if (answersProposal || before == null || before.getProposedAt() == null) {
                return;
            }
            ActiveCadence after = plan.next().getActive();
            if (after != null && after.getTriggerId().equals(before.getTriggerId())) {
                return;
            }
            Optional<Plan.Cancelled> cancelled = plan.cancelled().stream()
                    .filter(c -> c.step().triggerId().equals(before.getTriggerId())).findFirst();
            GateRule rule = cancelled.map(Plan.Cancelled::rule).orElse(GateRule.CADENCE_REPLACED);
            String reason = cancelled.map(Plan.Cancelled::reason).orElse("the cadence moved on before the phone stage's verdict"
                    + (after != null ? " (next: " + after.getTriggerId() + ")" : ""));
            String phone = lead == null ? null : PhoneNumbers.normalize(lead.getProfile().getPhone()).orElse(null);
            if (phone != null) {
                phoneRequests.add(new PhoneRequest(state.getWorkspaceId(), phone, state.getLeadId(), sourceEventId,
                        new ProposalWithdrawn(before.getTriggerId(), rule, reason)));
            }
        }

        CadenceTrigger trigger(PendingStep p, TriggerAction action, Instant dueAt, String reason, LeadLocality locality) {
            LeadProfile profile = lead.getProfile();
            return CadenceTrigger.newBuilder()
                    .setTriggerId(p.triggerId()).setAction(action)
                    .setLeadId(p.lead().leadId()).setWorkspaceId(p.lead().workspaceId())
                    .setCadenceId(p.cadenceId()).setCadenceVersion(p.definition().getVersion())
                    .setStepId(p.step().getStepId()).setChannel(p.step().getChannel()).setAttempt(p.attempt())
                    .setDueAt(dueAt)
                    .setPhone(PhoneNumbers.normalize(profile.getPhone()).orElse(profile.getPhone()))
                    .setEmail(profile.getEmail())
                    .setTimeZone(locality.zone().map(ZoneId::getId).orElse(null))
                    .setReason(reason)
                    .build();
        }

        void audit(PendingStep p, GateVerdict v) {
            GateDecision.Builder b = base(p, v.decision(), v.rule(), v.reason());
            b.setDeferredUntil(v.deferredUntil().orElse(null));
            b.setTimeZone(v.zone().map(ZoneId::getId).orElse(null));
            b.setLeadLocalTime(v.leadLocalTime().orElse(null));
            audits.add(b.build());
        }

        void audit(PendingStep p, Decision decision, GateRule rule, String reason, Optional<Instant> until, ZoneId zone) {
            GateDecision.Builder b = base(p, decision, rule, reason);
            b.setDeferredUntil(until.orElse(null));
            b.setTimeZone(zone == null ? null : zone.getId());
            b.setLeadLocalTime(zone == null ? null : java.time.LocalDateTime.ofInstant(now, zone).withNano(0).toString());
            audits.add(b.build());
        }

        void optOutAudit(VoiceEvent event, GateRule rule) {
            String why;
            Channel channel = Channel.UNKNOWN;
            if (event.getPayload() instanceof OptoutRequested) {
                OptoutRequested o = (OptoutRequested) event.getPayload();
                why = "opt-out requested (scope " + o.getChannel() + ")" + (o.getReason() != null ? ": " + o.getReason() : "")
                        + (o.getUtterance() != null ? " — \"" + o.getUtterance() + "\"" : "");
                channel = switch (o.getChannel()) {
                    case CALL -> Channel.CALL;
                    case EMAIL -> Channel.EMAIL;
                    case SMS -> Channel.SMS;
                    default -> Channel.UNKNOWN;
                };
            } else {
                why = "doNotCall set on the lead profile";
            }
            why += " at " + event.getOccurredAt();
            GateDecision.Builder b = base(null, Decision.OPT_OUT, rule, why).setChannel(channel);
            audits.add(b.build());
        }

        private GateDecision.Builder base(PendingStep p, Decision decision, GateRule rule, String reason) {
            String source = p != null ? p.triggerId() : LeadKey.of(lead.getWorkspaceId(), lead.getLeadId()) + ":" + sourceEventId;
            String key = source + "|" + decision + "|" + rule + "|" + now.toEpochMilli();
            return GateDecision.newBuilder()
                    .setDecisionId(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString())
                    .setLeadId(lead.getLeadId()).setWorkspaceId(lead.getWorkspaceId())
                    .setDecision(decision).setRule(rule).setReason(reason)
                    .setCadenceId(p != null ? p.cadenceId() : null)
                    .setStepId(p != null ? p.step().getStepId() : null)
                    .setTriggerId(p != null ? p.triggerId() : null)
                    .setChannel(p != null ? p.step().getChannel() : Channel.UNKNOWN)
                    .setPhone(PhoneNumbers.normalize(lead.getProfile().getPhone()).orElse(lead.getProfile().getPhone()))
                    .setOriginalDueAt(p != null ? p.plannedAt() : null)
                    .setSourceEventId(sourceEventId)
                    .setDecidedAt(now);
        }
    }
}
