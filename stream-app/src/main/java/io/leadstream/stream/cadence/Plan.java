package io.leadstream.stream.cadence;

import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.internal.CadenceState;
import java.util.List;

/**
 * What one planner input did: the lead's next cadence state, the timer store changes (delete before
 * put: rescheduling deletes the old timer) and the pending steps it cancelled, each with the rule.
 */
public record Plan(CadenceState next, List<TimerKey> timersToDelete, List<TimerKey> timersToPut, List<Cancelled> cancelled) {

    /** A pending step that will never fire, and why. */
    public record Cancelled(PendingStep step, GateRule rule, String reason) {
    }

    public Plan {
        timersToDelete = List.copyOf(timersToDelete);
        timersToPut = List.copyOf(timersToPut);
        cancelled = List.copyOf(cancelled);
    }

    public static Plan unchanged(CadenceState state) {
        return new Plan(state, List.of(), List.of(), List.of());
    }
}
