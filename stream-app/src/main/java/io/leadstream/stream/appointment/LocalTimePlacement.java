package io.leadstream.stream.appointment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/** Puts a local date-time on the timeline of a zone, with the DST rules appointments follow. */
final class LocalTimePlacement {

    private LocalTimePlacement() {
    }

    /**
     * The instant of {@code local} in {@code zone}. In a spring-forward gap the time moves forward by the
     * length of the gap (02:30 becomes 03:30): the lead meant "after lunch-time shift", not "an hour
     * earlier". In a fall-back overlap the earlier offset is used, i.e. the first time the clock shows it.
     */
    static Instant place(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    /**
     * The first instant strictly after {@code after} at which the clock in {@code zone} shows
     * {@code time} (or, in a gap, the gap-shifted time). Both instants of an overlapped time count as
     * occurrences, so a time that recurs an hour later on a fall-back night is found that night.
     */
    static Instant nextOccurrence(LocalTime time, Instant after, ZoneId zone) {
        LocalDate day = after.atZone(zone).toLocalDate();
        for (int i = 0; i <= 2; i++) {
            LocalDateTime local = day.plusDays(i).atTime(time);
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
            if (offsets.isEmpty()) {
                Instant shifted = place(local, zone);
                if (shifted.isAfter(after)) {
                    return shifted;
                }
                continue;
            }
            // Larger offset first = earlier instant (e.g. EDT 01:30 before EST 01:30).
            for (ZoneOffset offset : offsets.stream().sorted((a, b) -> b.compareTo(a)).toList()) {
                Instant candidate = local.toInstant(offset);
                if (candidate.isAfter(after)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no occurrence of " + time + " in " + zone + " within two days of " + after);
    }
}
