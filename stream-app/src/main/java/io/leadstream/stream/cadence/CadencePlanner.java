package io.leadstream.stream.cadence;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceStep;
import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.internal.ActiveCadence;
import io.leadstream.schemas.internal.CadenceState;
import io.leadstream.schemas.internal.FiredAttempt;
import io.leadstream.schemas.topic.LeadKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-lead cadence state machine (SPEC §7), a pure function of a {@link CadenceState} and one
 * input; nothing here reads a clock, so a replay from the changelog plans the same timers.
 *
 * <p>A lead has at most one active cadence, and an active cadence has exactly one pending step
 * attempt with one timer. Inputs:
 * <ul>
 *   <li>{@link #enroll}: replaces any active cadence (its pending step is cancelled with
 *       {@link GateRule#CADENCE_REPLACED}) and plans step 0 at {@code startAt + offset};</li>
 *   <li>{@link #released}: the pending attempt fired (a DUE trigger went out at {@code firedAt}). A CALL
 *       with attempts left pre-plans its retry at {@code firedAt + retryAfter}, so a silent dialer
 *       still makes progress; otherwise the next step is planned at {@code firedAt + its offset}. Later
 *       steps therefore count from when the previous one <em>actually</em> fired: a deferred step shifts
 *       every later step, and after downtime a long-overdue timer fires once and the next step is
 *       planned from now — never a burst of missed steps;</li>
 *   <li>{@link #outcome}: the outcome of the last released CALL attempt. ANSWERED replaces a pending
 *       retry by the next step (from the attempt's fire time); NO_ANSWER re-plans the retry at
 *       {@code outcomeAt + retryAfter}. Only the first outcome of an attempt counts, and only if it is
 *       not older than the attempt (minus a clock-skew allowance);</li>
 *   <li>{@link #proposed}: a CALL/SMS attempt passed the lead's gates and went to the phone stage; its timer is gone
 *       until the verdict comes back ({@link #released} on ALLOW, {@link #deferred} on DEFER, {@link #skipped} on
 *       BLOCK/CANCEL), so it is never proposed twice;</li>
 *   <li>{@link #deferred}: the gate moved the pending attempt to a later time (same trigger id);</li>
 *   <li>{@link #skipped}: the gate blocked or cancelled this step alone: the next step is planned from now;</li>
 *   <li>{@link #exit}: the cadence ends and its pending step is cancelled with the given rule.</li>
 * </ul>
 * Every planned time is moved into the step's own window in the lead's calendar zone ({@link StepClock#align}).
 */
public final class CadencePlanner {
    public static final Duration DEFAULT_OUTCOME_SKEW = Duration.ofMinutes(10);

    private final Duration outcomeSkew;

    public CadencePlanner() {
        this(DEFAULT_OUTCOME_SKEW);
    }

    public CadencePlanner(Duration outcomeSkew) {
        this.outcomeSkew = Objects.requireNonNull(outcomeSkew, "outcomeSkew");
    }

    /** The state of a lead that was never enrolled. */
    public static CadenceState empty(LeadKey lead) {
        return CadenceState.newBuilder().setLeadId(lead.leadId()).setWorkspaceId(lead.workspaceId()).setActive(null)
                .setRecentCallsMillis(new ArrayList<>()).build();
    }

    /** The lead {@code state} belongs to: its workspace and leadId, never the leadId alone (SPEC §3). */
    public static LeadKey lead(CadenceState state) {
        return new LeadKey(state.getWorkspaceId(), state.getLeadId());
    }

    public Plan enroll(CadenceState state, CadenceDefinition definition, Instant startAt, ZoneId zone) {
        List<TimerKey> deletes = new ArrayList<>();
        List<Plan.Cancelled> cancelled = new ArrayList<>();
        Optional<PendingStep> old = PendingStep.of(state);
        if (old.isPresent()) {
            if (state.getActive().getProposedAt() == null) {
                deletes.add(old.get().timerKey());
            }
            cancelled.add(new Plan.Cancelled(old.get(), GateRule.CADENCE_REPLACED,
                    "replaced by a new enrollment in " + definition.getCadenceId() + " v" + definition.getVersion()));
        }
        CadenceStep first = definition.getSteps().get(0);
        Instant planned = StepClock.align(StepClock.add(startAt, first.getOffset(), zone), first.getWindow(), zone);
        ActiveCadence active = ActiveCadence.newBuilder()
                .setDefinition(definition).setEnrolledAt(startAt)
                .setStepIndex(0).setAttempt(1).setDueAt(planned).setPlannedAt(planned)
                .setTriggerId(PendingStep.triggerId(lead(state), definition, startAt, first.getStepId(), 1))
                .setLastFired(null).build();
        CadenceState next = CadenceState.newBuilder(state).setActive(active).build();
        return new Plan(next, deletes, List.of(timer(next)), cancelled);
    }

    public Plan released(CadenceState state, Instant firedAt, ZoneId zone) {
        ActiveCadence a = requireActive(state);
        CadenceStep step = a.getDefinition().getSteps().get(a.getStepIndex());
        FiredAttempt fired = new FiredAttempt(a.getStepIndex(), a.getAttempt(), firedAt, false);
        ActiveCadence.Builder withFired = ActiveCadence.newBuilder(a).setLastFired(fired);
        if (step.getChannel() == Channel.CALL && a.getAttempt() < step.getMaxAttempts()) {
            Instant retry = StepClock.align(StepClock.add(firedAt, step.getRetryAfter(), zone), step.getWindow(), zone);
            return replace(state, attempt(lead(state), withFired, a, a.getStepIndex(), a.getAttempt() + 1, retry));
        }
        return replace(state, nextStep(lead(state), withFired, a, firedAt, zone));
    }

    public Plan outcome(CadenceState state, CallOutcome outcome, Instant at, ZoneId zone) {
        ActiveCadence a = state == null ? null : state.getActive();
        FiredAttempt fired = a == null ? null : a.getLastFired();
        if (fired == null || fired.getOutcomeSeen() || at.isBefore(fired.getFiredAt().minus(outcomeSkew))) {
            return Plan.unchanged(state);
        }
        CadenceStep firedStep = a.getDefinition().getSteps().get(fired.getStepIndex());
        if (firedStep.getChannel() != Channel.CALL) {
            return Plan.unchanged(state);
        }
        ActiveCadence.Builder seen = ActiveCadence.newBuilder(a)
                .setLastFired(FiredAttempt.newBuilder(fired).setOutcomeSeen(true).build());
        boolean retryPending = a.getStepIndex() == fired.getStepIndex();
        if (!retryPending) {
            return new Plan(CadenceState.newBuilder(state).setActive(seen.build()).build(), List.of(), List.of(), List.of());
        }
        if (outcome == CallOutcome.ANSWERED) {
            return replace(state, nextStep(lead(state), seen, a, fired.getFiredAt(), zone));
        }
        Instant from = at.isAfter(fired.getFiredAt()) ? at : fired.getFiredAt();
        Instant retry = StepClock.align(StepClock.add(from, firedStep.getRetryAfter(), zone), firedStep.getWindow(), zone);
        return replace(state, attempt(lead(state), seen, a, a.getStepIndex(), a.getAttempt(), retry));
    }

    public Plan proposed(CadenceState state, Instant at) {
        ActiveCadence a = requireActive(state);
        CadenceState next = CadenceState.newBuilder(state).setActive(ActiveCadence.newBuilder(a).setProposedAt(at).build()).build();
        return new Plan(next, List.of(timer(state)), List.of(), List.of());
    }

    public Plan deferred(CadenceState state, Instant until) {
        ActiveCadence a = requireActive(state);
        return replace(state, Optional.of(ActiveCadence.newBuilder(a).setDueAt(until).setProposedAt(null).build()));
    }

    public Plan skipped(CadenceState state, Instant now, ZoneId zone) {
        ActiveCadence a = requireActive(state);
        return replace(state, nextStep(lead(state), ActiveCadence.newBuilder(a), a, now, zone));
    }

    public Plan exit(CadenceState state, GateRule rule, String reason) {
        Optional<PendingStep> pending = PendingStep.of(state);
        if (pending.isEmpty()) {
            return Plan.unchanged(state);
        }
        CadenceState next = CadenceState.newBuilder(state).setActive(null).build();
        List<TimerKey> deletes = state.getActive().getProposedAt() == null ? List.of(pending.get().timerKey()) : List.of();
        return new Plan(next, deletes, List.of(), List.of(new Plan.Cancelled(pending.get(), rule, reason)));
    }

    /** The next step planned from {@code from}, or empty when the cadence is complete. */
    private static Optional<ActiveCadence> nextStep(LeadKey lead, ActiveCadence.Builder base, ActiveCadence a, Instant from, ZoneId zone) {
        int index = a.getStepIndex() + 1;
        if (index >= a.getDefinition().getSteps().size()) {
            return Optional.empty();
        }
        CadenceStep step = a.getDefinition().getSteps().get(index);
        Instant planned = StepClock.align(StepClock.add(from, step.getOffset(), zone), step.getWindow(), zone);
        return attempt(lead, base, a, index, 1, planned);
    }

    private static Optional<ActiveCadence> attempt(LeadKey lead, ActiveCadence.Builder base, ActiveCadence a, int index, int attempt, Instant planned) {
        String stepId = a.getDefinition().getSteps().get(index).getStepId();
        // Re-timing the attempt whose proposal is out keeps it out; any other attempt starts unproposed.
        boolean sameAttempt = index == a.getStepIndex() && attempt == a.getAttempt();
        return Optional.of(base.setStepIndex(index).setAttempt(attempt).setDueAt(planned).setPlannedAt(planned)
                .setTriggerId(PendingStep.triggerId(lead, a.getDefinition(), a.getEnrolledAt(), stepId, attempt))
                .setProposedAt(sameAttempt ? a.getProposedAt() : null)
                .build());
    }

    /** Swaps the pending attempt: the old timer (none while proposed) is deleted, the new one (if any) put. */
    private static Plan replace(CadenceState state, Optional<ActiveCadence> next) {
        ActiveCadence old = state.getActive();
        CadenceState nextState = CadenceState.newBuilder(state).setActive(next.orElse(null)).build();
        boolean oldHasTimer = old.getProposedAt() == null;
        TimerKey oldTimer = TimerKey.of(old.getDueAt(), lead(state), old.getStepIndex(), old.getAttempt());
        List<TimerKey> puts = next.isPresent() && next.get().getProposedAt() == null ? List.of(timer(nextState)) : List.of();
        boolean same = oldHasTimer && !puts.isEmpty() && puts.get(0).equals(oldTimer);
        return new Plan(nextState, same || !oldHasTimer ? List.of() : List.of(oldTimer), same ? List.of() : puts, List.of());
    }

    private static TimerKey timer(CadenceState state) {
        ActiveCadence a = state.getActive();
        return TimerKey.of(a.getDueAt(), lead(state), a.getStepIndex(), a.getAttempt());
    }

    private static ActiveCadence requireActive(CadenceState state) {
        if (state == null || state.getActive() == null) {
            throw new IllegalStateException("no active cadence");
        }
        return state.getActive();
    }
}
