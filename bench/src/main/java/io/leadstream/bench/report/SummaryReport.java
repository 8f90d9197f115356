package io.leadstream.bench.report;

import io.leadstream.bench.Bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run's front page, {@code summary.md}: the machine, the command, every SPEC §13 target with the
 * figure measured for it, its same-run baseline and whether it holds, then the other key figures and
 * the wall time of each section. Built from {@code key-figures.csv} and {@code section-times.csv},
 * which the sections and {@code bench/run} append to.
 * <pre>java -cp bench/target/benchmarks.jar io.leadstream.bench.report.SummaryReport --out DIR --command "bench/run --quick"</pre>
 */
public final class SummaryReport {
    static final String SECTION_TIMES = "section-times.csv";

    record SectionTime(String section, long seconds) {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(Bench.option(args, "--out", "bench/results/" + LocalDate.now(ZoneOffset.UTC)));
        String command = Bench.option(args, "--command", "bench/run");
        String md = render(KeyFigures.read(out), readSectionTimes(out), command, machine());
        Files.writeString(out.resolve("summary.md"), md, StandardCharsets.UTF_8);
        System.out.print(md);
    }

    static String render(List<KeyFigure> figures, List<SectionTime> times, String command, String machine) {
        StringBuilder md = new StringBuilder();
        md.append("# Leadstream bench — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
        md.append("Machine: ").append(machine).append("\n\n");
        long total = times.stream().mapToLong(SectionTime::seconds).sum();
        md.append("Command: `").append(command).append('`');
        if (!times.isEmpty()) {
            md.append(", ").append(minutes(total)).append(" wall time in all (per section at the end)");
        }
        md.append(".\n\nEvery ratio compares two figures measured in the same run on this machine; absolute figures move"
                + " from run to run on shared machines, ratios measured side by side hold. Each section's report"
                + " (linked) gives its method, inputs and every measurement.\n\n");

        List<KeyFigure> targeted = figures.stream().filter(f -> f.verdict() != KeyFigure.Verdict.NO_TARGET).toList();
        md.append("## SPEC §13 targets\n\n");
        if (targeted.isEmpty()) {
            md.append("No section of this run measured a figure SPEC §13 sets a target for.\n\n");
        } else {
            md.append("| section | figure | SPEC §13 target | measured | baseline (same run) | ratio | verdict |\n"
                    + "|---|---|---|---:|---:|---:|---|\n");
            for (KeyFigure f : targeted) {
                md.append(String.format(Locale.ROOT, "| [%s](%s) | %s | %s | %s | %s | %s | %s |%n", f.section(), f.report(),
                        cell(f.figure()), cell(f.target()), cell(f.value()), dash(f.baseline()), dash(f.ratio()),
                        f.verdict() == KeyFigure.Verdict.MET ? "met" : "**missed**"));
            }
            long missed = targeted.stream().filter(f -> f.verdict() == KeyFigure.Verdict.MISSED).count();
            md.append(String.format(Locale.ROOT, "%n%d of %d targets met in this run", targeted.size() - missed, targeted.size()));
            md.append(missed == 0 ? ".\n\n" : "; why each missed one is missed is in its section's report.\n\n");
        }

        List<KeyFigure> context = figures.stream().filter(f -> f.verdict() == KeyFigure.Verdict.NO_TARGET).toList();
        if (!context.isEmpty()) {
            md.append("## Other figures\n\n| section | figure | measured | baseline (same run) | ratio |\n|---|---|---:|---:|---:|\n");
            for (KeyFigure f : context) {
                md.append(String.format(Locale.ROOT, "| [%s](%s) | %s | %s | %s | %s |%n", f.section(), f.report(),
                        cell(f.figure()), cell(f.value()), dash(f.baseline()), dash(f.ratio())));
            }
            md.append('\n');
        }

        if (!times.isEmpty()) {
            md.append("## Sections\n\n| section | wall time |\n|---|---:|\n");
            for (SectionTime t : times) {
                md.append("| ").append(t.section()).append(" | ").append(minutes(t.seconds())).append(" |\n");
            }
            md.append("| **all** | **").append(minutes(total)).append("** |\n");
        }
        return md.toString();
    }

    static List<SectionTime> readSectionTimes(Path out) throws IOException {
        Path file = out.resolve(SECTION_TIMES);
        List<SectionTime> times = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                List<String> cells = KeyFigures.split(line);
                if (cells.size() == 2 && cells.get(1).matches("\\d+")) {
                    times.add(new SectionTime(cells.get(0), Long.parseLong(cells.get(1))));
                }
            }
        }
        return times;
    }

    /** Cores, memory, CPU model, JVM and OS: what a reader needs to weigh the absolute figures. */
    static String machine() {
        String cpu = cpuModel().map(m -> m + ", ").orElse("");
        return String.format(Locale.ROOT, "%d cores (%s%d GiB RAM), %s %s, %s %s", Runtime.getRuntime().availableProcessors(),
                cpu, Bench.totalMemoryGiB(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.version"));
    }

    private static Optional<String> cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim().replaceAll("\\s+", " "));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String minutes(long seconds) {
        return seconds >= 60 ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60) : seconds + " s";
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "—" : cell(s);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    private SummaryReport() {
    }
}
