package io.leadstream.stream.appointment;

import io.leadstream.schemas.crm.TimeZoneSource;
import java.time.ZoneId;
import java.util.Objects;

/** The zone an appointment's local date/time is read in, and where that zone came from. */
public record AppointmentZone(ZoneId zone, TimeZoneSource source) {
    public AppointmentZone {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(source, "source");
    }
}
