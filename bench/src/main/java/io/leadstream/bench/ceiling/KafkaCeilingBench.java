package io.leadstream.bench.ceiling;

import io.leadstream.bench.Bench;
import io.leadstream.bench.report.KeyFigure;
import io.leadstream.bench.report.KeyFigures;
import io.leadstream.testkit.kafka.EmbeddedKafkaBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The raw ceiling of the broker this machine runs: Kafka's own {@code ProducerPerformance} and
 * {@code ConsumerPerformance} against the same in-process broker the pipeline benches use, with the
 * settings of NOTES.md's reference figures. Every other throughput figure of the bench is read against
 * these; the stream-app ratio to the producer ceiling is measured in the same run by
 * {@code StreamThroughputBench --ceiling}. Writes {@code kafka-ceiling.md} + {@code .csv}.
 * <pre>java -cp bench/target/benchmarks.jar io.leadstream.bench.ceiling.KafkaCeilingBench [--quick] [--out DIR]</pre>
 */
public final class KafkaCeilingBench {

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path out = Path.of(Bench.option(args, "--out", "bench/results/" + LocalDate.now(ZoneOffset.UTC)));
        long records = quick ? 1_000_000 : 5_000_000;
        int repeats = quick ? 1 : 3;
        Files.createDirectories(out);

        List<KafkaPerfTools.Run> produce = new ArrayList<>();
        List<KafkaPerfTools.Run> consume = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            broker.start();
            String bootstrap = broker.bootstrapServers();
            for (int i = 0; i < repeats; i++) {
                String topic = "bench.ceiling." + i;
                KafkaPerfTools.createTopic(bootstrap, topic);
                produce.add(KafkaPerfTools.producerPerformance(bootstrap, topic, records));
                consume.add(KafkaPerfTools.consumerPerformance(bootstrap, topic, records));
            }
        }
        String md = report(produce, consume, records, quick);
        Files.writeString(out.resolve("kafka-ceiling.md"), md);
        StringBuilder csv = new StringBuilder("tool,run,records,records_per_s,mb_per_s\n");
        for (List<KafkaPerfTools.Run> runs : List.of(produce, consume)) {
            for (int i = 0; i < runs.size(); i++) {
                KafkaPerfTools.Run r = runs.get(i);
                csv.append(String.format(Locale.ROOT, "%s,%d,%d,%.0f,%.2f%n", r.tool(), i + 1, r.records(), r.recordsPerSecond(), r.mbPerSecond()));
            }
        }
        Files.writeString(out.resolve("kafka-ceiling.csv"), csv.toString());
        KafkaPerfTools.Run p = median(produce);
        KafkaPerfTools.Run c = median(consume);
        KeyFigures.append(out,
                KeyFigure.context("kafka-ceiling", "ProducerPerformance, 200-byte records, acks=all (median of " + repeats + ")",
                        String.format(Locale.ROOT, "%,.0f records/s", p.recordsPerSecond()), "", "", "kafka-ceiling.md"),
                KeyFigure.context("kafka-ceiling", "ConsumerPerformance, same records (median of " + repeats + ")",
                        String.format(Locale.ROOT, "%,.0f records/s", c.recordsPerSecond()),
                        String.format(Locale.ROOT, "%,.0f records/s produced", p.recordsPerSecond()),
                        String.format(Locale.ROOT, "%.2f×", c.recordsPerSecond() / p.recordsPerSecond()), "kafka-ceiling.md"));
        System.out.println(md);
    }

    static KafkaPerfTools.Run median(List<KafkaPerfTools.Run> runs) {
        List<KafkaPerfTools.Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(KafkaPerfTools.Run::recordsPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    private static String report(List<KafkaPerfTools.Run> produce, List<KafkaPerfTools.Run> consume, long records, boolean quick) {
        StringBuilder md = new StringBuilder();
        md.append("# Kafka raw ceiling (ProducerPerformance / ConsumerPerformance) — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %d GiB RAM, %s %s; broker in-process (same JVM, `EmbeddedKafkaBroker`), log dirs under %s.%n%n",
                Runtime.getRuntime().availableProcessors(), Bench.totalMemoryGiB(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("java.io.tmpdir")));
        md.append("Command: `bench/run").append(quick ? " --quick" : "").append("` (driver `io.leadstream.bench.ceiling.KafkaCeilingBench`")
                .append(quick ? " --quick" : "").append("), which calls Kafka's tools in-process as:\n\n");
        md.append("- `").append(produce.get(0).command()).append("`\n");
        md.append("- `").append(consume.get(0).command()).append("`\n\n");
        md.append(String.format(Locale.ROOT, "%,d records of %d bytes per run, %d partitions, a fresh topic per run; the consumer reads what the producer of the same run wrote.%n%n",
                records, KafkaPerfTools.RECORD_SIZE, KafkaPerfTools.PARTITIONS));
        md.append("| tool | run | records/s | MB/s | detail |\n|---|---:|---:|---:|---|\n");
        for (List<KafkaPerfTools.Run> runs : List.of(produce, consume)) {
            for (int i = 0; i < runs.size(); i++) {
                KafkaPerfTools.Run r = runs.get(i);
                md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.1f | %s |%n", r.tool(), i + 1, r.recordsPerSecond(), r.mbPerSecond(), r.detail()));
            }
        }
        KafkaPerfTools.Run p = median(produce);
        KafkaPerfTools.Run c = median(consume);
        md.append(String.format(Locale.ROOT, "%nMedian: produce %,.0f records/s (%.1f MB/s), consume %,.0f records/s (%.1f MB/s); consume / produce = %.2f (same run).%n",
                p.recordsPerSecond(), p.mbPerSecond(), c.recordsPerSecond(), c.mbPerSecond(), c.recordsPerSecond() / p.recordsPerSecond()));
        md.append("\nThe first run in a fresh JVM also pays for JIT compilation of the client and broker paths, so a single run"
                + " (--quick) reads lower than the median of three (full mode), where later runs are warm.\n");
        md.append("\nFor orientation only (NOTES.md, another run, not a baseline of this one): ≈ 317k records/s (60 MB/s) produce, ≈ 900k records/s (172 MB/s) consume.\n");
        md.append("\nConsumerPerformance's records/s here are its `fetch.nMsg.sec` (the consumer group join left out); the figure with the join is in the detail column.\n");
        md.append("stream-app's ratio to ProducerPerformance on the same broker in the same run is in `stream-app.md` when `StreamThroughputBench --ceiling` produced it.\n");
        return md.toString();
    }
}
