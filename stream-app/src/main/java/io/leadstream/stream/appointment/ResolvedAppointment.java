package io.leadstream.stream.appointment;

import io.leadstream.schemas.crm.TimeZoneSource;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When a booked meeting happens, in UTC, and in which zone its local date/time was read.
 * Either {@code start}/{@code end} are present, or {@code validationError} says why not.
 */
public record ResolvedAppointment(
        Optional<Instant> start,
        Optional<Instant> end,
        ZoneId zone,
        TimeZoneSource source,
        Optional<String> validationError) {

    public ResolvedAppointment {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(validationError, "validationError");
        if (start.isPresent() == validationError.isPresent()) {
            throw new IllegalArgumentException("exactly one of start and validationError must be present");
        }
    }

    static ResolvedAppointment scheduled(Instant start, Instant end, AppointmentZone zone) {
        return new ResolvedAppointment(Optional.of(start), Optional.of(end), zone.zone(), zone.source(), Optional.empty());
    }

    static ResolvedAppointment invalid(String error, AppointmentZone zone) {
        return new ResolvedAppointment(Optional.empty(), Optional.empty(), zone.zone(), zone.source(), Optional.of(error));
    }

    public boolean isValid() {
        return validationError.isEmpty();
    }
}
