package io.leadstream.stream.geo;

import java.util.ArrayList;
import java.util.List;

/**
 * The data rows of a table shipped as CSV (area codes, calling windows): blank lines and
 * {@code #} comments skipped, the header checked, each row tagged with its {@code file:line} so
 * load-time validation can name every bad line at once.
 */
public final class CsvRows {
    /** A data line and where it is, e.g. {@code geo/nanp-area-codes.csv:42}. */
    public record Row(String where, String line) {
    }

    private CsvRows() {
    }

    /** Rows after {@code header}; problems (wrong header, no header) are added to {@code problems}. */
    public static List<Row> of(String source, List<String> lines, String header, List<String> problems) {
        List<Row> rows = new ArrayList<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1);
            if (!headerSeen) {
                if (!line.equals(header)) {
                    problems.add(where + ": expected header '" + header + "' but found '" + line + "'");
                }
                headerSeen = true;
                continue;
            }
            rows.add(new Row(where, line));
        }
        if (!headerSeen) {
            problems.add(source + ": no header and no rows");
        }
        return rows;
    }
}
