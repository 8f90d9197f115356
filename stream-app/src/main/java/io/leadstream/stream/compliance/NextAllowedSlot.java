package io.leadstream.stream.compliance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a lead may be called: an instant is <em>allowed</em> when, in every candidate zone of the
 * lead's {@link LeadLocality}, the wall-clock time the lead sees is inside the legal window of that
 * local date ({@link CallingWindows}) intersected with the cadence step's own window.
 *
 * <p>{@link #next} finds the earliest allowed instant at or after a given one. It works on what the
 * lead's clock shows, so DST is exact: on a spring-forward day a window opening inside the skipped
 * hour opens at the transition (the first instant whose wall time is past the start); on a fall-back
 * day a wall time that occurs twice opens at its first occurrence, and a window can re-open when the
 * clock falls back into it. Across several candidate zones the search leapfrogs: the latest next
 * opening of any zone is tried until all zones agree, which yields the earliest common instant.
 */
public final class NextAllowedSlot {
    /** How far ahead a slot is searched before giving up (a table closing every day is a config error). */
    public static final Duration DEFAULT_HORIZON = Duration.ofDays(400);

    private final CallingWindows windows;
    private final Duration horizon;

    public NextAllowedSlot(CallingWindows windows) {
        this(windows, DEFAULT_HORIZON);
    }

    public NextAllowedSlot(CallingWindows windows, Duration horizon) {
        this.windows = Objects.requireNonNull(windows, "windows");
        this.horizon = Objects.requireNonNull(horizon, "horizon");
    }

    /** Whether calling the lead at {@code at} is inside its windows ({@code stepWindow} may be null). */
    public boolean isAllowed(Instant at, LeadLocality locality, LocalWindow stepWindow) {
        for (ZoneId zone : locality.zones()) {
            if (!allowedIn(at, zone, locality, stepWindow)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The earliest allowed instant ≥ {@code from}; empty when none exists within the horizon (the step
     * window never overlaps the legal one, or every day is closed).
     */
    public Optional<Instant> next(Instant from, LeadLocality locality, LocalWindow stepWindow) {
        Instant limit = from.plus(horizon);
        Instant t = from;
        while (!t.isAfter(limit)) {
            boolean agreed = true;
            for (ZoneId zone : locality.zones()) {
                Optional<Instant> open = nextOpenIn(t, zone, locality, stepWindow, limit);
                if (open.isEmpty()) {
                    return Optional.empty();
                }
                if (open.get().isAfter(t)) {
                    t = open.get();
                    agreed = false;
                }
            }
            if (agreed) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * When the window allowing {@code at} closes: the earliest end, over the candidate zones, of the window (legal ∩ step)
     * of each zone's local date; {@code at} itself when some zone is closed then. What a released trigger's
     * {@code notAfter} never passes (SPEC §7 "Fail closed").
     */
    public Instant closesAt(Instant at, LeadLocality locality, LocalWindow stepWindow) {
        Instant earliest = null;
        for (ZoneId zone : locality.zones()) {
            LocalDate date = LocalDate.ofInstant(at, zone);
            Instant end = windowOn(date, locality, stepWindow)
                    // On a fall-back day an end time that occurs twice ends at its first occurrence: the stricter one.
                    .map(w -> ZonedDateTime.ofLocal(date.atTime(w.end()), zone, null).toInstant())
                    .filter(e -> e.isAfter(at)).orElse(at);
            if (earliest == null || end.isBefore(earliest)) {
                earliest = end;
            }
        }
        return earliest;
    }

    /** The window that applies on {@code date} for this lead, step window included; empty = closed. */
    public Optional<LocalWindow> windowOn(LocalDate date, LeadLocality locality, LocalWindow stepWindow) {
        Optional<LocalWindow> legal = windows.windowOn(locality.state().orElse(null), date);
        return stepWindow == null ? legal : legal.flatMap(stepWindow::intersect);
    }

    private boolean allowedIn(Instant at, ZoneId zone, LeadLocality locality, LocalWindow stepWindow) {
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        return windowOn(local.toLocalDate(), locality, stepWindow).map(w -> w.contains(local.toLocalTime())).orElse(false);
    }

    /** Earliest instant ≥ t allowed in one zone, searching local dates until {@code limit}. */
    private Optional<Instant> nextOpenIn(Instant t, ZoneId zone, LeadLocality locality, LocalWindow stepWindow, Instant limit) {
        if (allowedIn(t, zone, locality, stepWindow)) {
            return Optional.of(t);
        }
        // "Allowed" can only switch on where the wall clock reaches a window start, or jumps at a
        // transition: those are the only candidates, per local date.
        for (LocalDate d = LocalDate.ofInstant(t, zone); !d.atStartOfDay(zone).toInstant().isAfter(limit); d = d.plusDays(1)) {
            Optional<LocalWindow> w = windowOn(d, locality, stepWindow);
            if (w.isEmpty()) {
                continue;
            }
            Instant best = null;
            for (Instant c : candidates(d, w.get().start(), zone)) {
                if (c.isAfter(t) && (best == null || c.isBefore(best)) && allowedIn(c, zone, locality, stepWindow)) {
                    best = c;
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    private static List<Instant> candidates(LocalDate date, LocalTime start, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<Instant> out = new ArrayList<>(4);
        LocalDateTime wall = date.atTime(start);
        List<ZoneOffset> offsets = rules.getValidOffsets(wall);
        if (offsets.isEmpty()) {
            out.add(rules.getTransition(wall).getInstant()); // start skipped: the clock jumps past it here
        } else {
            for (ZoneOffset o : offsets) {
                out.add(wall.toInstant(o)); // twice on a fall-back day
            }
        }
        Instant dayStart = ZonedDateTime.of(date.atStartOfDay(), zone).toInstant();
        Instant dayEnd = ZonedDateTime.of(date.plusDays(1).atStartOfDay(), zone).toInstant();
        ZoneOffsetTransition tr = rules.nextTransition(dayStart.minusNanos(1));
        while (tr != null && tr.getInstant().isBefore(dayEnd)) {
            out.add(tr.getInstant());
            tr = rules.nextTransition(tr.getInstant());
        }
        return out;
    }
}
