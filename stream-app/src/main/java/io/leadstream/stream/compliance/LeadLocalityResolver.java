package io.leadstream.stream.compliance;

import io.leadstream.schemas.lead.LeadProfile;
import io.leadstream.stream.geo.AreaCode;
import io.leadstream.stream.geo.AreaCodeDirectory;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resolves a lead's {@link LeadLocality}: zone and state from the profile ({@code timeZone}, {@code state}),
 * each else from the phone's area code, else unknown. When only the state is known, the candidate
 * zones are the zones of that state's area codes (Florida: Eastern and Central), so a window is checked
 * in all of them. A profile value that does not parse is skipped, not fatal: the next source is still
 * better than failing the gate.
 */
public final class LeadLocalityResolver {
    private static final Map<String, String> IDS_BY_LOWER_CASE = ZoneId.getAvailableZoneIds().stream()
            .collect(Collectors.toMap(id -> id.toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));

    private final AreaCodeDirectory areaCodes;

    public LeadLocalityResolver(AreaCodeDirectory areaCodes) {
        this.areaCodes = Objects.requireNonNull(areaCodes, "areaCodes");
    }

    public LeadLocality resolve(LeadProfile profile) {
        return profile == null ? LeadLocality.unknown() : resolve(profile.getTimeZone(), profile.getState(), profile.getPhone());
    }

    public LeadLocality resolve(String profileTimeZone, String profileState, String phone) {
        Optional<ZoneId> zone = parseZone(profileTimeZone);
        Optional<String> state = parseState(profileState);
        Optional<AreaCode> areaCode = areaCodes.forPhone(phone);
        LeadLocality.Origin zoneOrigin = LeadLocality.Origin.PROFILE;
        LeadLocality.Origin stateOrigin = LeadLocality.Origin.PROFILE;
        if (state.isEmpty()) {
            state = areaCode.map(AreaCode::region);
            stateOrigin = state.isPresent() ? LeadLocality.Origin.AREA_CODE : LeadLocality.Origin.UNKNOWN;
        }
        List<ZoneId> zones;
        if (zone.isPresent()) {
            zones = List.of(zone.get());
        } else if (areaCode.isPresent()) {
            zones = List.of(areaCode.get().zone());
            zoneOrigin = LeadLocality.Origin.AREA_CODE;
        } else if (state.isPresent() && !zonesOf(state.get()).isEmpty()) {
            zones = zonesOf(state.get());
            zoneOrigin = LeadLocality.Origin.STATE;
        } else {
            zones = LeadLocality.US_ZONES;
            zoneOrigin = LeadLocality.Origin.UNKNOWN;
        }
        return new LeadLocality(zones, state, zoneOrigin, stateOrigin);
    }

    private List<ZoneId> zonesOf(String state) {
        return areaCodes.all().stream().filter(a -> a.region().equals(state)).map(AreaCode::zone)
                .distinct().sorted((a, b) -> a.getId().compareTo(b.getId())).collect(Collectors.toList());
    }

    /** A 2-letter code the directory or the US list knows; "fl" is read as FL. */
    private Optional<String> parseState(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String s = raw.strip().toUpperCase(Locale.ROOT);
        return CallingWindows.US_STATES.contains(s) || areaCodes.regions().contains(s) ? Optional.of(s) : Optional.empty();
    }

    /** An IANA region id (case-insensitive) or a fixed id such as "-05:00". */
    static Optional<ZoneId> parseZone(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String trimmed = id.strip();
        try {
            return Optional.of(ZoneId.of(IDS_BY_LOWER_CASE.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
