package io.leadstream.stream.cadence;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceStep;
import io.leadstream.schemas.internal.ActiveCadence;
import io.leadstream.schemas.internal.CadenceState;
import io.leadstream.schemas.topic.LeadKey;
import java.time.Instant;
import java.util.Optional;

/**
 * The step attempt a lead's active cadence is waiting to fire: what a trigger, an audit record or a
 * timer key is made from.
 */
public record PendingStep(LeadKey lead, CadenceDefinition definition, int stepIndex, CadenceStep step, int attempt,
                          Instant dueAt, Instant plannedAt, String triggerId) {

    public static Optional<PendingStep> of(CadenceState state) {
        if (state == null || state.getActive() == null) {
            return Optional.empty();
        }
        ActiveCadence a = state.getActive();
        return Optional.of(new PendingStep(CadencePlanner.lead(state), a.getDefinition(), a.getStepIndex(),
                a.getDefinition().getSteps().get(a.getStepIndex()), a.getAttempt(), a.getDueAt(), a.getPlannedAt(), a.getTriggerId()));
    }

    public TimerKey timerKey() {
        return TimerKey.of(dueAt, lead, stepIndex, attempt);
    }

    public String cadenceId() {
        return definition.getCadenceId();
    }

    /**
     * Stable per (lead, cadence version, enrollment, step, attempt): dialers dedup on it. It starts with the
     * lead key, so two workspaces' leads of the same leadId enrolled at the same instant never share one.
     */
    public static String triggerId(LeadKey lead, CadenceDefinition def, Instant enrolledAt, String stepId, int attempt) {
        return lead + ":" + def.getCadenceId() + ":v" + def.getVersion() + ":" + enrolledAt.toEpochMilli() + ":" + stepId + ":" + attempt;
    }
}
