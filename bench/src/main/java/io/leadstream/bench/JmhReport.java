package io.leadstream.bench;

import io.leadstream.bench.report.KeyFigure;
import io.leadstream.bench.report.KeyFigures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result into the Markdown and CSV report of {@code bench/results/}: every
 * benchmark next to its baseline from the same run, as a ratio, because absolute figures on these
 * shared machines move from run to run while ratios measured side by side hold.
 * <p>
 * A benchmark {@code fooBar} is compared with {@code baselineFooBar...} when one exists whose name,
 * after {@code baseline}, starts with the same verb (serialize, deserialize, ...).
 */
public final class JmhReport {
    private static final JsonMapper json = JsonMapper.builder().build();

    private record Row(String name, double score, double error, String unit) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: JmhReport <jmh.json> <report.md> <report.csv> <command> [title]");
            System.exit(2);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (JsonNode result : json.readTree(Files.readAllBytes(Path.of(args[0])))) {
            String name = result.path("benchmark").asString();
            name = name.substring(name.lastIndexOf('.') + 1);
            JsonNode metric = result.path("primaryMetric");
            rows.put(name, new Row(name, metric.path("score").asDouble(), error(metric.path("scoreError")),
                    metric.path("scoreUnit").asString()));
        }
        Path mdFile = Path.of(args[1]);
        String section = mdFile.getFileName().toString().replaceFirst("\\.md$", "");
        StringBuilder md = new StringBuilder();
        StringBuilder csv = new StringBuilder("benchmark,score,error,unit,baseline,ratio_to_baseline\n");
        String title = args.length > 4 ? args[4] : "Serde benchmark";
        md.append("# ").append(title).append(" — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(Bench.totalMemoryGiB()).append(" GiB RAM, ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append("\n\n");
        md.append("Command: `").append(args[3]).append("`\n\n");
        md.append("| benchmark | score | ± error | unit | baseline (same run) | ratio |\n|---|---:|---:|---|---|---:|\n");
        for (Row row : rows.values()) {
            if (row.name().startsWith("baseline")) {
                continue;
            }
            Row baseline = baselineOf(row, rows);
            String ratio = baseline == null ? "" : String.format(Locale.ROOT, "%.2f", row.score() / baseline.score());
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s | %s |%n", row.name(), row.score(),
                    Double.isNaN(row.error()) ? "— (too few iterations)" : String.format(Locale.ROOT, "%,.0f", row.error()),
                    row.unit(), baseline == null ? "—" : String.format(Locale.ROOT, "%s: %,.0f", baseline.name(), baseline.score()), ratio));
            csv.append(String.format(Locale.ROOT, "%s,%.1f,%.1f,%s,%s,%s%n", row.name(), row.score(), row.error(), row.unit(),
                    baseline == null ? "" : baseline.name(), ratio));
            if (baseline != null) {
                KeyFigures.append(mdFile.toAbsolutePath().getParent(), KeyFigure.context(section, row.name(),
                        String.format(Locale.ROOT, "%,.0f %s", row.score(), row.unit()),
                        String.format(Locale.ROOT, "%,.0f %s (%s)", baseline.score(), baseline.unit(), baseline.name()),
                        ratio + "×", mdFile.getFileName().toString()));
            }
        }
        for (Row row : rows.values()) {
            if (row.name().startsWith("baseline")) {
                csv.append(String.format(Locale.ROOT, "%s,%.1f,%.1f,%s,,%n", row.name(), row.score(), row.error(), row.unit()));
            }
        }
        Files.writeString(Path.of(args[1]), md.toString());
        Files.writeString(Path.of(args[2]), csv.toString());
        System.out.print(md);
    }

    /** JMH writes "NaN" (a string) when there are too few iterations for a confidence interval, as in --quick. */
    private static double error(JsonNode scoreError) {
        return scoreError.isNumber() ? scoreError.asDouble() : Double.NaN;
    }

    private static Row baselineOf(Row row, Map<String, Row> rows) {
        String verb = row.name().replaceAll("([a-z]+).*", "$1");
        return rows.values().stream()
                .filter(r -> r.name().startsWith("baseline"))
                .filter(r -> r.name().substring("baseline".length()).toLowerCase(Locale.ROOT).startsWith(verb.toLowerCase(Locale.ROOT)))
                .findFirst().orElse(null);
    }
}
