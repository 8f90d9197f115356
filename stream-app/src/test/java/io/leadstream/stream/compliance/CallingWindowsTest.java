package io.leadstream.stream.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallingWindowsTest {
    private static final CallingWindows WINDOWS = CallingWindows.loadDefault();
    private static final LocalDate TUESDAY = LocalDate.of(2026, 3, 10);
    private static final LocalDate SATURDAY = LocalDate.of(2026, 3, 14);
    private static final LocalDate SUNDAY = LocalDate.of(2026, 3, 15);

    private static Optional<LocalWindow> window(String from, String to) {
        return Optional.of(LocalWindow.of(from, to));
    }

    @Test
    void a_state_without_overrides_gets_the_federal_8_to_21_window_every_day() {
        assertThat(WINDOWS.windowOn("NY", TUESDAY)).isEqualTo(window("08:00", "21:00"));
        assertThat(WINDOWS.windowOn("NY", SUNDAY)).isEqualTo(window("08:00", "21:00"));
        assertThat(WINDOWS.windowOn("ON", SUNDAY)).as("non-US region: federal").isEqualTo(window("08:00", "21:00"));
    }

    @Test
    void florida_oklahoma_and_maryland_end_at_20() {
        for (String state : List.of("FL", "OK", "MD")) {
            assertThat(WINDOWS.windowOn(state, TUESDAY)).as(state).isEqualTo(window("08:00", "20:00"));
            assertThat(WINDOWS.windowOn(state, SUNDAY)).as(state).isEqualTo(window("08:00", "20:00"));
        }
    }

    @Test
    void alabama_louisiana_and_mississippi_have_no_sunday_calls() {
        for (String state : List.of("AL", "LA", "MS")) {
            assertThat(WINDOWS.windowOn(state, SATURDAY)).as(state).isEqualTo(window("08:00", "20:00"));
            assertThat(WINDOWS.windowOn(state, SUNDAY)).as(state).isEmpty();
        }
    }

    @Test
    void texas_sundays_start_at_noon_and_rhode_island_saturdays_are_short() {
        assertThat(WINDOWS.windowOn("TX", SUNDAY)).isEqualTo(window("12:00", "21:00"));
        assertThat(WINDOWS.windowOn("TX", TUESDAY)).isEqualTo(window("09:00", "21:00"));
        assertThat(WINDOWS.windowOn("RI", SATURDAY)).isEqualTo(window("10:00", "17:00"));
        assertThat(WINDOWS.windowOn("RI", TUESDAY)).isEqualTo(window("09:00", "18:00"));
    }

    @Test
    void state_holidays_of_2026_are_closed_including_the_observed_friday_of_a_saturday_holiday() {
        assertThat(WINDOWS.windowOn("AL", LocalDate.of(2026, 1, 19))).as("MLK day, 3rd Monday of January").isEmpty();
        assertThat(WINDOWS.windowOn("AL", LocalDate.of(2026, 5, 25))).as("Memorial Day, last Monday of May").isEmpty();
        assertThat(WINDOWS.windowOn("AL", LocalDate.of(2026, 7, 4))).as("Independence Day (a Saturday)").isEmpty();
        assertThat(WINDOWS.windowOn("AL", LocalDate.of(2026, 7, 3))).as("... observed on Friday").isEmpty();
        assertThat(WINDOWS.windowOn("LA", LocalDate.of(2026, 2, 17))).as("Mardi Gras 2026").isEmpty();
        assertThat(WINDOWS.windowOn("LA", LocalDate.of(2026, 4, 3))).as("Good Friday 2026").isEmpty();
        assertThat(WINDOWS.windowOn("UT", LocalDate.of(2026, 7, 24))).as("Pioneer Day").isEmpty();
        assertThat(WINDOWS.windowOn("MS", LocalDate.of(2026, 11, 26))).as("Thanksgiving, 4th Thursday").isEmpty();
        assertThat(WINDOWS.windowOn("NY", LocalDate.of(2026, 11, 26))).as("no NY holiday rule").isPresent();
        assertThat(WINDOWS.noCallDayName("RI", LocalDate.of(2026, 8, 10))).contains("Victory Day");
    }

    @Test
    void easter_is_computed_for_real_years() {
        assertThat(HolidayRule.easter(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(HolidayRule.easter(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(HolidayRule.easter(2030)).isEqualTo(LocalDate.of(2030, 4, 21));
    }

    @Test
    void the_strictest_window_is_every_state_intersected_latest_start_earliest_end() {
        // Kentucky starts at 10:00, Rhode Island ends at 18:00 on weekdays and 17:00 on Saturdays.
        assertThat(WINDOWS.strictestWindow(TUESDAY)).isEqualTo(window("10:00", "18:00"));
        assertThat(WINDOWS.strictestWindow(SATURDAY)).isEqualTo(window("10:00", "17:00"));
        assertThat(WINDOWS.strictestWindow(SUNDAY)).as("several states ban Sundays").isEmpty();
        assertThat(WINDOWS.strictestWindow(LocalDate.of(2026, 5, 25))).as("a holiday in any state").isEmpty();
        assertThat(WINDOWS.windowOn(null, TUESDAY)).isEqualTo(WINDOWS.strictestWindow(TUESDAY));
    }

    @Test
    void a_state_row_can_only_narrow_the_federal_window() {
        CallingWindows wide = CallingWindows.fromLines(
                List.of("state,days,hours,source", "US,ALL,08:00-21:00,federal", "NV,ALL,07:00-22:00,a typo"),
                List.of("state,rule,name"));
        assertThat(wide.windowOn("NV", TUESDAY)).isEqualTo(window("08:00", "21:00"));
    }

    @Test
    void a_bad_table_is_refused_with_every_problem_listed() {
        assertThatThrownBy(() -> CallingWindows.fromLines(
                List.of("state,days,hours,source", "US,MON-FRI,08:00-21:00,x", "ZZ,ALL,08:00-20:00,x", "FL,ALL,20:00-08:00,x",
                        "AL,FRI-MON,08:00-20:00,x", "AL,SUN,closed,x", "AL,SUN,08:00-09:00,x"),
                List.of("state,rule,name", "AL,13-45,Nonsense", "LA,EASTER-47,Mardi Gras")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'ZZ' is not US or a USPS state code")
                .hasMessageContaining("start 20:00 must be before its end 08:00")
                .hasMessageContaining("runs backwards")
                .hasMessageContaining("AL SUNDAY is given twice")
                .hasMessageContaining("must cover all seven days")
                .hasMessageContaining(":2:");
    }

    @Test
    void windows_are_half_open() {
        LocalWindow w = LocalWindow.of("08:00", "20:00");
        assertThat(w.contains(LocalTime.of(8, 0))).isTrue();
        assertThat(w.contains(LocalTime.of(19, 59, 59))).isTrue();
        assertThat(w.contains(LocalTime.of(20, 0))).isFalse();
        assertThat(w.intersect(LocalWindow.of("20:00", "21:00"))).isEmpty();
    }
}
