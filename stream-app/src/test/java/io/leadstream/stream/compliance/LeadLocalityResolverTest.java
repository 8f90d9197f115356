package io.leadstream.stream.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.stream.geo.AreaCodeDirectory;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeadLocalityResolverTest {
    private final LeadLocalityResolver resolver = new LeadLocalityResolver(AreaCodeDirectory.load());

    @Test
    void the_profile_zone_and_state_win_over_the_area_code() {
        LeadLocality l = resolver.resolve("America/Los_Angeles", "ca", "+13055550100");
        assertThat(l.zone()).contains(ZoneId.of("America/Los_Angeles"));
        assertThat(l.state()).contains("CA");
        assertThat(l.zoneOrigin()).isEqualTo(LeadLocality.Origin.PROFILE);
        assertThat(l.isStrictest()).isFalse();
    }

    @Test
    void zone_and_state_are_inferred_from_the_area_code_when_the_profile_has_none() {
        LeadLocality l = resolver.resolve(null, null, "(305) 555-0100");
        assertThat(l.zone()).contains(ZoneId.of("America/New_York"));
        assertThat(l.state()).contains("FL");
        assertThat(l.zoneOrigin()).isEqualTo(LeadLocality.Origin.AREA_CODE);
        assertThat(l.stateOrigin()).isEqualTo(LeadLocality.Origin.AREA_CODE);
    }

    @Test
    void an_unparseable_profile_zone_falls_back_to_the_area_code() {
        assertThat(resolver.resolve("Mars/Olympus_Mons", null, "+12055550100").zone()).contains(ZoneId.of("America/Chicago"));
        assertThat(resolver.resolve("america/chicago", null, null).zone()).contains(ZoneId.of("America/Chicago"));
    }

    @Test
    void unknown_zone_and_state_mean_every_us_zone_and_the_strictest_state_rules() {
        LeadLocality l = resolver.resolve(null, null, "+442071838750");
        assertThat(l.zones()).isEqualTo(LeadLocality.US_ZONES);
        assertThat(l.state()).isEmpty();
        assertThat(l.zone()).isEmpty();
        assertThat(l.isStrictest()).isTrue();
        assertThat(l.calendarZone()).isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void a_known_state_without_zone_is_checked_in_every_zone_of_that_state() {
        LeadLocality florida = resolver.resolve(null, "FL", null);
        assertThat(florida.zones()).containsExactlyInAnyOrder(ZoneId.of("America/Chicago"), ZoneId.of("America/New_York"));
        assertThat(florida.zoneOrigin()).isEqualTo(LeadLocality.Origin.STATE);
        assertThat(florida.state()).isEqualTo(Optional.of("FL"));
    }

    @Test
    void a_known_zone_without_state_uses_the_strictest_state_rules_in_that_zone() {
        LeadLocality l = resolver.resolve("America/Denver", "not a state", null);
        assertThat(l.zones()).isEqualTo(List.of(ZoneId.of("America/Denver")));
        assertThat(l.state()).isEmpty();
        assertThat(l.isStrictest()).isTrue();
    }
}
