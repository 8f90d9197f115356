package io.leadstream.stream.appointment;

import java.time.LocalTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a time of day as an agent or lead gives it: ISO ({@code 14:00}, {@code 14:00:00}), 12-hour
 * ({@code 2:00 PM}, {@code 2pm}, {@code 2 p.m.}), bare ({@code 2}, {@code 2:30}), words ({@code noon},
 * {@code midnight}, {@code half past two}, {@code quarter to four}, {@code two thirty}).
 *
 * <p><b>Business-hours bias</b> for a bare hour 1–12 with no am/pm: 1–7 mean PM, 8–11 mean AM, 12 means
 * noon. Nobody books a sales meeting at 2 in the morning, and "eight" or "nine" is said for the morning.
 * The bias does not apply where the writing is unambiguous: a leading zero ({@code 07:00}), hour 0 or
 * 13–23 are read as 24-hour times. "in the morning"/"in the afternoon"/"in the evening"/"tonight" act as
 * am/pm.
 */
final class SpokenTimeParser {

    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2})(?:[:.h](\\d{2})(?::(\\d{2})(?:\\.\\d{1,9})?)?)?");
    private static final Pattern SPACED = Pattern.compile("(\\d{1,2}) (\\d{2})");
    // Compiled once: String.replaceAll would compile each of these again on every parse.
    private static final Pattern COMMA = Pattern.compile("[,]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern MERIDIEM_SUFFIX = Pattern.compile("^(.*?)\\s*(am|a|pm|p)\\.?$");
    private static final Pattern MORNING = Pattern.compile(" (in the morning|this morning)$");
    private static final Pattern AFTERNOON = Pattern.compile(" (in the afternoon|this afternoon|in the evening|this evening|at night|tonight)$");
    private static final Pattern OH_MINUTES = Pattern.compile("^(\\d{1,2}) 0 ([1-9])( |$)");
    private static final Pattern TENS_MINUTES = Pattern.compile("^(\\d{1,2}) ([2-5])0 ([1-9])( |$)");
    private static final Pattern PAST_TO = Pattern.compile("(half|quarter|\\d{1,2}) (past|after|to|till|before) (\\d{1,2})");
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
            Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
            Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"),
            Map.entry("nine", "9"), Map.entry("ten", "10"), Map.entry("eleven", "11"), Map.entry("twelve", "12"),
            Map.entry("fifteen", "15"), Map.entry("twenty", "20"), Map.entry("thirty", "30"),
            Map.entry("forty", "40"), Map.entry("forty-five", "45"), Map.entry("fortyfive", "45"),
            Map.entry("fifty", "50"), Map.entry("oh", "0"));

    private enum Meridiem { AM, PM, NONE }

    private SpokenTimeParser() {
    }

    static Optional<LocalTime> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = normalise(text);
        if (s.equals("noon") || s.equals("midday") || s.equals("12 noon")) {
            return Optional.of(LocalTime.NOON);
        }
        if (s.equals("midnight") || s.equals("12 midnight")) {
            return Optional.of(LocalTime.MIDNIGHT);
        }
        Meridiem meridiem = Meridiem.NONE;
        if (s.endsWith(" am") || s.endsWith(" pm")) {
            meridiem = s.endsWith(" am") ? Meridiem.AM : Meridiem.PM;
            s = s.substring(0, s.length() - 3).strip();
        }
        Matcher pastTo = PAST_TO.matcher(s);
        if (pastTo.matches()) {
            return relativeToHour(pastTo, meridiem);
        }
        Matcher spaced = SPACED.matcher(s);
        if (spaced.matches()) {
            s = spaced.group(1) + ":" + spaced.group(2);
        }
        Matcher clock = CLOCK.matcher(s);
        if (!clock.matches()) {
            return Optional.empty();
        }
        String hourText = clock.group(1);
        int minute = clock.group(2) == null ? 0 : Integer.parseInt(clock.group(2));
        int second = clock.group(3) == null ? 0 : Integer.parseInt(clock.group(3));
        if (minute > 59 || second > 59) {
            return Optional.empty();
        }
        return hourOfDay(hourText, meridiem).map(h -> LocalTime.of(h, minute, second));
    }

    /** "half past two", "quarter to four", "10 past 3": minutes relative to a (biased) hour. */
    private static Optional<LocalTime> relativeToHour(Matcher m, Meridiem meridiem) {
        String amount = m.group(1);
        int minutes = amount.equals("half") ? 30 : amount.equals("quarter") ? 15 : Integer.parseInt(amount);
        if (minutes < 1 || minutes > 59) {
            return Optional.empty();
        }
        boolean before = m.group(2).equals("to") || m.group(2).equals("till") || m.group(2).equals("before");
        if (before && amount.equals("half")) {
            return Optional.empty();
        }
        // The bias belongs to the hour that was named: "quarter to eight" is 7:45 in the morning.
        return hourOfDay(m.group(3), meridiem).map(h -> before
                ? LocalTime.of(h, 0).minusMinutes(minutes)
                : LocalTime.of(h, minutes));
    }

    private static Optional<Integer> hourOfDay(String hourText, Meridiem meridiem) {
        int hour = Integer.parseInt(hourText);
        if (meridiem != Meridiem.NONE) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            return Optional.of(hour % 12 + (meridiem == Meridiem.PM ? 12 : 0));
        }
        boolean twentyFourHour = hourText.length() == 2 && hourText.startsWith("0") || hour == 0 || hour >= 13;
        if (twentyFourHour) {
            return hour <= 23 ? Optional.of(hour) : Optional.empty();
        }
        return Optional.of(businessHour(hour));
    }

    /** 1–7 → PM, 8–11 → AM, 12 → noon. */
    static int businessHour(int hour) {
        if (hour < 1 || hour > 12) {
            throw new IllegalArgumentException("hour " + hour);
        }
        return hour <= 7 ? hour + 12 : hour;
    }

    private static String normalise(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT)
                .replace("a.m.", " am").replace("p.m.", " pm")
                .replace("o'clock", " ").replace("oclock", " ");
        s = WHITESPACE.matcher(COMMA.matcher(s).replaceAll(" ")).replaceAll(" ").strip();
        if (s.startsWith("at ")) {
            s = s.substring(3);
        }
        s = MERIDIEM_SUFFIX.matcher(s).replaceAll("$1 $2").strip();
        if (s.endsWith(" a")) {
            s = s.substring(0, s.length() - 2) + " am";
        } else if (s.endsWith(" p")) {
            s = s.substring(0, s.length() - 2) + " pm";
        }
        s = AFTERNOON.matcher(MORNING.matcher(s).replaceAll(" am")).replaceAll(" pm");
        StringBuilder words = new StringBuilder();
        for (String word : s.split(" ")) {
            words.append(words.length() == 0 ? "" : " ").append(NUMBER_WORDS.getOrDefault(word, word));
        }
        // "two thirty" -> "2 30", "two oh five" -> "2 0 5" -> "2 05", "two forty five" -> "2 40 5" -> "2 45"
        String joined = OH_MINUTES.matcher(words.toString()).replaceAll("$1 0$2$3");
        return TENS_MINUTES.matcher(joined).replaceAll("$1 $2$3$4").strip();
    }
}
