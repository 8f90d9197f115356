package io.leadstream.stream.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.stream.geo.AreaCodeDirectory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AppointmentTimeResolverPropertyTest {

    private static final AppointmentTimeResolver RESOLVER = new AppointmentTimeResolver(AreaCodeDirectory.load());

    /** A spoken time and the local time it means. */
    record Spoken(String text, LocalTime meaning) {
    }

    @Provide
    Arbitrary<Instant> callTimes() {
        // 2025..2028 covers several DST transitions in both directions in every zone below.
        return Arbitraries.longs()
                .between(Instant.parse("2025-01-01T00:00:00Z").getEpochSecond(), Instant.parse("2028-01-01T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                        "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/St_Johns",
                        "Europe/London", "Australia/Lord_Howe", "UTC")
                .map(ZoneId::of);
    }

    @Provide
    Arbitrary<Spoken> spokenTimes() {
        Arbitrary<Integer> hours = Arbitraries.integers().between(0, 23);
        Arbitrary<Integer> minutes = Arbitraries.integers().between(0, 59);
        Arbitrary<Integer> styles = Arbitraries.integers().between(0, 4);
        return Combinators.combine(hours, minutes, styles).as(AppointmentTimeResolverPropertyTest::speak);
    }

    private static Spoken speak(int hour, int minute, int style) {
        LocalTime meaning = LocalTime.of(hour, minute);
        int hour12 = hour % 12 == 0 ? 12 : hour % 12;
        String ampm = hour < 12 ? "am" : "pm";
        switch (style) {
            case 0:
                return new Spoken(String.format("%02d:%02d", hour, minute), meaning);
            case 1:
                return new Spoken(String.format("%d:%02d %s", hour12, minute, ampm.toUpperCase()), meaning);
            case 2:
                return new Spoken(String.format("%02d:%02d:00", hour, minute), meaning);
            case 3:
                return minute == 0
                        ? new Spoken(hour12 + ampm, meaning)
                        : new Spoken(String.format("%d:%02d%s", hour12, minute, ampm), meaning);
            default:
                // Bare 12-hour time: what it means is the business-hours bias, not the generated hour.
                int biased = SpokenTimeParser.businessHour(hour12);
                return new Spoken(String.format("%d:%02d", hour12, minute), LocalTime.of(biased, minute));
        }
    }

    @Property(tries = 2000)
    void aTimeWithoutADateIsTheNextOccurrenceAfterTheCall(
            @ForAll("callTimes") Instant call, @ForAll("zones") ZoneId zone, @ForAll("spokenTimes") Spoken spoken) {
        ResolvedAppointment r = RESOLVER.resolve(new AppointmentRequest(null, spoken.text(), zone.getId(), null, null, call, 60));

        assertThat(r.validationError()).as(spoken.text()).isEmpty();
        Instant start = r.start().orElseThrow();
        ZoneRules rules = zone.getRules();
        assertThat(start).isAfter(call);
        // At most a day on the wall clock: exactly a day when the call falls on the spoken minute (the
        // occurrence must be strictly later), and a fall-back day is 25 hours long.
        Duration dayOfWallClock = Duration.ofHours(24).plusSeconds(
                Math.max(0, rules.getOffset(call).getTotalSeconds() - rules.getOffset(start).getTotalSeconds()));
        assertThat(Duration.between(call, start)).isLessThanOrEqualTo(dayOfWallClock);

        LocalDateTime wanted = start.atZone(zone).toLocalDate().atTime(spoken.meaning());
        LocalTime actual = start.atZone(zone).toLocalTime();
        if (rules.getValidOffsets(wanted).isEmpty()) {
            Duration gap = rules.getTransition(wanted).getDuration();
            assertThat(actual).as("shifted by the gap").isEqualTo(spoken.meaning().plus(gap));
        } else {
            assertThat(actual).isEqualTo(spoken.meaning());
        }
    }
}
