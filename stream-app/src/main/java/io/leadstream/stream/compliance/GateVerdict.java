package io.leadstream.stream.compliance;

import io.leadstream.schemas.compliance.Decision;
import io.leadstream.schemas.compliance.GateRule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gate decided about one would-be trigger.
 * <ul>
 *   <li>{@link Decision#ALLOW}: release it at {@code evaluatedAt};</li>
 *   <li>{@link Decision#DEFER}: not now; try again at {@code deferredUntil} (which already passes the
 *       window and the caps as they stand);</li>
 *   <li>{@link Decision#BLOCK}: not this trigger (consent missing, number on a DNC list): skip the step;</li>
 *   <li>{@link Decision#CANCEL}: never (opted out, do-not-call, do-not-email, internal DNC).</li>
 * </ul>
 * Every decision but ALLOW names the {@link GateRule} that fired and a human reason including the
 * lead-local time the gate saw; ALLOW carries {@link GateRule#UNKNOWN}.
 *
 * @param zone           the lead's zone when known (empty: strictest window over all candidate zones)
 * @param leadLocalTime  ISO local date-time the gate saw in that zone, or empty when the zone is unknown
 */
public record GateVerdict(Decision decision, GateRule rule, String reason, Instant evaluatedAt, Optional<Instant> deferredUntil,
                          Optional<ZoneId> zone, Optional<String> leadLocalTime) {

    public GateVerdict {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        Objects.requireNonNull(deferredUntil, "deferredUntil");
        if ((decision == Decision.DEFER) != deferredUntil.isPresent()) {
            throw new IllegalArgumentException("exactly DEFER verdicts carry deferredUntil");
        }
        if (decision != Decision.ALLOW && (rule == GateRule.UNKNOWN || reason.isBlank())) {
            throw new IllegalArgumentException("a " + decision + " verdict needs a rule and a reason");
        }
    }

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }
}
