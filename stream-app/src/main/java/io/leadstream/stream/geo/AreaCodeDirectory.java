package io.leadstream.stream.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The NANP area code table shipped as {@value #RESOURCE}: area code → region and time zone.
 *
 * <p>The table is validated as a whole when loaded (header, 3-digit codes, region codes, parseable zone
 * ids, no duplicates); a bad table fails the load with every problem listed, since a silently wrong
 * zone would put calls outside the legal calling window.
 */
public final class AreaCodeDirectory {

    public static final String RESOURCE = "geo/nanp-area-codes.csv";
    static final String HEADER = "area_code,region,time_zone";

    private static final Pattern CODE = Pattern.compile("[2-9]\\d\\d");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

    private final Map<String, AreaCode> byCode;

    private AreaCodeDirectory(Map<String, AreaCode> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    /** The shipped table, read from the classpath once per JVM. */
    public static AreaCodeDirectory load() {
        return Shipped.INSTANCE;
    }

    /** Parses CSV lines ({@code #} comments and blank lines allowed, then the header, then rows). */
    public static AreaCodeDirectory fromLines(String source, List<String> lines) {
        Map<String, AreaCode> codes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (CsvRows.Row row : CsvRows.of(source, lines, HEADER, problems)) {
            parseRow(row.where(), row.line(), codes, problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid area code table " + source + ":\n  " + String.join("\n  ", problems));
        }
        return new AreaCodeDirectory(codes);
    }

    private static void parseRow(String where, String line, Map<String, AreaCode> codes, List<String> problems) {
        String[] cols = line.split(",", -1);
        if (cols.length != 3) {
            problems.add(where + ": expected 3 columns but found " + cols.length + " in '" + line + "'");
            return;
        }
        String code = cols[0].strip();
        String region = cols[1].strip();
        String zoneId = cols[2].strip();
        boolean ok = true;
        if (!CODE.matcher(code).matches()) {
            problems.add(where + ": area code '" + code + "' is not 3 digits starting with 2-9");
            ok = false;
        }
        if (!REGION.matcher(region).matches()) {
            problems.add(where + ": region '" + region + "' is not a 2-letter state/province code");
            ok = false;
        }
        ZoneId zone = null;
        try {
            zone = ZoneId.of(zoneId);
        } catch (DateTimeException e) {
            problems.add(where + ": time zone '" + zoneId + "' is not a valid zone id (" + e.getMessage() + ")");
            ok = false;
        }
        if (ok && codes.containsKey(code)) {
            problems.add(where + ": duplicate area code " + code);
            ok = false;
        }
        if (ok) {
            codes.put(code, new AreaCode(code, region, zone));
        }
    }

    /** The entry for a 3-digit area code. */
    public Optional<AreaCode> lookup(String areaCode) {
        return areaCode == null ? Optional.empty() : Optional.ofNullable(byCode.get(areaCode.strip()));
    }

    /** The entry for the area code of a phone number in any format {@link PhoneNumbers} accepts. */
    public Optional<AreaCode> forPhone(String phone) {
        return PhoneNumbers.areaCode(phone).flatMap(this::lookup);
    }

    public int size() {
        return byCode.size();
    }

    public Collection<AreaCode> all() {
        return byCode.values();
    }

    public Set<String> regions() {
        return byCode.values().stream().map(AreaCode::region).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Lazy holder: the class loader guarantees one thread-safe load on first use. */
    private static final class Shipped {
        static final AreaCodeDirectory INSTANCE = readResource();

        private static AreaCodeDirectory readResource() {
            InputStream in = AreaCodeDirectory.class.getClassLoader().getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("Area code table " + RESOURCE + " is missing from the classpath");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return fromLines(RESOURCE, reader.lines().collect(Collectors.toList()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + RESOURCE, e);
            }
        }
    }
}
