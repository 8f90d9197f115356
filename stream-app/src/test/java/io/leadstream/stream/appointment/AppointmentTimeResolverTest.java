package io.leadstream.stream.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.crm.TimeZoneSource;
import io.leadstream.stream.geo.AreaCodeDirectory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unless a test says otherwise the call happens on Wednesday 2026-03-04 at 10:00 in Chicago
 * (CST, UTC-6), the event carries the zone America/Chicago and the meeting lasts 60 minutes.
 */
class AppointmentTimeResolverTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId PHOENIX = ZoneId.of("America/Phoenix");
    private static final Instant CALL = at("2026-03-04T10:00", CHICAGO);

    private final AppointmentTimeResolver resolver = new AppointmentTimeResolver(AreaCodeDirectory.load());

    private static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    private static AppointmentRequest request(String date, String time) {
        return new AppointmentRequest(date, time, "America/Chicago", null, null, CALL, 60);
    }

    private static AppointmentRequest request(String date, String time, ZoneId zone, Instant call) {
        return new AppointmentRequest(date, time, zone.getId(), null, null, call, 60);
    }

    private ResolvedAppointment resolve(String date, String time) {
        return resolver.resolve(request(date, time));
    }

    @Nested
    class DateForms {

        @ParameterizedTest(name = "\"{0}\" at 2 PM -> Thursday 2026-03-05 14:00 CST")
        @ValueSource(strings = {
                "2026-03-05", "March 5", "Mar 5th", "3/5", "3/5/2026", "tomorrow", "Thursday", "thu",
                "Thursday, March 5", "5th of March",
        })
        void resolvesEveryDateFormToTheSameDay(String date) {
            assertThat(resolve(date, "2:00 PM").start()).contains(Instant.parse("2026-03-05T20:00:00Z"));
        }

        @Test
        void todayIsTheCallDateInTheAppointmentZone() {
            assertThat(resolve("today", "2pm").start()).contains(Instant.parse("2026-03-04T20:00:00Z"));
        }

        @Test
        void aWeekdayNameIsTheNextSuchDay() {
            assertThat(resolve("Friday", "2pm").start()).contains(Instant.parse("2026-03-06T20:00:00Z"));
        }

        @Test
        void todaysWeekdayMeansTodayWhileTheTimeIsStillAhead() {
            assertThat(resolve("Wednesday", "2pm").start()).contains(Instant.parse("2026-03-04T20:00:00Z"));
        }

        @Test
        void todaysWeekdayMeansNextWeekOnceTheTimeHasPassed() {
            assertThat(resolve("Wednesday", "9am").start()).contains(Instant.parse("2026-03-11T14:00:00Z")); // CDT by then
        }

        @Test
        void nextWeekdayNeverMeansToday() {
            assertThat(resolve("next Wednesday", "2pm").start()).contains(Instant.parse("2026-03-11T19:00:00Z"));
        }

        @Test
        void nextWeekdayIsTheFirstSuchDayAfterToday() {
            assertThat(resolve("next Tuesday", "2pm").start()).contains(Instant.parse("2026-03-10T19:00:00Z"));
        }

        @Test
        void aMonthDayStillAheadThisYearIsThisYear() {
            assertThat(resolve("December 1", "10am").start()).contains(Instant.parse("2026-12-01T16:00:00Z"));
        }

        @Test
        void aMonthDayAlreadyBehindTheCallIsNextYear() {
            assertThat(resolve("March 3", "10am").start()).contains(Instant.parse("2027-03-03T16:00:00Z"));
        }

        @Test
        void aYearlessFebruary29WaitsForTheNextLeapYear() {
            assertThat(resolve("Feb 29", "10am").start()).contains(Instant.parse("2028-02-29T16:00:00Z"));
        }
    }

    @Nested
    class TimeForms {

        @ParameterizedTest(name = "\"{0}\" on 2026-03-05 -> {1} CST")
        @CsvSource(delimiter = '|', value = {
                "14:00         | 14:00", "14:00:00      | 14:00", "2:00 PM       | 14:00", "2:00pm        | 14:00",
                "2 pm          | 14:00", "2pm           | 14:00", "2             | 14:00", "2:30          | 14:30",
                "noon          | 12:00", "half past two | 14:30", "9             | 09:00", "12            | 12:00",
                "7             | 19:00", "8             | 08:00", "09:30         | 09:30",
        })
        void resolvesEveryTimeForm(String time, LocalTime local) {
            assertThat(resolve("2026-03-05", time).start())
                    .contains(LocalDateTime.of(2026, 3, 5, local.getHour(), local.getMinute()).atZone(CHICAGO).toInstant());
        }

        @Test
        void aTimeWithoutADateIsLaterTodayWhileStillAhead() {
            assertThat(resolve(null, "2pm").start()).contains(Instant.parse("2026-03-04T20:00:00Z"));
        }

        @Test
        void aTimeWithoutADateIsTomorrowOnceItHasPassed() {
            assertThat(resolve(null, "9am").start()).contains(Instant.parse("2026-03-05T15:00:00Z"));
        }

        @Test
        void aTimeWithoutADateEqualToTheCallTimeIsTomorrow() {
            assertThat(resolve("", "10:00").start()).contains(Instant.parse("2026-03-05T16:00:00Z"));
        }
    }

    @Nested
    class IsoDateTimes {

        @Test
        void anOffsetDateTimeInTheDateFieldWinsOverTheTimeField() {
            ResolvedAppointment r = resolve("2026-03-04T14:00:00-06:00", "9am");
            assertThat(r.start()).contains(Instant.parse("2026-03-04T20:00:00Z"));
        }

        @Test
        void anOffsetDateTimeWinsEvenOverAnUnparseableOtherField() {
            assertThat(resolve("whenever", "2026-03-06T09:30:00-05:00").start())
                    .contains(Instant.parse("2026-03-06T14:30:00Z"));
        }

        @Test
        void aUtcDateTimeWithZIsTakenAsIs() {
            assertThat(resolve(null, "2026-03-05T09:00:00Z").start()).contains(Instant.parse("2026-03-05T09:00:00Z"));
        }

        @Test
        void anOffsetDateTimeIgnoresTheZoneForTheInstantButReportsTheZone() {
            AppointmentRequest r = new AppointmentRequest("2026-03-05T14:00:00+01:00", null, "America/Denver", null, null, CALL, 60);
            ResolvedAppointment resolved = resolver.resolve(r);
            assertThat(resolved.start()).contains(Instant.parse("2026-03-05T13:00:00Z"));
            assertThat(resolved.zone()).isEqualTo(ZoneId.of("America/Denver"));
        }

        @Test
        void aLocalDateTimeWithoutOffsetIsReadInTheAppointmentZone() {
            assertThat(resolve("2026-03-05T14:00", null).start()).contains(Instant.parse("2026-03-05T20:00:00Z"));
        }

        @Test
        void aDateTimeWrittenWithASpaceIsAccepted() {
            assertThat(resolve("2026-03-05 14:00:00-06:00", null).start()).contains(Instant.parse("2026-03-05T20:00:00Z"));
        }
    }

    @Nested
    class ZoneSources {

        @Test
        void theEventZoneComesFirst() {
            ResolvedAppointment r = resolver.resolve(new AppointmentRequest(
                    "2026-03-05", "2pm", "America/New_York", "America/Denver", "(415) 555-0100", CALL, 60));
            assertThat(r.start()).contains(Instant.parse("2026-03-05T19:00:00Z"));
            assertThat(r.source()).isEqualTo(TimeZoneSource.EVENT);
            assertThat(r.zone()).isEqualTo(NEW_YORK);
        }

        @Test
        void theProfileZoneComesSecond() {
            ResolvedAppointment r = resolver.resolve(new AppointmentRequest(
                    "2026-03-05", "2pm", null, "America/Denver", "(415) 555-0100", CALL, 60));
            assertThat(r.start()).contains(Instant.parse("2026-03-05T21:00:00Z"));
            assertThat(r.source()).isEqualTo(TimeZoneSource.PROFILE);
        }

        @Test
        void thePhonesAreaCodeComesThird() {
            ResolvedAppointment r = resolver.resolve(new AppointmentRequest(
                    "2026-03-05", "2pm", null, null, "(415) 555-0100", CALL, 60));
            assertThat(r.start()).contains(Instant.parse("2026-03-05T22:00:00Z"));
            assertThat(r.source()).isEqualTo(TimeZoneSource.AREA_CODE);
            assertThat(r.zone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        }

        @Test
        void utcIsTheLastResort() {
            ResolvedAppointment r = resolver.resolve(new AppointmentRequest(
                    "2026-03-05", "2pm", null, null, "+44 20 7946 0958", CALL, 60));
            assertThat(r.start()).contains(Instant.parse("2026-03-05T14:00:00Z"));
            assertThat(r.source()).isEqualTo(TimeZoneSource.UTC_FALLBACK);
            assertThat(r.zone()).isEqualTo(ZoneOffset.UTC);
        }

        @Test
        void anInvalidEventZoneFallsThroughToTheNextSource() {
            ResolvedAppointment r = resolver.resolve(new AppointmentRequest(
                    "2026-03-05", "2pm", "Central Time", null, "(212) 555-0100", CALL, 60));
            assertThat(r.source()).isEqualTo(TimeZoneSource.AREA_CODE);
            assertThat(r.start()).contains(Instant.parse("2026-03-05T19:00:00Z"));
        }

        @Test
        void todayAndTheWeekdayAreThoseOfTheAppointmentZoneNotUtc() {
            // 2026-03-05T03:00Z is still Wednesday evening (21:00) in Chicago.
            Instant lateCall = Instant.parse("2026-03-05T03:00:00Z");
            assertThat(resolver.resolve(request("today", "11pm", CHICAGO, lateCall)).start())
                    .contains(Instant.parse("2026-03-05T05:00:00Z"));
        }
    }

    @Nested
    class Rollover {

        @Test
        void aMorningTimeSaidLateAtNightIsTheNextMorning() {
            Instant call = at("2026-03-04T23:30", CHICAGO);
            assertThat(resolver.resolve(request(null, "9am", CHICAGO, call)).start())
                    .contains(at("2026-03-05T09:00", CHICAGO));
        }

        @Test
        void aTimeSaidLateOnNewYearsEveRollsIntoTheNextYear() {
            Instant call = at("2026-12-31T23:30", CHICAGO);
            assertThat(resolver.resolve(request(null, "9am", CHICAGO, call)).start())
                    .contains(at("2027-01-01T09:00", CHICAGO));
        }

        @Test
        void anEarlyJanuaryDateSaidAtTheEndOfDecemberIsNextYear() {
            Instant call = at("2026-12-30T10:00", CHICAGO);
            assertThat(resolver.resolve(request("Jan 2", "10am", CHICAGO, call)).start())
                    .contains(at("2027-01-02T10:00", CHICAGO));
        }

        @Test
        void tomorrowSaidOnDecember31IsJanuary1() {
            Instant call = at("2026-12-31T10:00", CHICAGO);
            assertThat(resolver.resolve(request("tomorrow", "10am", CHICAGO, call)).start())
                    .contains(at("2027-01-01T10:00", CHICAGO));
        }
    }

    @Nested
    class DaylightSavingTime {

        private final Instant dayBeforeSpringForward = Instant.parse("2026-03-07T18:00:00Z");
        private final Instant dayBeforeFallBack = Instant.parse("2026-10-31T18:00:00Z");

        @Test
        void aTimeInTheSpringForwardGapMovesForwardByTheGapInNewYork() {
            ResolvedAppointment r = resolver.resolve(request("2026-03-08", "2:30 am", NEW_YORK, dayBeforeSpringForward));
            assertThat(r.start()).contains(Instant.parse("2026-03-08T07:30:00Z"));
            assertThat(r.start().orElseThrow().atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(3, 30));
        }

        @Test
        void aTimeInTheSpringForwardGapMovesForwardByTheGapInChicago() {
            ResolvedAppointment r = resolver.resolve(request("2026-03-08", "2:30 am", CHICAGO, dayBeforeSpringForward));
            assertThat(r.start()).contains(Instant.parse("2026-03-08T08:30:00Z"));
            assertThat(r.start().orElseThrow().atZone(CHICAGO).toLocalTime()).isEqualTo(LocalTime.of(3, 30));
        }

        @Test
        void phoenixHasNoSpringForwardGap() {
            ResolvedAppointment r = resolver.resolve(request("2026-03-08", "2:30 am", PHOENIX, dayBeforeSpringForward));
            assertThat(r.start()).contains(Instant.parse("2026-03-08T09:30:00Z"));
            assertThat(r.start().orElseThrow().atZone(PHOENIX).toLocalTime()).isEqualTo(LocalTime.of(2, 30));
        }

        @Test
        void aTimeInTheFallBackOverlapUsesTheEarlierOffsetInNewYork() {
            ResolvedAppointment r = resolver.resolve(request("2026-11-01", "1:30 am", NEW_YORK, dayBeforeFallBack));
            assertThat(r.start()).contains(Instant.parse("2026-11-01T05:30:00Z")); // 01:30 EDT, not 01:30 EST
        }

        @Test
        void aTimeInTheFallBackOverlapUsesTheEarlierOffsetInChicago() {
            ResolvedAppointment r = resolver.resolve(request("2026-11-01", "1:30 am", CHICAGO, dayBeforeFallBack));
            assertThat(r.start()).contains(Instant.parse("2026-11-01T06:30:00Z")); // 01:30 CDT, not 01:30 CST
        }

        @Test
        void aTimeOnlyRequestDuringTheOverlapFindsTheRepeatedHourThatNight() {
            Instant call = Instant.parse("2026-11-01T05:40:00Z"); // 01:40 EDT, before the clocks go back
            assertThat(resolver.resolve(request(null, "1:30 am", NEW_YORK, call)).start())
                    .contains(Instant.parse("2026-11-01T06:30:00Z")); // 01:30 EST, 50 minutes later
        }

        @Test
        void aTimeOnlyRequestIntoTheGapIsShiftedByTheGap() {
            Instant call = Instant.parse("2026-03-08T06:50:00Z"); // 01:50 EST
            assertThat(resolver.resolve(request(null, "2:30 am", NEW_YORK, call)).start())
                    .contains(Instant.parse("2026-03-08T07:30:00Z")); // 03:30 EDT
        }

        @Test
        void theSameLocalTimeMapsToDifferentUtcInstantsAcrossTheTransition() {
            Instant before = resolver.resolve(request("2026-03-06", "2pm")).start().orElseThrow();
            Instant after = resolver.resolve(request("2026-03-09", "2pm")).start().orElseThrow();
            assertThat(before).isEqualTo(Instant.parse("2026-03-06T20:00:00Z"));
            assertThat(after).isEqualTo(Instant.parse("2026-03-09T19:00:00Z"));
        }
    }

    @Nested
    class Validation {

        @Test
        void anExplicitDateAndTimeBeforeTheCallIsInThePast() {
            ResolvedAppointment r = resolve("2026-03-04", "9am");
            assertThat(r.validationError()).hasValueSatisfying(e -> assertThat(e).contains("in the past"));
            assertThat(r.start()).isEmpty();
            assertThat(r.end()).isEmpty();
        }

        @Test
        void anEarlierDateIsInThePast() {
            assertThat(resolve("2020-01-01", "2pm").validationError())
                    .hasValueSatisfying(e -> assertThat(e).contains("in the past"));
        }

        @Test
        void todayAtATimeThatHasPassedIsInThePast() {
            assertThat(resolve("today", "9am").validationError())
                    .hasValueSatisfying(e -> assertThat(e).contains("in the past"));
        }

        @Test
        void aYearlessDateOfTodayAtATimeThatHasPassedIsInThePastNotNextYear() {
            assertThat(resolve("March 4", "9am").validationError())
                    .hasValueSatisfying(e -> assertThat(e).contains("in the past"));
        }

        @Test
        void anOffsetDateTimeBeforeTheCallIsInThePast() {
            assertThat(resolve("2026-03-04T09:00:00-06:00", null).validationError())
                    .hasValueSatisfying(e -> assertThat(e).contains("in the past"));
        }

        @Test
        void aDateWithoutATimeIsRejected() {
            ResolvedAppointment r = resolve("March 5", null);
            assertThat(r.validationError()).hasValueSatisfying(e -> assertThat(e).contains("no time given"));
            assertThat(r.start()).isEmpty();
        }

        @Test
        void aDateWithABlankTimeIsRejected() {
            assertThat(resolve("2026-03-05", "  ").validationError())
                    .hasValueSatisfying(e -> assertThat(e).contains("no time given"));
        }

        @Test
        void neitherDateNorTimeIsRejected() {
            assertThat(resolve(null, null).validationError()).contains("no date or time given");
        }

        @Test
        void anUnparseableDateIsNamed() {
            assertThat(resolve("someday soon", "2pm").validationError())
                    .hasValueSatisfying(e -> assertThat(e).contains("could not parse date 'someday soon'"));
        }

        @Test
        void anUnparseableTimeIsNamed() {
            assertThat(resolve("March 5", "after lunch").validationError())
                    .hasValueSatisfying(e -> assertThat(e).contains("could not parse time 'after lunch'"));
        }

        @Test
        void everyUnparseableFieldIsNamed() {
            assertThat(resolve("2/30", "25:00").validationError()).hasValueSatisfying(e -> assertThat(e)
                    .contains("could not parse date '2/30'").contains("could not parse time '25:00'"));
        }

        @Test
        void aWeekdayThatContradictsTheDateIsRejected() {
            assertThat(resolve("Tuesday, March 5", "2pm").validationError()).hasValueSatisfying(e -> assertThat(e)
                    .contains("2026-03-05 is a Thursday, not a Tuesday"));
        }

        @ParameterizedTest(name = "{0} minutes is rejected")
        @ValueSource(ints = {0, -30, 1441, 10_000})
        void rejectsDurationsOutsideSalesforcesRange(int minutes) {
            ResolvedAppointment r = resolver.resolve(
                    new AppointmentRequest("2026-03-05", "2pm", "America/Chicago", null, null, CALL, minutes));
            assertThat(r.validationError()).hasValueSatisfying(e -> assertThat(e).contains("durationMinutes"));
            assertThat(r.start()).isEmpty();
        }

        @Test
        void aValidationErrorStillReportsTheZoneAndItsSource() {
            ResolvedAppointment r = resolve("someday", "2pm");
            assertThat(r.zone()).isEqualTo(CHICAGO);
            assertThat(r.source()).isEqualTo(TimeZoneSource.EVENT);
            assertThat(r.isValid()).isFalse();
        }
    }

    @Nested
    class Output {

        @ParameterizedTest(name = "{0} minutes")
        @ValueSource(ints = {1, 30, 60, 90, 1440})
        void endIsStartPlusDuration(int minutes) {
            ResolvedAppointment r = resolver.resolve(
                    new AppointmentRequest("2026-03-05", "2pm", "America/Chicago", null, null, CALL, minutes));
            assertThat(r.end()).contains(r.start().orElseThrow().plus(Duration.ofMinutes(minutes)));
        }

        @Test
        void aMeetingAcrossTheDstTransitionLastsItsDurationInRealTime() {
            Instant call = Instant.parse("2026-03-07T18:00:00Z");
            ResolvedAppointment r = resolver.resolve(
                    new AppointmentRequest("2026-03-08", "1:30 am", "America/New_York", null, null, call, 60));
            assertThat(r.start()).contains(Instant.parse("2026-03-08T06:30:00Z"));
            assertThat(r.end()).contains(Instant.parse("2026-03-08T07:30:00Z")); // 03:30 EDT on the wall clock
        }

        @Test
        void startIsAUtcInstant() {
            assertThat(resolve("2026-03-05", "2:00 PM").start().orElseThrow().toString()).isEqualTo("2026-03-05T20:00:00Z");
        }

        @Test
        void aValidResultHasNoError() {
            ResolvedAppointment r = resolve("tomorrow", "2pm");
            assertThat(r.isValid()).isTrue();
            assertThat(r.validationError()).isEmpty();
        }
    }
}
