package io.leadstream.stream.compliance;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * A daily window of wall-clock time, {@code [start, end)}: 08:00–21:00 allows 20:59:59 and not 21:00.
 * Windows never span midnight (start is before end), which every legal and cadence window satisfies.
 */
public record LocalWindow(LocalTime start, LocalTime end) {

    public LocalWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("window start " + start + " must be before its end " + end);
        }
    }

    /** Parses {@code HH:mm} bounds; throws {@link IllegalArgumentException} naming the bad value. */
    public static LocalWindow of(String start, String end) {
        return new LocalWindow(parseTime(start), parseTime(end));
    }

    static LocalTime parseTime(String hhmm) {
        if (hhmm == null || !hhmm.strip().matches("\\d{2}:\\d{2}")) {
            throw new IllegalArgumentException("'" + hhmm + "' is not a HH:mm time");
        }
        try {
            return LocalTime.parse(hhmm.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + hhmm + "' is not a HH:mm time", e);
        }
    }

    public boolean contains(LocalTime t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** The part of the day both windows allow; empty when they do not overlap. */
    public Optional<LocalWindow> intersect(LocalWindow other) {
        LocalTime s = start.isAfter(other.start) ? start : other.start;
        LocalTime e = end.isBefore(other.end) ? end : other.end;
        return s.isBefore(e) ? Optional.of(new LocalWindow(s, e)) : Optional.empty();
    }

    @Override
    public String toString() {
        return start + "–" + end;
    }
}
