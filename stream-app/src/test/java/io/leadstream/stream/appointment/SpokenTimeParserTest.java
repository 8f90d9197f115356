package io.leadstream.stream.appointment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SpokenTimeParserTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "14:00      | 14:00", "14:00:00   | 14:00", "14:30:15   | 14:30:15", "09:00      | 09:00",
            "07:00      | 07:00", "00:30      | 00:30", "23:59      | 23:59", "0          | 00:00",
    })
    void readsIsoAnd24HourTimesLiterally(String text, LocalTime expected) {
        assertThat(SpokenTimeParser.parse(text)).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2:00 PM    | 14:00", "2:00pm     | 14:00", "2 pm       | 14:00", "2pm        | 14:00",
            "2 p.m.     | 14:00", "2PM        | 14:00", "2:30 pm    | 14:30", "9:15 am    | 09:15",
            "9am        | 09:00", "12 pm      | 12:00", "12 am      | 00:00", "12:30 am   | 00:30",
            "11:59 PM   | 23:59", "7 a.m.     | 07:00", "8p         | 20:00", "at 3pm     | 15:00",
            "3 o'clock pm | 15:00",
    })
    void readsTwelveHourTimesWithAmPm(String text, LocalTime expected) {
        assertThat(SpokenTimeParser.parse(text)).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1     | 13:00", "2     | 14:00", "5     | 17:00", "7     | 19:00",
            "8     | 08:00", "9     | 09:00", "11    | 11:00", "12    | 12:00",
            "2:30  | 14:30", "7:45  | 19:45", "8:30  | 08:30", "12:15 | 12:15", "2:00  | 14:00",
            "4 o'clock | 16:00",
    })
    void biasesBareHoursToBusinessHours(String text, LocalTime expected) {
        assertThat(SpokenTimeParser.parse(text)).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "noon                  | 12:00", "Noon                  | 12:00", "midday                | 12:00",
            "midnight              | 00:00", "half past two         | 14:30", "half past 9            | 09:30",
            "quarter past three    | 15:15", "quarter to four       | 15:45", "quarter to eight      | 07:45",
            "quarter to one        | 12:45", "10 past 3             | 15:10", "two thirty            | 14:30",
            "ten thirty            | 10:30", "two forty five        | 14:45", "two oh five           | 14:05",
            "two pm                | 14:00", "half past two in the morning | 02:30",
            "3 in the afternoon    | 15:00", "8 in the evening      | 20:00", "eleven am             | 11:00",
    })
    void readsSpokenWords(String text, LocalTime expected) {
        assertThat(SpokenTimeParser.parse(text)).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is not a time")
    @ValueSource(strings = {
            "whenever", "2:60", "25:00", "24:00", "13pm", "0 am", "14:00 pm", "2:3", "afternoon", "2 pm-ish",
            "half to two", "2:00:61",
    })
    void rejectsWhatIsNotATime(String text) {
        assertThat(SpokenTimeParser.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = "  ")
    void hasNoTimeForMissingText(String text) {
        assertThat(SpokenTimeParser.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "hour {0} -> {1}")
    @CsvSource({"1, 13", "7, 19", "8, 8", "11, 11", "12, 12"})
    void businessHourBiasTable(int hour, int expected) {
        assertThat(SpokenTimeParser.businessHour(hour)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 13})
    void businessHourBiasOnlyAppliesToTwelveHourClockHours(int hour) {
        assertThatThrownBy(() -> SpokenTimeParser.businessHour(hour)).isInstanceOf(IllegalArgumentException.class);
    }
}
