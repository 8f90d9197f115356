package io.leadstream.stream.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.crm.TimeZoneSource;
import io.leadstream.stream.geo.AreaCodeDirectory;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppointmentZoneResolverTest {

    private final AppointmentZoneResolver zones = new AppointmentZoneResolver(AreaCodeDirectory.load());

    @Test
    void prefersTheEventZone() {
        assertThat(zones.resolve("America/New_York", "America/Denver", "(415) 555-0100"))
                .isEqualTo(new AppointmentZone(ZoneId.of("America/New_York"), TimeZoneSource.EVENT));
    }

    @Test
    void usesTheProfileZoneWhenTheEventHasNone() {
        assertThat(zones.resolve(null, "America/Denver", "(415) 555-0100"))
                .isEqualTo(new AppointmentZone(ZoneId.of("America/Denver"), TimeZoneSource.PROFILE));
    }

    @Test
    void infersTheZoneFromThePhonesAreaCodeWhenNeitherIsKnown() {
        assertThat(zones.resolve(" ", null, "(415) 555-0100"))
                .isEqualTo(new AppointmentZone(ZoneId.of("America/Los_Angeles"), TimeZoneSource.AREA_CODE));
    }

    @Test
    void fallsBackToUtcWithoutAnyClue() {
        assertThat(zones.resolve(null, null, "+44 20 7946 0958"))
                .isEqualTo(new AppointmentZone(ZoneOffset.UTC, TimeZoneSource.UTC_FALLBACK));
    }

    @Test
    void fallsBackToUtcForAnUnknownAreaCode() {
        assertThat(zones.resolve(null, null, "+1 876 555 0100").source()).isEqualTo(TimeZoneSource.UTC_FALLBACK);
    }

    @Test
    void skipsAnInvalidEventZone() {
        assertThat(zones.resolve("Mars/Olympus_Mons", "America/Denver", null).source())
                .isEqualTo(TimeZoneSource.PROFILE);
    }

    @Test
    void skipsAnInvalidProfileZone() {
        assertThat(zones.resolve(null, "Central Time", "(212) 555-0100"))
                .isEqualTo(new AppointmentZone(ZoneId.of("America/New_York"), TimeZoneSource.AREA_CODE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"america/chicago", "AMERICA/CHICAGO", " America/Chicago "})
    void acceptsIanaIdsRegardlessOfCaseAndSurroundingSpace(String id) {
        assertThat(zones.resolve(id, null, null).zone()).isEqualTo(ZoneId.of("America/Chicago"));
    }
}
