package io.leadstream.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's {@code key-figures.csv}: every section appends the figures that belong in the summary
 * as it finishes, so {@link SummaryReport} needs to know nothing about any section's own report.
 * {@code bench/run} truncates the file when a run starts.
 */
public final class KeyFigures {
    public static final String FILE = "key-figures.csv";
    private static final String HEADER = "section,figure,value,baseline,ratio,target,verdict,report";

    private KeyFigures() {
    }

    /** Appends {@code figures} to {@code out}/key-figures.csv, writing the header first when the file is new. */
    public static synchronized void append(Path out, KeyFigure... figures) {
        Path file = out.resolve(FILE);
        StringBuilder rows = new StringBuilder();
        try {
            Files.createDirectories(out);
            if (!Files.exists(file) || Files.size(file) == 0) {
                rows.append(HEADER).append('\n');
            }
            for (KeyFigure f : figures) {
                rows.append(String.join(",", quote(f.section()), quote(f.figure()), quote(f.value()), quote(f.baseline()),
                        quote(f.ratio()), quote(f.target()), f.verdict().name(), quote(f.report()))).append('\n');
            }
            Files.writeString(file, rows, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Reads back what the sections appended, in order; an absent file is an empty run. */
    public static List<KeyFigure> read(Path out) throws IOException {
        Path file = out.resolve(FILE);
        List<KeyFigure> figures = new ArrayList<>();
        if (!Files.exists(file)) {
            return figures;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> c = split(line);
            if (c.size() != 8) {
                throw new IOException("malformed row in " + file + ": " + line);
            }
            figures.add(new KeyFigure(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5),
                    KeyFigure.Verdict.valueOf(c.get(6)), c.get(7)));
        }
        return figures;
    }

    /** RFC 4180 quoting: values carry thousands separators and prose. */
    static String quote(String value) {
        String v = value == null ? "" : value;
        return v.isEmpty() || v.matches("[^,\"\\r\\n]*") ? v : '"' + v.replace("\"", "\"\"") + '"';
    }

    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
