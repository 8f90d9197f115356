package io.leadstream.stream.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.stream.geo.AreaCodeDirectory;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NextAllowedSlotTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private final NextAllowedSlot slots = new NextAllowedSlot(CallingWindows.loadDefault());
    private final LeadLocalityResolver resolver = new LeadLocalityResolver(AreaCodeDirectory.load());
    /** Legal window open (almost) all day, to exercise DST with step windows at night. */
    private final NextAllowedSlot anyTime = new NextAllowedSlot(CallingWindows.federalOnly(new LocalWindow(LocalTime.MIDNIGHT, LocalTime.of(23, 59))));

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void a_florida_lead_at_20_30_local_is_deferred_to_08_00_the_next_day() {
        LeadLocality miami = resolver.resolve(null, null, "+13055550100");
        // 2026-03-10 20:30 EDT
        assertThat(slots.isAllowed(at("2026-03-11T00:30:00Z"), miami, null)).isFalse();
        assertThat(slots.next(at("2026-03-11T00:30:00Z"), miami, null)).contains(at("2026-03-11T12:00:00Z"));
        // 19:59 EDT is still inside
        assertThat(slots.next(at("2026-03-10T23:59:00Z"), miami, null)).contains(at("2026-03-10T23:59:00Z"));
    }

    @Test
    void the_window_a_florida_lead_is_called_in_closes_at_20_local_and_a_step_window_closes_it_earlier() {
        LeadLocality miami = resolver.resolve(null, null, "+13055550100");
        // 2026-03-10 19:50 EDT: Florida's window ends at 20:00 EDT = 00:00Z.
        assertThat(slots.closesAt(at("2026-03-10T23:50:00Z"), miami, null)).isEqualTo(at("2026-03-11T00:00:00Z"));
        assertThat(slots.closesAt(at("2026-03-10T23:50:00Z"), miami, LocalWindow.of("09:00", "19:55"))).isEqualTo(at("2026-03-10T23:55:00Z"));
    }

    @Test
    void with_several_candidate_zones_the_window_closes_when_the_first_of_them_closes() {
        LeadLocality eastOrCentral = new LeadLocality(List.of(NEW_YORK, CHICAGO), Optional.of("NY"), LeadLocality.Origin.STATE, LeadLocality.Origin.PROFILE);
        // 2026-03-10 19:00 CDT = 20:00 EDT: New York's 21:00 comes first, at 01:00Z.
        assertThat(slots.closesAt(at("2026-03-11T00:00:00Z"), eastOrCentral, null)).isEqualTo(at("2026-03-11T01:00:00Z"));
    }

    @Test
    void the_same_hour_in_new_york_state_is_allowed_until_21() {
        LeadLocality manhattan = resolver.resolve(null, null, "+12125550100");
        assertThat(slots.isAllowed(at("2026-03-11T00:30:00Z"), manhattan, null)).isTrue();
        assertThat(slots.isAllowed(at("2026-03-11T01:00:00Z"), manhattan, null)).isFalse();
    }

    @Test
    void on_spring_forward_day_08_00_local_is_one_hour_earlier_in_utc() {
        LeadLocality ny = LeadLocality.known(NEW_YORK, "NY");
        // 2026-03-08: clocks go 02:00 EST -> 03:00 EDT. 05:00 EST = 10:00Z; 08:00 EDT = 12:00Z.
        assertThat(slots.next(at("2026-03-08T06:00:00Z"), ny, null)).contains(at("2026-03-08T12:00:00Z"));
        // the evening before (still EST) 21:00 is 02:00Z; the evening after (EDT) it is 01:00Z
        assertThat(slots.isAllowed(at("2026-03-08T01:30:00Z"), ny, null)).as("20:30 EST on Mar 7").isTrue();
        assertThat(slots.isAllowed(at("2026-03-09T01:30:00Z"), ny, null)).as("21:30 EDT on Mar 8").isFalse();
    }

    @Test
    void a_step_window_starting_inside_the_skipped_hour_opens_when_the_clock_jumps() {
        LeadLocality ny = LeadLocality.known(NEW_YORK, "NY");
        LocalWindow night = LocalWindow.of("02:30", "04:00");
        // 01:30 EST = 06:30Z; the clock jumps at 07:00Z straight to 03:00 EDT, inside the window.
        assertThat(anyTime.next(at("2026-03-08T06:30:00Z"), ny, night)).contains(at("2026-03-08T07:00:00Z"));
        // a window entirely inside the skipped hour does not exist that day: next day 02:15 EDT
        assertThat(anyTime.next(at("2026-03-08T06:30:00Z"), ny, LocalWindow.of("02:15", "02:45")))
                .contains(at("2026-03-09T06:15:00Z"));
    }

    @Test
    void on_fall_back_day_08_00_local_is_one_hour_later_in_utc() {
        LeadLocality ny = LeadLocality.known(NEW_YORK, "NY");
        // 2026-11-01: clocks go 02:00 EDT -> 01:00 EST. 08:00 EST = 13:00Z.
        assertThat(slots.next(at("2026-11-01T05:00:00Z"), ny, null)).contains(at("2026-11-01T13:00:00Z"));
        assertThat(slots.next(at("2026-10-31T05:00:00Z"), ny, null)).as("day before, EDT").contains(at("2026-10-31T12:00:00Z"));
    }

    @Test
    void a_wall_time_that_happens_twice_reopens_a_window_on_its_second_occurrence() {
        LeadLocality ny = LeadLocality.known(NEW_YORK, "NY");
        // 01:45 EDT = 05:45Z: past 01:00-01:30 for the first time; at 06:00Z the clock reads 01:00 EST again.
        assertThat(anyTime.next(at("2026-11-01T05:45:00Z"), ny, LocalWindow.of("01:00", "01:30"))).contains(at("2026-11-01T06:00:00Z"));
        assertThat(anyTime.next(at("2026-11-01T05:45:00Z"), ny, LocalWindow.of("00:30", "01:30"))).contains(at("2026-11-01T06:00:00Z"));
        // and the first occurrence is taken when it is still ahead: 01:00 EDT = 05:00Z
        assertThat(anyTime.next(at("2026-11-01T04:30:00Z"), ny, LocalWindow.of("01:00", "01:30"))).contains(at("2026-11-01T05:00:00Z"));
    }

    @Test
    void unknown_zone_and_state_get_the_strictest_window_across_all_us_zones() {
        LeadLocality unknown = LeadLocality.unknown();
        // Tue 2026-03-10 (DST): 10:00 HST = 20:00Z is the latest start, 18:00 EDT = 22:00Z the earliest end.
        assertThat(slots.next(at("2026-03-10T15:00:00Z"), unknown, null)).contains(at("2026-03-10T20:00:00Z"));
        assertThat(slots.isAllowed(at("2026-03-10T21:59:00Z"), unknown, null)).isTrue();
        assertThat(slots.next(at("2026-03-10T22:00:00Z"), unknown, null)).contains(at("2026-03-11T20:00:00Z"));
        // every allowed instant is inside 08:00-21:00 in every US zone
        Instant slot = slots.next(at("2026-03-10T15:00:00Z"), unknown, null).orElseThrow();
        for (ZoneId z : LeadLocality.US_ZONES) {
            LocalTime local = slot.atZone(z).toLocalTime();
            assertThat(local).as(z.getId()).isBetween(LocalTime.of(8, 0), LocalTime.of(20, 59, 59));
        }
    }

    @Test
    void sunday_in_alabama_moves_to_monday_morning() {
        LeadLocality birmingham = resolver.resolve(null, null, "+12055550100");
        assertThat(birmingham.zone()).contains(CHICAGO);
        // Sat 2026-03-14 20:30 CDT = 01:30Z Sun; Sunday closed; Monday 08:00 CDT = 13:00Z
        assertThat(slots.next(at("2026-03-15T01:30:00Z"), birmingham, null)).contains(at("2026-03-16T13:00:00Z"));
        assertThat(slots.isAllowed(at("2026-03-15T17:00:00Z"), birmingham, null)).as("Sunday noon").isFalse();
    }

    @Test
    void a_holiday_after_a_sunday_pushes_alabama_to_tuesday() {
        LeadLocality birmingham = resolver.resolve(null, null, "+12055550100");
        // Sat 2026-05-23 20:00 CDT; Sunday closed; Mon 05-25 Memorial Day; Tue 08:00 CDT = 13:00Z
        assertThat(slots.next(at("2026-05-24T01:00:00Z"), birmingham, null)).contains(at("2026-05-26T13:00:00Z"));
    }

    @Test
    void the_step_window_narrows_the_legal_window() {
        LeadLocality ny = LeadLocality.known(NEW_YORK, "NY");
        // 08:30 EDT with step window 10:00-18:00 -> 10:00 EDT = 14:00Z
        assertThat(slots.next(at("2026-03-10T12:30:00Z"), ny, LocalWindow.of("10:00", "18:00"))).contains(at("2026-03-10T14:00:00Z"));
        // a step window outside the legal one never opens
        assertThat(slots.next(at("2026-03-10T12:30:00Z"), ny, LocalWindow.of("21:30", "23:00"))).isEmpty();
    }

    @Test
    void a_state_spanning_two_zones_needs_both_zones_inside_the_window() {
        LeadLocality florida = new LeadLocality(List.of(NEW_YORK, CHICAGO), Optional.of("FL"), LeadLocality.Origin.STATE, LeadLocality.Origin.PROFILE);
        // 19:30 EDT / 18:30 CDT: both inside 08-20
        assertThat(slots.isAllowed(at("2026-03-10T23:30:00Z"), florida, null)).isTrue();
        // 20:30 EDT: next is when Chicago reaches 08:00 CDT = 13:00Z (New York is at 09:00 then)
        assertThat(slots.next(at("2026-03-11T00:30:00Z"), florida, null)).contains(at("2026-03-11T13:00:00Z"));
    }

    @Test
    void texas_sunday_calls_wait_for_noon() {
        LeadLocality houston = resolver.resolve(null, null, "+17135550100");
        // Sun 2026-03-15 09:00 CDT = 14:00Z -> 12:00 CDT = 17:00Z
        assertThat(slots.next(at("2026-03-15T14:00:00Z"), houston, null)).contains(at("2026-03-15T17:00:00Z"));
    }
}
