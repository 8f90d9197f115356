package io.leadstream.stream.compliance;

import io.leadstream.stream.geo.CsvRows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The legal calling window of a lead's local calendar day (SPEC §7 gate 4): the federal default
 * (08:00–21:00) narrowed by state overrides per day of week and closed on state no-call days.
 *
 * <p>Shipped as {@value #WINDOWS_RESOURCE} and {@value #NO_CALL_DAYS_RESOURCE}; both are validated as
 * a whole when loaded and a bad table fails with every problem listed, because a silently wrong row
 * means calls at illegal hours. A state row can only narrow the federal window, never widen it.
 *
 * <p><b>Strictest window.</b> For a lead whose state is unknown, {@link #strictestWindow(LocalDate)}
 * is the intersection of every state's window on that date (latest start, earliest end, closed if any
 * state is closed that day: no Sundays, no restricted holidays). {@link NextAllowedSlot} additionally
 * requires the instant to be inside that window in <em>every</em> candidate zone — all US zones when
 * the zone is unknown too — so an instant is allowed only if calling then would be legal wherever in
 * the US the lead is.
 *
 * <p>Thread-safe and immutable but for a cache of computed holiday dates.
 */
public final class CallingWindows {
    public static final String WINDOWS_RESOURCE = "compliance/calling-windows.csv";
    public static final String NO_CALL_DAYS_RESOURCE = "compliance/no-call-days.csv";
    static final String WINDOWS_HEADER = "state,days,hours,source";
    static final String NO_CALL_DAYS_HEADER = "state,rule,name";
    /** The federal row's pseudo state. */
    public static final String FEDERAL = "US";

    /** USPS codes of the 50 states, DC and the inhabited territories: what a state column may name. */
    public static final Set<String> US_STATES = Set.of(
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
            "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
            "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
            "PR", "VI", "GU", "AS", "MP");

    /** Per day of week: the window, or empty for closed. The federal map covers every day. */
    private final Map<DayOfWeek, Optional<LocalWindow>> federal;
    private final Map<String, Map<DayOfWeek, Optional<LocalWindow>>> byState;
    private final Map<String, List<HolidayRule>> noCallDays;
    private final Map<String, Set<LocalDate>> closedDatesCache = new ConcurrentHashMap<>();

    private CallingWindows(Map<DayOfWeek, Optional<LocalWindow>> federal, Map<String, Map<DayOfWeek, Optional<LocalWindow>>> byState,
                           Map<String, List<HolidayRule>> noCallDays) {
        this.federal = federal;
        this.byState = byState;
        this.noCallDays = noCallDays;
    }

    /** The shipped tables, read from the classpath once per JVM. */
    public static CallingWindows loadDefault() {
        return Shipped.INSTANCE;
    }

    /** Federal 08:00–21:00 every day and nothing else: for tests and for deployments outside the US rules. */
    public static CallingWindows federalOnly(LocalWindow window) {
        Map<DayOfWeek, Optional<LocalWindow>> all = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            all.put(d, Optional.of(window));
        }
        return new CallingWindows(all, Map.of(), Map.of());
    }

    /**
     * Parses both tables (lines as in the shipped files: {@code #} comments and blank lines allowed,
     * then the header, then rows).
     */
    public static CallingWindows fromLines(List<String> windowLines, List<String> noCallDayLines) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<DayOfWeek, Optional<LocalWindow>>> rows = new TreeMap<>();
        for (String[] row : rows(WINDOWS_RESOURCE, windowLines, WINDOWS_HEADER, 4, problems)) {
            String where = row[4];
            String state = row[0].strip().toUpperCase(Locale.ROOT);
            if (!state.equals(FEDERAL) && !US_STATES.contains(state)) {
                problems.add(where + ": '" + row[0] + "' is not US or a USPS state code");
                continue;
            }
            Set<DayOfWeek> days;
            try {
                days = days(row[1].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            Optional<LocalWindow> window;
            try {
                window = hours(row[2].strip());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            Map<DayOfWeek, Optional<LocalWindow>> perDay = rows.computeIfAbsent(state, s -> new EnumMap<>(DayOfWeek.class));
            for (DayOfWeek d : days) {
                if (perDay.put(d, window) != null) {
                    problems.add(where + ": " + state + " " + d + " is given twice");
                }
            }
        }
        Map<DayOfWeek, Optional<LocalWindow>> federal = rows.remove(FEDERAL);
        if (federal == null || federal.size() != 7) {
            problems.add(WINDOWS_RESOURCE + ": the federal row (state " + FEDERAL + ") must cover all seven days");
        }
        Map<String, List<HolidayRule>> holidays = new TreeMap<>();
        for (String[] row : rows(NO_CALL_DAYS_RESOURCE, noCallDayLines, NO_CALL_DAYS_HEADER, 3, problems)) {
            String state = row[0].strip().toUpperCase(Locale.ROOT);
            if (!US_STATES.contains(state)) {
                problems.add(row[3] + ": '" + row[0] + "' is not a USPS state code");
                continue;
            }
            try {
                holidays.computeIfAbsent(state, s -> new ArrayList<>()).add(HolidayRule.parse(row[1], row[2].strip()));
            } catch (RuntimeException e) {
                problems.add(row[3] + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid calling window tables:\n  " + String.join("\n  ", problems));
        }
        return new CallingWindows(Collections.unmodifiableMap(federal), Collections.unmodifiableMap(rows), Collections.unmodifiableMap(holidays));
    }

    /**
     * The window on {@code date} (the lead's local date) in {@code state}: federal ∩ state, empty when
     * calls are not allowed that day. A state without overrides (or a non-US region) gets the federal
     * window; a {@code null} state gets the {@linkplain #strictestWindow strictest} window.
     */
    public Optional<LocalWindow> windowOn(String state, LocalDate date) {
        if (state == null) {
            return strictestWindow(date);
        }
        Optional<LocalWindow> w = federal.get(date.getDayOfWeek());
        if (w.isEmpty()) {
            return w;
        }
        String s = state.toUpperCase(Locale.ROOT);
        if (closedDates(s, date.getYear()).contains(date)) {
            return Optional.empty();
        }
        Map<DayOfWeek, Optional<LocalWindow>> overrides = byState.get(s);
        Optional<LocalWindow> own = overrides == null ? null : overrides.get(date.getDayOfWeek());
        LocalWindow federalWindow = w.get();
        return own == null ? w : own.flatMap(federalWindow::intersect);
    }

    /** Every state's window on {@code date} intersected: the window of a lead in an unknown state. */
    public Optional<LocalWindow> strictestWindow(LocalDate date) {
        Optional<LocalWindow> w = federal.get(date.getDayOfWeek());
        Set<String> states = new HashSet<>(byState.keySet());
        states.addAll(noCallDays.keySet());
        for (String s : states) {
            if (w.isEmpty()) {
                return w;
            }
            LocalWindow current = w.get();
            w = windowOn(s, date).flatMap(current::intersect);
        }
        return w;
    }

    /** The no-call day rule closing {@code date} in {@code state}, for audit reasons. */
    public Optional<String> noCallDayName(String state, LocalDate date) {
        if (state == null) {
            return Optional.empty();
        }
        for (HolidayRule rule : noCallDays.getOrDefault(state.toUpperCase(Locale.ROOT), List.of())) {
            if (rule.datesIn(date.getYear()).contains(date)) {
                return Optional.of(rule.name());
            }
        }
        return Optional.empty();
    }

    /** States with their own rows or no-call days, sorted. */
    public Set<String> statesWithOverrides() {
        Set<String> states = new TreeSet<>(byState.keySet());
        states.addAll(noCallDays.keySet());
        return Collections.unmodifiableSet(states);
    }

    private Set<LocalDate> closedDates(String state, int year) {
        List<HolidayRule> rules = noCallDays.get(state);
        if (rules == null) {
            return Set.of();
        }
        return closedDatesCache.computeIfAbsent(state + "/" + year, k -> {
            Set<LocalDate> dates = new HashSet<>();
            // A fixed-date holiday's observed day can cross a year boundary (Jan 1 on a Saturday closes Dec 31).
            for (int y = year - 1; y <= year + 1; y++) {
                for (HolidayRule r : rules) {
                    dates.addAll(r.datesIn(y));
                }
            }
            return Set.copyOf(dates);
        });
    }

    private static Set<DayOfWeek> days(String spec) {
        if (spec.equals("ALL")) {
            return Set.of(DayOfWeek.values());
        }
        String[] range = spec.split("-", -1);
        if (range.length == 1) {
            return Set.of(HolidayRule.dayOfWeek(spec));
        }
        if (range.length != 2 || range[0].length() != 3 || range[1].length() != 3) {
            throw new IllegalArgumentException("days '" + spec + "' is not ALL, a day (MON) or a range (MON-FRI)");
        }
        DayOfWeek from = HolidayRule.dayOfWeek(range[0]);
        DayOfWeek to = HolidayRule.dayOfWeek(range[1]);
        if (to.compareTo(from) < 0) {
            throw new IllegalArgumentException("days '" + spec + "' runs backwards");
        }
        Set<DayOfWeek> days = new HashSet<>();
        for (int d = from.getValue(); d <= to.getValue(); d++) {
            days.add(DayOfWeek.of(d));
        }
        return days;
    }

    private static Optional<LocalWindow> hours(String spec) {
        if (spec.equalsIgnoreCase("closed")) {
            return Optional.empty();
        }
        String[] parts = spec.split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("hours '" + spec + "' is not HH:mm-HH:mm or closed");
        }
        return Optional.of(LocalWindow.of(parts[0], parts[1]));
    }

    /** Data rows after the header, each with its "file:line" appended as the last element. */
    private static List<String[]> rows(String source, List<String> lines, String header, int columns, List<String> problems) {
        List<String[]> rows = new ArrayList<>();
        for (CsvRows.Row row : CsvRows.of(source, lines, header, problems)) {
            // The last column is free text (source / name) and may contain commas.
            String[] cols = row.line().split(",", columns);
            if (cols.length != columns) {
                problems.add(row.where() + ": expected " + columns + " columns in '" + row.line() + "'");
                continue;
            }
            String[] withWhere = java.util.Arrays.copyOf(cols, columns + 1);
            withWhere[columns] = row.where();
            rows.add(withWhere);
        }
        return rows;
    }

    private static final class Shipped {
        static final CallingWindows INSTANCE = fromLines(read(WINDOWS_RESOURCE), read(NO_CALL_DAYS_RESOURCE));

        private static List<String> read(String resource) {
            InputStream in = CallingWindows.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().collect(Collectors.toList());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + resource, e);
            }
        }
    }

    @Override
    public String toString() {
        return "CallingWindows{federal=" + federal + ", states=" + statesWithOverrides() + "}";
    }
}
