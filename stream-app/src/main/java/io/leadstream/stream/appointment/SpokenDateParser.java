package io.leadstream.stream.appointment;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a date as an agent or lead gives it: ISO ({@code 2026-03-04}), US numeric ({@code 3/4},
 * {@code 3/4/2026}, {@code 3/4/26}, month first), month names ({@code March 4}, {@code Mar 4th},
 * {@code 4 March 2026}, {@code the 4th of March}, optionally after a weekday), {@code today},
 * {@code tomorrow}, {@code the day after tomorrow}, and weekday names ({@code Friday},
 * {@code this Friday}, {@code next Tuesday}).
 */
final class SpokenDateParser {

    // Compiled once: String.replaceAll would compile them again on every parse.
    private static final Pattern PUNCTUATION = Pattern.compile("[,.]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern ISO = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NUMERIC = Pattern.compile("(\\d{1,2})[/-](\\d{1,2})(?:[/-](\\d{4}|\\d{2}))?");
    private static final String ORDINAL = "(?:st|nd|rd|th)?";
    private static final Pattern MONTH_FIRST =
            Pattern.compile("([a-z]+) (?:the )?(\\d{1,2})" + ORDINAL + "(?: (\\d{4}))?");
    private static final Pattern DAY_FIRST =
            Pattern.compile("(?:the )?(\\d{1,2})" + ORDINAL + " (?:of )?([a-z]+)(?: (\\d{4}))?");
    private static final Pattern WEEKDAY = Pattern.compile("(?:(this|this coming|coming|next) )?([a-z]+)");
    private static final Pattern LEADING_WEEKDAY = Pattern.compile("([a-z]+) (.+)");

    private static final Map<String, Month> MONTHS = Map.ofEntries(
            Map.entry("jan", Month.JANUARY), Map.entry("january", Month.JANUARY),
            Map.entry("feb", Month.FEBRUARY), Map.entry("february", Month.FEBRUARY),
            Map.entry("mar", Month.MARCH), Map.entry("march", Month.MARCH),
            Map.entry("apr", Month.APRIL), Map.entry("april", Month.APRIL),
            Map.entry("may", Month.MAY),
            Map.entry("jun", Month.JUNE), Map.entry("june", Month.JUNE),
            Map.entry("jul", Month.JULY), Map.entry("july", Month.JULY),
            Map.entry("aug", Month.AUGUST), Map.entry("august", Month.AUGUST),
            Map.entry("sep", Month.SEPTEMBER), Map.entry("sept", Month.SEPTEMBER), Map.entry("september", Month.SEPTEMBER),
            Map.entry("oct", Month.OCTOBER), Map.entry("october", Month.OCTOBER),
            Map.entry("nov", Month.NOVEMBER), Map.entry("november", Month.NOVEMBER),
            Map.entry("dec", Month.DECEMBER), Map.entry("december", Month.DECEMBER));

    private static final Map<String, DayOfWeek> WEEKDAYS = Map.ofEntries(
            Map.entry("mon", DayOfWeek.MONDAY), Map.entry("monday", DayOfWeek.MONDAY),
            Map.entry("tue", DayOfWeek.TUESDAY), Map.entry("tues", DayOfWeek.TUESDAY), Map.entry("tuesday", DayOfWeek.TUESDAY),
            Map.entry("wed", DayOfWeek.WEDNESDAY), Map.entry("weds", DayOfWeek.WEDNESDAY), Map.entry("wednesday", DayOfWeek.WEDNESDAY),
            Map.entry("thu", DayOfWeek.THURSDAY), Map.entry("thur", DayOfWeek.THURSDAY), Map.entry("thurs", DayOfWeek.THURSDAY),
            Map.entry("thursday", DayOfWeek.THURSDAY),
            Map.entry("fri", DayOfWeek.FRIDAY), Map.entry("friday", DayOfWeek.FRIDAY),
            Map.entry("sat", DayOfWeek.SATURDAY), Map.entry("saturday", DayOfWeek.SATURDAY),
            Map.entry("sun", DayOfWeek.SUNDAY), Map.entry("sunday", DayOfWeek.SUNDAY));

    private SpokenDateParser() {
    }

    static Optional<DateExpression> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = WHITESPACE.matcher(PUNCTUATION.matcher(text.strip().toLowerCase(Locale.ROOT)).replaceAll(" ")).replaceAll(" ").strip();
        if (s.startsWith("on ")) {
            s = s.substring(3);
        }
        if (s.equals("today")) {
            return Optional.of(new DateExpression.DaysFromCall(0));
        }
        if (s.equals("tomorrow")) {
            return Optional.of(new DateExpression.DaysFromCall(1));
        }
        if (s.equals("the day after tomorrow") || s.equals("day after tomorrow")) {
            return Optional.of(new DateExpression.DaysFromCall(2));
        }
        if (ISO.matcher(s).matches()) {
            try {
                return Optional.of(new DateExpression.Absolute(LocalDate.parse(s), Optional.empty()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher weekday = WEEKDAY.matcher(s);
        if (weekday.matches() && WEEKDAYS.containsKey(weekday.group(2))) {
            boolean next = "next".equals(weekday.group(1));
            return Optional.of(new DateExpression.Weekday(WEEKDAYS.get(weekday.group(2)), next));
        }
        Optional<DayOfWeek> statedWeekday = Optional.empty();
        Matcher leading = LEADING_WEEKDAY.matcher(s);
        if (leading.matches() && WEEKDAYS.containsKey(leading.group(1))) {
            statedWeekday = Optional.of(WEEKDAYS.get(leading.group(1)));
            s = leading.group(2);
        }
        return calendarDate(s, statedWeekday);
    }

    private static Optional<DateExpression> calendarDate(String s, Optional<DayOfWeek> statedWeekday) {
        Matcher numeric = NUMERIC.matcher(s);
        if (numeric.matches()) {
            return date(Integer.parseInt(numeric.group(1)), Integer.parseInt(numeric.group(2)), numeric.group(3), statedWeekday);
        }
        Matcher monthFirst = MONTH_FIRST.matcher(s);
        if (monthFirst.matches() && MONTHS.containsKey(monthFirst.group(1))) {
            return date(MONTHS.get(monthFirst.group(1)).getValue(), Integer.parseInt(monthFirst.group(2)),
                    monthFirst.group(3), statedWeekday);
        }
        Matcher dayFirst = DAY_FIRST.matcher(s);
        if (dayFirst.matches() && MONTHS.containsKey(dayFirst.group(2))) {
            return date(MONTHS.get(dayFirst.group(2)).getValue(), Integer.parseInt(dayFirst.group(1)),
                    dayFirst.group(3), statedWeekday);
        }
        return Optional.empty();
    }

    private static Optional<DateExpression> date(int month, int day, String yearText, Optional<DayOfWeek> weekday) {
        try {
            MonthDay monthDay = MonthDay.of(month, day);
            if (yearText == null) {
                return Optional.of(new DateExpression.Yearless(monthDay, weekday));
            }
            // Two-digit years are this century: nobody books a meeting for 1926.
            int year = yearText.length() == 2 ? 2000 + Integer.parseInt(yearText) : Integer.parseInt(yearText);
            return Optional.of(new DateExpression.Absolute(LocalDate.of(year, month, day), weekday));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
