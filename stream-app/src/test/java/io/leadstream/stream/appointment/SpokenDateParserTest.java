package io.leadstream.stream.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SpokenDateParserTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2026-03-04       | 2026-03-04", "3/4/2026         | 2026-03-04", "3/4/26           | 2026-03-04",
            "03/04/2026       | 2026-03-04", "3-4-2026         | 2026-03-04", "March 4, 2026    | 2026-03-04",
            "March 4th 2026   | 2026-03-04", "4 March 2026     | 2026-03-04", "Dec. 31, 2026    | 2026-12-31",
            "the 4th of March 2026 | 2026-03-04",
    })
    void readsCompleteDates(String text, LocalDate expected) {
        assertThat(SpokenDateParser.parse(text)).contains(new DateExpression.Absolute(expected, Optional.empty()));
    }

    @ParameterizedTest(name = "\"{0}\" -> --{1}-{2}")
    @CsvSource(delimiter = '|', value = {
            "March 4     | 3 | 4", "Mar 4th     | 3 | 4", "mar 4       | 3 | 4", "3/4         | 3 | 4",
            "4th March   | 3 | 4", "4 of march  | 3 | 4", "the 4th of March | 3 | 4", "Sept 21st   | 9 | 21",
            "January 2   | 1 | 2", "Feb 29      | 2 | 29", "on March 4  | 3 | 4", "March the 4th | 3 | 4",
    })
    void readsMonthAndDayWithoutAYear(String text, int month, int day) {
        assertThat(SpokenDateParser.parse(text))
                .contains(new DateExpression.Yearless(MonthDay.of(month, day), Optional.empty()));
    }

    @ParameterizedTest(name = "\"{0}\" -> +{1} days")
    @CsvSource({"today, 0", "Tomorrow, 1", "the day after tomorrow, 2", "day after tomorrow, 2"})
    void readsDaysRelativeToTheCall(String text, int days) {
        assertThat(SpokenDateParser.parse(text)).contains(new DateExpression.DaysFromCall(days));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}, excludeToday={2}")
    @CsvSource({
            "Friday, FRIDAY, false", "fri, FRIDAY, false", "this Friday, FRIDAY, false",
            "this coming Friday, FRIDAY, false", "coming tuesday, TUESDAY, false", "next Tuesday, TUESDAY, true",
            "next tues, TUESDAY, true", "Thurs, THURSDAY, false", "on Monday, MONDAY, false",
    })
    void readsWeekdays(String text, DayOfWeek day, boolean excludeToday) {
        assertThat(SpokenDateParser.parse(text)).contains(new DateExpression.Weekday(day, excludeToday));
    }

    @ParameterizedTest(name = "\"{0}\" keeps the stated weekday")
    @ValueSource(strings = {"Tuesday, March 4", "Tue March 4th", "tuesday 3/4"})
    void keepsAWeekdayStatedBeforeADate(String text) {
        assertThat(SpokenDateParser.parse(text))
                .contains(new DateExpression.Yearless(MonthDay.of(3, 4), Optional.of(DayOfWeek.TUESDAY)));
    }

    @ParameterizedTest(name = "\"{0}\" is not a date")
    @ValueSource(strings = {
            "someday", "2026-02-30", "2/30", "13/1", "March 32", "Smarch 4", "next week", "4", "2026-3-4x",
            "last Friday", "Friday March",
    })
    void rejectsWhatIsNotADate(String text) {
        assertThat(SpokenDateParser.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = " ")
    void hasNoDateForMissingText(String text) {
        assertThat(SpokenDateParser.parse(text)).isEmpty();
    }
}
