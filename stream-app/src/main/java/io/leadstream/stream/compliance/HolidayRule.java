package io.leadstream.stream.compliance;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recurring no-call day, written as in {@code compliance/no-call-days.csv}:
 * <ul>
 *   <li>{@code 07-04}: a fixed date. When it falls on a Saturday the Friday before is closed too, on a
 *       Sunday the Monday after: states shift observance differently (Alabama both ways, Mississippi
 *       only Sunday → Monday), and closing both the date and its observed day is never illegal.</li>
 *   <li>{@code 3MON-01}: the third Monday of January; {@code LASTMON-05}: the last Monday of May.</li>
 *   <li>{@code EASTER-47}: a day relative to Western Easter (Mardi Gras is Easter − 47, Good Friday − 2).</li>
 *   <li>{@code 2026-11-03}: one date only (an election, an emergency declaration).</li>
 * </ul>
 */
public final class HolidayRule {
    private static final Pattern FIXED = Pattern.compile("(\\d{2})-(\\d{2})");
    private static final Pattern NTH = Pattern.compile("([1-5]|LAST)(MON|TUE|WED|THU|FRI|SAT|SUN)-(\\d{2})");
    private static final Pattern EASTER = Pattern.compile("EASTER([+-]\\d{1,3})");
    private static final Pattern ONCE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

    private final String text;
    private final String name;

    private HolidayRule(String text, String name) {
        this.text = text;
        this.name = name;
    }

    /** Parses a rule; throws {@link IllegalArgumentException} saying what is wrong. */
    public static HolidayRule parse(String rule, String name) {
        String t = Objects.requireNonNull(rule, "rule").strip().toUpperCase(Locale.ROOT);
        HolidayRule parsed = new HolidayRule(t, name);
        parsed.datesIn(2026); // validates the fields with a real year
        return parsed;
    }

    public String name() {
        return name;
    }

    /** Closed dates this rule yields in {@code year} (the observed day of a fixed date may fall in the next/previous year's edge, which is fine). */
    public List<LocalDate> datesIn(int year) {
        List<LocalDate> dates = new ArrayList<>(2);
        Matcher m;
        if ((m = ONCE.matcher(text)).matches()) {
            LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (d.getYear() == year) {
                dates.add(d);
            }
        } else if ((m = FIXED.matcher(text)).matches()) {
            LocalDate d = MonthDay.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).atYear(year);
            dates.add(d);
            if (d.getDayOfWeek() == DayOfWeek.SATURDAY) {
                dates.add(d.minusDays(1));
            } else if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                dates.add(d.plusDays(1));
            }
        } else if ((m = NTH.matcher(text)).matches()) {
            DayOfWeek dow = dayOfWeek(m.group(2));
            LocalDate first = LocalDate.of(year, Month.of(Integer.parseInt(m.group(3))), 1);
            dates.add(m.group(1).equals("LAST")
                    ? first.with(TemporalAdjusters.lastInMonth(dow))
                    : first.with(TemporalAdjusters.dayOfWeekInMonth(Integer.parseInt(m.group(1)), dow)));
        } else if ((m = EASTER.matcher(text)).matches()) {
            dates.add(easter(year).plusDays(Integer.parseInt(m.group(1))));
        } else {
            throw new IllegalArgumentException("'" + text + "' is not a holiday rule (MM-DD, 3MON-01, LASTMON-05, EASTER-47 or YYYY-MM-DD)");
        }
        return dates;
    }

    static DayOfWeek dayOfWeek(String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(abbreviation)) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + abbreviation + "' is not a day of the week");
    }

    /** Western Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }

    @Override
    public String toString() {
        return text + " (" + name + ")";
    }
}
