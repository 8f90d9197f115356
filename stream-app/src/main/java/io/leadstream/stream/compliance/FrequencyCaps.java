package io.leadstream.stream.compliance;

import io.leadstream.schemas.compliance.GateRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Per-lead call frequency caps over rolling windows (SPEC §7 gate 5): by default at most 3 calls in
 * any 24 hours and 7 in any 7 days. A window is half-open: two calls exactly 24 h apart are not in the
 * same 24 h window.
 *
 * <p>The history is the instants of the DUE CALL triggers already released for the lead. An instant
 * {@code t} is allowed when, with {@code t} added, every window of every cap holds at most its maximum;
 * history entries after {@code t} (a clock that went back) are counted conservatively as if they were
 * in every window they could share with {@code t}.
 */
public final class FrequencyCaps {

    /** One cap: at most {@code max} calls in any {@code window}; {@code rule} names it in the audit. */
    public record Cap(Duration window, int max, GateRule rule) {
        public Cap {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(rule, "rule");
            if (window.isNegative() || window.isZero() || max < 1) {
                throw new IllegalArgumentException("a cap needs a positive window and max ≥ 1: " + window + ", " + max);
            }
        }

        @Override
        public String toString() {
            return max + " per " + (window.toHours() % 24 == 0 && window.toHours() >= 24 ? window.toDays() + " d" : window.toHours() + " h");
        }
    }

    public static final FrequencyCaps DEFAULT = new FrequencyCaps(List.of(
            new Cap(Duration.ofHours(24), 3, GateRule.FREQUENCY_CAP_24H),
            new Cap(Duration.ofDays(7), 7, GateRule.FREQUENCY_CAP_7D)));

    private final List<Cap> caps;

    public FrequencyCaps(List<Cap> caps) {
        this.caps = List.copyOf(caps);
    }

    public List<Cap> caps() {
        return caps;
    }

    /** The longest cap window: history older than this before now never matters again. */
    public Duration horizon() {
        return caps.stream().map(Cap::window).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    /** The first cap a call at {@code t} would exceed, or empty when it is allowed. */
    public Optional<Cap> exceeded(Instant t, List<Instant> history) {
        for (Cap cap : caps) {
            int within = 1; // the call at t itself
            for (Instant h : history) {
                // |h - t| < window: h and t fit in one half-open window of that length.
                if (h.isAfter(t.minus(cap.window())) && h.isBefore(t.plus(cap.window()))) {
                    within++;
                }
            }
            if (within > cap.max()) {
                return Optional.of(cap);
            }
        }
        return Optional.empty();
    }

    public boolean allows(Instant t, List<Instant> history) {
        return exceeded(t, history).isEmpty();
    }

    /**
     * The earliest instant ≥ {@code t} that no cap forbids. Whether an instant is allowed only changes
     * where a past call leaves a window ({@code h + window}), so those are the only candidates.
     */
    public Instant earliestAllowed(Instant t, List<Instant> history) {
        if (allows(t, history)) {
            return t;
        }
        TreeSet<Instant> candidates = new TreeSet<>();
        for (Cap cap : caps) {
            for (Instant h : history) {
                Instant leaves = h.plus(cap.window());
                if (leaves.isAfter(t)) {
                    candidates.add(leaves);
                }
            }
        }
        for (Instant c : candidates) {
            if (allows(c, history)) {
                return c;
            }
        }
        throw new IllegalStateException("unreachable: after the last call leaves the longest window every cap allows a call");
    }

    /** The history entries that can still matter at {@code now}, oldest first. */
    public List<Instant> prune(List<Instant> history, Instant now) {
        Instant oldest = now.minus(horizon());
        List<Instant> kept = new ArrayList<>(history.size());
        for (Instant h : history) {
            if (h.isAfter(oldest)) {
                kept.add(h);
            }
        }
        kept.sort(Comparator.naturalOrder());
        return kept;
    }

    @Override
    public String toString() {
        return caps.toString();
    }
}
