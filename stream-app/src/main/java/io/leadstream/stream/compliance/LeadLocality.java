package io.leadstream.stream.compliance;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a lead is, as far as calling windows care: the zone(s) its local time may be in and its state.
 *
 * <p>{@code zones} has one element when the zone is known. When it is not, it holds every zone the
 * lead might be in (the zones of its state, else all {@linkplain #US_ZONES US zones}) and a time is
 * local-legal only if it is legal in all of them. {@code state} empty means "unknown": the strictest
 * state rules apply ({@link CallingWindows#strictestWindow}).
 */
public record LeadLocality(List<ZoneId> zones, Optional<String> state, Origin zoneOrigin, Origin stateOrigin) {

    /** Where a field came from, for the audit reason. */
    public enum Origin { PROFILE, AREA_CODE, STATE, UNKNOWN }

    /**
     * One representative zone per distinct UTC offset pattern of the 50 states and DC (Eastern, Central,
     * Mountain, Arizona, Pacific, Alaska, Aleutian, Hawaii). Territories are excluded: their area codes
     * are in the directory, so a lead there always has a known zone, and intersecting Guam's day with
     * Hawaii's would leave no window at all.
     */
    public static final List<ZoneId> US_ZONES = List.of(
            ZoneId.of("America/New_York"), ZoneId.of("America/Chicago"), ZoneId.of("America/Denver"),
            ZoneId.of("America/Phoenix"), ZoneId.of("America/Los_Angeles"), ZoneId.of("America/Anchorage"),
            ZoneId.of("America/Adak"), ZoneId.of("Pacific/Honolulu"));

    /** Zone for calendar arithmetic (business days) when the zone is unknown: where most US leads live. */
    public static final ZoneId FALLBACK_CALENDAR_ZONE = ZoneId.of("America/New_York");

    public LeadLocality {
        zones = List.copyOf(zones);
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("a locality needs at least one candidate zone");
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(zoneOrigin, "zoneOrigin");
        Objects.requireNonNull(stateOrigin, "stateOrigin");
    }

    /** A lead whose zone and state are both known. */
    public static LeadLocality known(ZoneId zone, String state) {
        return new LeadLocality(List.of(zone), Optional.ofNullable(state), Origin.PROFILE, state == null ? Origin.UNKNOWN : Origin.PROFILE);
    }

    /** Nothing known: every US zone, strictest state rules. */
    public static LeadLocality unknown() {
        return new LeadLocality(US_ZONES, Optional.empty(), Origin.UNKNOWN, Origin.UNKNOWN);
    }

    /** The lead's zone when exactly one is known. */
    public Optional<ZoneId> zone() {
        return zones.size() == 1 ? Optional.of(zones.get(0)) : Optional.empty();
    }

    /** The zone calendar offsets (days, business days) are computed in. */
    public ZoneId calendarZone() {
        return zone().orElse(FALLBACK_CALENDAR_ZONE);
    }

    /** True when the strictest rules apply in some respect (zone or state unknown). */
    public boolean isStrictest() {
        return zones.size() > 1 || state.isEmpty();
    }

    public String describe() {
        String z = zone().map(ZoneId::getId).orElse("unknown zone (" + zones.size() + " candidate zones)");
        return z + " [" + zoneOrigin.name().toLowerCase() + "], state " + state.orElse("unknown (strictest rules)")
                + " [" + stateOrigin.name().toLowerCase() + "]";
    }
}
