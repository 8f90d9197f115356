package io.leadstream.stream.cadence;

import io.leadstream.schemas.cadence.Offset;
import io.leadstream.schemas.cadence.TimeWindow;
import io.leadstream.stream.compliance.LocalWindow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Cadence calendar arithmetic in the lead's zone.
 * <ul>
 *   <li>MINUTES, HOURS: elapsed time (a 4 h retry is 4 real hours, DST or not);</li>
 *   <li>DAYS: calendar days at the same local wall time (10:00 stays 10:00 across a DST change);</li>
 *   <li>BUSINESS_DAYS: weekdays in the lead's local calendar, Saturday and Sunday skipped; from a
 *       weekend day, the first business day is Monday.</li>
 * </ul>
 * {@link #align} moves an instant into a step's own window (a business preference, not a legal rule:
 * the compliance gate still checks the legal window when the step fires).
 */
public final class StepClock {
    private StepClock() {
    }

    public static Instant add(Instant from, Offset offset, ZoneId zone) {
        int n = offset.getValue();
        switch (offset.getUnit()) {
            case MINUTES -> {
                return from.plusSeconds(60L * n);
            }
            case HOURS -> {
                return from.plusSeconds(3600L * n);
            }
            case DAYS -> {
                return from.atZone(zone).plusDays(n).toInstant();
            }
            case BUSINESS_DAYS -> {
                ZonedDateTime t = from.atZone(zone);
                for (int added = 0; added < n; ) {
                    t = t.plusDays(1);
                    if (t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY) {
                        added++;
                    }
                }
                return t.toInstant();
            }
            default -> throw new IllegalArgumentException("offset unit " + offset.getUnit() + " cannot be scheduled");
        }
    }

    /** {@code at} if inside {@code window} (lead-local), else the window's next start; no window = unchanged. */
    public static Instant align(Instant at, TimeWindow window, ZoneId zone) {
        if (window == null) {
            return at;
        }
        LocalWindow w = LocalWindow.of(window.getStart(), window.getEnd());
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        if (w.contains(local.toLocalTime())) {
            return at;
        }
        LocalDateTime start = local.toLocalDate().atTime(w.start());
        if (!local.toLocalTime().isBefore(w.start())) {
            start = start.plusDays(1);
        }
        // A start inside a DST gap resolves to just after the gap (ZonedDateTime's rule), still in the window.
        Instant aligned = ZonedDateTime.of(start, zone).toInstant();
        return aligned.isBefore(at) ? at : aligned;
    }
}
