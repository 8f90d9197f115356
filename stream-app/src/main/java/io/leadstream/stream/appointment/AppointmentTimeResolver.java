package io.leadstream.stream.appointment;

import io.leadstream.stream.geo.AreaCodeDirectory;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the date and time of a MEETING_BOOKED event, as agents and leads say them, into a UTC start and
 * end.
 *
 * <p>Rules, all relative to the call time in the appointment's zone (see {@link AppointmentZoneResolver}):
 * <ul>
 *   <li>A full ISO date-time with an offset or Z in either field wins over everything else.</li>
 *   <li>Time without a date: the next occurrence strictly after the call (today if still ahead, else
 *       tomorrow).</li>
 *   <li>Weekday name: the next such day; today counts only if the time is still ahead. "next Friday" is
 *       the first Friday after today.</li>
 *   <li>Month and day without a year: this year unless that date is already behind the call date, then
 *       next year. If it is the call date itself and the time has passed, it is "in the past" rather than
 *       a booking a year out.</li>
 *   <li>An explicit date (ISO, with year, today, tomorrow) at a time not after the call is "in the past".</li>
 *   <li>A date without a time is "no time given"; a bare hour follows the business-hours bias of
 *       {@link SpokenTimeParser}.</li>
 *   <li>Duration must be 1..1440 minutes (Salesforce's DurationInMinutes ceiling is a day).</li>
 * </ul>
 * A request that breaks any rule gets every problem in {@code validationError} and no start.
 */
public final class AppointmentTimeResolver {

    public static final int MAX_DURATION_MINUTES = 1440;

    private final AppointmentZoneResolver zones;

    public AppointmentTimeResolver(AreaCodeDirectory areaCodes) {
        this.zones = new AppointmentZoneResolver(areaCodes);
    }

    /** Uses the shipped NANP area code table. */
    public AppointmentTimeResolver() {
        this(AreaCodeDirectory.load());
    }

    public ResolvedAppointment resolve(AppointmentRequest request) {
        Objects.requireNonNull(request, "request");
        AppointmentZone zone = zones.resolve(request.eventTimeZone(), request.profileTimeZone(), request.phone());
        List<String> errors = new ArrayList<>();
        int duration = request.durationMinutes();
        if (duration < 1 || duration > MAX_DURATION_MINUTES) {
            errors.add("durationMinutes must be between 1 and " + MAX_DURATION_MINUTES + ", was " + duration);
        }
        Optional<Instant> start = start(request, zone.zone(), errors);
        if (!errors.isEmpty() || start.isEmpty()) {
            return ResolvedAppointment.invalid(String.join("; ", errors), zone);
        }
        return ResolvedAppointment.scheduled(start.get(), start.get().plus(Duration.ofMinutes(duration)), zone);
    }

    private static Optional<Instant> start(AppointmentRequest request, ZoneId zone, List<String> errors) {
        Instant call = request.callTime();
        Optional<Instant> fixed = instantWithOffset(request.date()).or(() -> instantWithOffset(request.time()));
        if (fixed.isPresent()) {
            return notInThePast(fixed.get(), call, zone, errors);
        }
        String dateText = blankToNull(request.date());
        String timeText = blankToNull(request.time());
        Optional<DateExpression> date = Optional.empty();
        Optional<LocalTime> time = Optional.empty();
        // A local ISO date-time ("2026-03-04T14:00") in either field supplies both parts.
        Optional<LocalDateTime> localInDate = localDateTime(dateText);
        Optional<LocalDateTime> localInTime = localDateTime(timeText);
        if (localInDate.isPresent()) {
            date = Optional.of(new DateExpression.Absolute(localInDate.get().toLocalDate(), Optional.empty()));
            time = timeText == null ? Optional.of(localInDate.get().toLocalTime()) : time;
        }
        if (localInTime.isPresent()) {
            time = Optional.of(localInTime.get().toLocalTime());
            date = dateText == null
                    ? Optional.of(new DateExpression.Absolute(localInTime.get().toLocalDate(), Optional.empty()))
                    : date;
        }
        if (dateText == null && timeText == null) {
            errors.add("no date or time given");
            return Optional.empty();
        }
        if (dateText != null && date.isEmpty()) {
            date = SpokenDateParser.parse(dateText);
            if (date.isEmpty()) {
                errors.add("could not parse date '" + dateText + "'");
            }
        }
        if (timeText == null && time.isEmpty()) {
            errors.add("no time given for date '" + dateText + "'");
        } else if (time.isEmpty()) {
            time = SpokenTimeParser.parse(timeText);
            if (time.isEmpty()) {
                errors.add("could not parse time '" + timeText + "'");
            }
        }
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        if (date.isEmpty()) {
            return Optional.of(LocalTimePlacement.nextOccurrence(time.get(), call, zone));
        }
        Optional<LocalDate> day = anchor(date.get(), time.get(), call, zone, dateText, errors);
        if (day.isEmpty()) {
            return Optional.empty();
        }
        return notInThePast(LocalTimePlacement.place(day.get().atTime(time.get()), zone), call, zone, errors);
    }

    private static Optional<LocalDate> anchor(
            DateExpression date, LocalTime time, Instant call, ZoneId zone, String dateText, List<String> errors) {
        LocalDate today = call.atZone(zone).toLocalDate();
        if (date instanceof DateExpression.Absolute) {
            DateExpression.Absolute absolute = (DateExpression.Absolute) date;
            return checkWeekday(absolute.date(), absolute.statedWeekday(), dateText, errors);
        }
        if (date instanceof DateExpression.DaysFromCall) {
            return Optional.of(today.plusDays(((DateExpression.DaysFromCall) date).days()));
        }
        if (date instanceof DateExpression.Weekday) {
            DateExpression.Weekday weekday = (DateExpression.Weekday) date;
            if (weekday.excludeToday()) {
                return Optional.of(today.with(TemporalAdjusters.next(weekday.day())));
            }
            LocalDate candidate = today.with(TemporalAdjusters.nextOrSame(weekday.day()));
            boolean passedToday = candidate.equals(today)
                    && !LocalTimePlacement.place(today.atTime(time), zone).isAfter(call);
            return Optional.of(passedToday ? candidate.plusWeeks(1) : candidate);
        }
        DateExpression.Yearless yearless = (DateExpression.Yearless) date;
        for (int year = today.getYear(); year <= today.getYear() + 8; year++) {
            // Feb 29 waits for the next leap year that is not behind the call.
            if (yearless.monthDay().isValidYear(year) && !yearless.monthDay().atYear(year).isBefore(today)) {
                return checkWeekday(yearless.monthDay().atYear(year), yearless.statedWeekday(), dateText, errors);
            }
        }
        throw new IllegalStateException("no year for " + yearless.monthDay());
    }

    /** "Tuesday, March 4" must be a Tuesday: a mismatch means the date or the weekday was misheard. */
    private static Optional<LocalDate> checkWeekday(
            LocalDate date, Optional<DayOfWeek> stated, String dateText, List<String> errors) {
        if (stated.isPresent() && stated.get() != date.getDayOfWeek()) {
            errors.add("date '" + dateText + "' is inconsistent: " + date + " is a "
                    + date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US) + ", not a "
                    + stated.get().getDisplayName(TextStyle.FULL, Locale.US));
            return Optional.empty();
        }
        return Optional.of(date);
    }

    private static Optional<Instant> notInThePast(Instant start, Instant call, ZoneId zone, List<String> errors) {
        if (start.isAfter(call)) {
            return Optional.of(start);
        }
        errors.add("in the past: " + start.atZone(zone).toLocalDateTime() + " " + zone + " (" + start
                + ") is not after the call at " + call);
        return Optional.empty();
    }

    private static Optional<Instant> instantWithOffset(String text) {
        String s = isoDateTimeText(text);
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(ZonedDateTime.parse(s).toInstant());
            } catch (DateTimeParseException notZoned) {
                return Optional.empty();
            }
        }
    }

    private static Optional<LocalDateTime> localDateTime(String text) {
        String s = isoDateTimeText(text);
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** ISO date-time text, accepting a space for the 'T' as many producers write it; null otherwise. */
    private static String isoDateTimeText(String text) {
        String s = blankToNull(text);
        if (s == null || s.length() < 16 || !Character.isDigit(s.charAt(0))) {
            return null;
        }
        return s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
