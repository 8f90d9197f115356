package io.leadstream.stream.appointment;

import io.leadstream.schemas.crm.TimeZoneSource;
import io.leadstream.stream.geo.AreaCode;
import io.leadstream.stream.geo.AreaCodeDirectory;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Chooses the zone of an appointment: the event's zone, else the lead profile's, else the zone of the
 * phone's area code, else UTC. A zone id that does not parse is skipped, not fatal, because the next
 * source is still better than failing the booking.
 */
public final class AppointmentZoneResolver {

    /** IANA ids by lower case, so "america/chicago" from a sloppy producer still resolves. */
    private static final Map<String, String> IDS_BY_LOWER_CASE = ZoneId.getAvailableZoneIds().stream()
            .collect(Collectors.toMap(id -> id.toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));

    private final AreaCodeDirectory areaCodes;

    public AppointmentZoneResolver(AreaCodeDirectory areaCodes) {
        this.areaCodes = Objects.requireNonNull(areaCodes, "areaCodes");
    }

    public AppointmentZone resolve(String eventTimeZone, String profileTimeZone, String phone) {
        Optional<ZoneId> event = parseZone(eventTimeZone);
        if (event.isPresent()) {
            return new AppointmentZone(event.get(), TimeZoneSource.EVENT);
        }
        Optional<ZoneId> profile = parseZone(profileTimeZone);
        if (profile.isPresent()) {
            return new AppointmentZone(profile.get(), TimeZoneSource.PROFILE);
        }
        Optional<AreaCode> areaCode = areaCodes.forPhone(phone);
        if (areaCode.isPresent()) {
            return new AppointmentZone(areaCode.get().zone(), TimeZoneSource.AREA_CODE);
        }
        return new AppointmentZone(ZoneOffset.UTC, TimeZoneSource.UTC_FALLBACK);
    }

    /** An IANA region id (case-insensitive), or a fixed id ZoneId accepts such as "UTC" or "-05:00". */
    static Optional<ZoneId> parseZone(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String trimmed = id.strip();
        String canonical = IDS_BY_LOWER_CASE.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
        try {
            return Optional.of(ZoneId.of(canonical));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
