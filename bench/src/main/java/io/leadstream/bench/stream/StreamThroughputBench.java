package io.leadstream.bench.stream;

import io.leadstream.bench.Bench;
import io.leadstream.bench.report.KeyFigure;
import io.leadstream.bench.report.KeyFigures;
import io.leadstream.bench.ceiling.KafkaPerfTools;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.serde.AvroSerializer;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.stream.appointment.AppointmentTimeResolver;
import io.leadstream.stream.config.BoundedMemoryRocksDbConfig;
import io.leadstream.stream.topology.ErrorHandling;
import io.leadstream.stream.topology.LeadTopology;
import io.leadstream.stream.topology.StreamMetrics;
import io.leadstream.stream.topology.TopologySerdes;
import io.leadstream.testkit.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * stream-app's throughput against the baseline a user would write instead — a minimal Kafka
 * Streams aggregation (String key, byte[] value, one RocksDB store, output topic) over the same
 * input, with the same guarantee, in the same run, on the same in-process broker — and the heap a
 * store of many leads costs. Writes a Markdown + CSV report.
 * With {@code --ceiling}, Kafka's own {@code ProducerPerformance} runs first on the same broker and
 * every figure is also given as a ratio to it (SPEC §13).
 * With {@code --scaling}, stream-app (EOS v2) and the baseline also run as two instances of the same
 * application (one stream thread and one state directory each) over the same input, and each is given
 * as a ratio to its one-instance figure from the same run, beside the cores the run kept busy.
 * <pre>java -cp bench/target/benchmarks.jar io.leadstream.bench.stream.StreamThroughputBench [--quick] [--ceiling] [--scaling] [--out DIR]</pre>
 */
public final class StreamThroughputBench {
    private static final String BASELINE_OUT = "bench.baseline.out";
    private static final String BASELINE = "baseline aggregation";
    private static final String STREAM_APP = "stream-app";

    /** One measured run; {@code tasksPerInstance} is the split of the 12 active tasks at the end of the run, e.g. "6+6". */
    record Result(String name, String guarantee, int instances, String tasksPerInstance, long events, double seconds, double cpuSeconds,
                  double loadAverage, double steadyPerSecond) {
        double perSecond() {
            return events / seconds;
        }

        /** Average number of cores the whole process (broker, registry and every instance) kept busy. */
        double coresBusy() {
            return cpuSeconds / seconds;
        }

        double cpuMicrosPerEvent() {
            return cpuSeconds * 1e6 / events;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        boolean ceiling = List.of(args).contains("--ceiling");
        boolean scaling = List.of(args).contains("--scaling");
        Path out = Path.of(Bench.option(args, "--out", "bench/results/" + LocalDate.now(ZoneOffset.UTC)));
        long events = quick ? 200_000 : 1_000_000;
        int leads = 100_000;
        int storeLeads = quick ? 100_000 : 1_000_000;
        Files.createDirectories(out);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            broker.start();
            String bootstrap = broker.bootstrapServers();
            try (SchemaRegistryServer registry = SchemaRegistryServer.startOnKafka(bootstrap, 0);
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicCreator(admin, 12, Duration.ofSeconds(60)).ensure(Topics.ALL);
                // stream-app's phone stage: its internal topics, partitioned like voice.events.v1 (as the service creates them).
                io.leadstream.stream.runtime.PhoneStageTopics.ensure(admin, STREAM_APP, true, Duration.ofSeconds(60));
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(BASELINE_OUT, 12, (short) 1))).all().get();
                SchemaRegistryClient client = SchemaRegistryClient.forUrls(registry.url());

                KafkaPerfTools.Run producerCeiling = null;
                if (ceiling) {
                    KafkaPerfTools.createTopic(bootstrap, "bench.ceiling");
                    producerCeiling = KafkaPerfTools.producerPerformance(bootstrap, "bench.ceiling", events);
                }

                VoiceEventLoad load = new VoiceEventLoad(7, leads);
                double produceSeconds = produce(bootstrap, client, events, i -> load.next(i, events));
                System.out.printf(Locale.ROOT, "produced %,d events over %,d leads in %.1f s (%,.0f/s, Avro + acks=all)%n",
                        events, leads, produceSeconds, events / produceSeconds);

                // JIT warm-up, untimed: each app once over part of the input, so that the first measured run does not pay
                // for compiling the code paths every run shares (in quick mode that alone made the first run up to 3× slower).
                System.out.printf(Locale.ROOT, "warm-up (untimed) over %,d events:%n", warmupEvents(events));
                run(admin, bootstrap, BASELINE, StreamsConfig.EXACTLY_ONCE_V2, warmupEvents(events), 1, StreamThroughputBench::baseline);
                run(admin, bootstrap, STREAM_APP, StreamsConfig.EXACTLY_ONCE_V2, warmupEvents(events), 1, () -> streamApp(client));

                List<Result> results = new ArrayList<>();
                for (String guarantee : List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)) {
                    results.add(run(admin, bootstrap, BASELINE, guarantee, events, 1, StreamThroughputBench::baseline));
                    results.add(run(admin, bootstrap, STREAM_APP, guarantee, events, 1, () -> streamApp(client)));
                }
                // One instance again, then two instances of the same application, over the same input (before the heap
                // fill adds more input): each pair back to back, with the JIT warm, so the ratio compares like with like.
                List<Result> scaled = new ArrayList<>();
                if (scaling) {
                    for (int instances = 1; instances <= 2; instances++) {
                        scaled.add(run(admin, bootstrap, BASELINE, StreamsConfig.EXACTLY_ONCE_V2, events, instances, StreamThroughputBench::baseline));
                    }
                    for (int instances = 1; instances <= 2; instances++) {
                        scaled.add(run(admin, bootstrap, STREAM_APP, StreamsConfig.EXACTLY_ONCE_V2, events, instances, () -> streamApp(client)));
                    }
                }

                // Heap of a store of many distinct leads: fill it, then measure after GC with the app still running.
                double fillSeconds = produce(bootstrap, client, storeLeads, i -> load.leadCreated((int) i + leads));
                HeapResult heap = heapWithLeads(admin, bootstrap, client, events + storeLeads, storeLeads);
                System.out.printf(Locale.ROOT, "filled %,d leads (%.1f s); heap %s%n", storeLeads, fillSeconds, heap);

                String md = report(results, scaled, heap, events, leads, produceSeconds, quick, scaling, producerCeiling);
                Files.writeString(out.resolve("stream-app.md"), md);
                List<Result> all = new ArrayList<>(results);
                all.addAll(scaled);
                Files.writeString(out.resolve("stream-app.csv"), csv(all, heap));
                KeyFigures.append(out, keyFigures(results, scaled, heap, producerCeiling).toArray(KeyFigure[]::new));
                System.out.println(md);
            }
        }
    }

    /** stream-app beside the baseline per guarantee (EOS v2 carries SPEC §13's target), 2 vs 1 instances, heap. */
    static List<KeyFigure> keyFigures(List<Result> results, List<Result> scaled, HeapResult heap, KafkaPerfTools.Run ceiling) {
        List<KeyFigure> figures = new ArrayList<>();
        for (String guarantee : List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)) {
            Result app = find(results, STREAM_APP, guarantee, 1);
            Result base = find(results, BASELINE, guarantee, 1);
            if (app == null || base == null) {
                continue;
            }
            String figure = String.format(Locale.ROOT, "stream-app throughput, %s, %,d events, 1 stream thread%s", guarantee, app.events(),
                    ceiling == null ? "" : String.format(Locale.ROOT, " (%.2f× ProducerPerformance's %,.0f records/s)",
                            app.perSecond() / ceiling.recordsPerSecond(), ceiling.recordsPerSecond()));
            String value = String.format(Locale.ROOT, "%,.0f events/s, %.1f µs CPU/event", app.perSecond(), app.cpuMicrosPerEvent());
            String baseline = String.format(Locale.ROOT, "%,.0f events/s, %.1f µs CPU/event (minimal aggregation)", base.perSecond(),
                    base.cpuMicrosPerEvent());
            double ratio = app.perSecond() / base.perSecond();
            String ratioText = String.format(Locale.ROOT, "%.2f×", ratio);
            figures.add(guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)
                    ? new KeyFigure("stream-app", figure, value, baseline, ratioText, "≥ 0.75× the minimal aggregation (EOS v2)",
                            KeyFigure.Verdict.of(ratio >= 0.75), "stream-app.md")
                    : KeyFigure.context("stream-app", figure, value, baseline, ratioText, "stream-app.md"));
        }
        for (String name : List.of(STREAM_APP, BASELINE)) {
            Result one = find(scaled, name, StreamsConfig.EXACTLY_ONCE_V2, 1);
            Result two = find(scaled, name, StreamsConfig.EXACTLY_ONCE_V2, 2);
            if (one != null && two != null) {
                figures.add(KeyFigure.context("stream-app", name + ", 2 instances vs 1 (EOS v2, one thread each, "
                                + Runtime.getRuntime().availableProcessors() + " cores shared with the broker)",
                        String.format(Locale.ROOT, "%,.0f events/s (%.2f cores busy)", two.perSecond(), two.coresBusy()),
                        String.format(Locale.ROOT, "%,.0f events/s with 1 instance (%.2f cores busy)", one.perSecond(), one.coresBusy()),
                        String.format(Locale.ROOT, "%.2f×", two.perSecond() / one.perSecond()), "stream-app.md"));
            }
        }
        figures.add(KeyFigure.context("stream-app", String.format(Locale.ROOT, "heap with %,d more distinct leads in state (after GC, in-process)",
                        heap.leads()), String.format(Locale.ROOT, "%.0f MB", heap.heapAfterBytes() / 1048576.0),
                String.format(Locale.ROOT, "%.0f MB before the leads", heap.heapBeforeBytes() / 1048576.0),
                String.format(Locale.ROOT, "%.2f×", (double) heap.heapAfterBytes() / heap.heapBeforeBytes()), "stream-app.md"));
        return figures;
    }

    private static Result find(List<Result> results, String name, String guarantee, int instances) {
        return results.stream().filter(r -> r.name().equals(name) && r.guarantee().equals(guarantee) && r.instances() == instances)
                .findFirst().orElse(null);
    }

    static long warmupEvents(long events) {
        return Math.min(events, 200_000);
    }

    interface EventSource {
        VoiceEvent event(long i);
    }

    private static double produce(String bootstrap, SchemaRegistryClient registry, long count, EventSource source) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 131072, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long start = System.nanoTime();
        try (KafkaProducer<String, VoiceEvent> producer = new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<>(registry, true))) {
            for (long i = 0; i < count; i++) {
                VoiceEvent e = source.event(i);
                producer.send(new ProducerRecord<>(Topics.VOICE_EVENTS.name(), LeadKey.of(e.getWorkspaceId(), e.getLeadId()), e));
                if (i % 200_000 == 0 && i > 0) {
                    System.out.printf(Locale.ROOT, "  produced %,d / %,d%n", i, count);
                }
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The minimal aggregation of SPEC §13: latest value per key in one RocksDB store, forwarded to a topic. It reads
     * the same input as stream-app, so its String keys are the same {@code <workspaceId>/<leadId>} lead keys.
     */
    static Topology baseline() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.VOICE_EVENTS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .groupByKey()
                .aggregate(() -> new byte[0], (key, value, aggregate) -> value,
                        Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as("baseline-store")
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()))
                .toStream()
                .to(BASELINE_OUT, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    static Topology streamApp(SchemaRegistryClient registry) {
        return new LeadTopology(LeadTopology.Settings.DEFAULTS, TopologySerdes.using(registry), new AppointmentTimeResolver(), StreamMetrics.NONE,
                // Event throughput, not timers: the input watermark (the service's InputProgress) is not what is measured here.
                STREAM_APP, io.leadstream.stream.topology.InputWatermark.CAUGHT_UP).build();
    }

    /** Streams settings of one instance; every call gets its own state directory. */
    private static Properties props(String bootstrap, String appId, String guarantee, boolean leadstream) throws Exception {
        Properties props = leadstream ? ErrorHandling.deadLetterConfig(StreamMetrics.NONE) : new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // SPEC §13's setting for both guarantees (at-least-once would otherwise commit every 30 s).
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-" + appId).toString());
        props.put("consumer.auto.offset.reset", "earliest");
        if (leadstream && Boolean.parseBoolean(System.getProperty("bench.rocksdb.bounded", "true"))) {
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class);
        }
        return props;
    }

    /**
     * Runs {@code instances} KafkaStreams instances of one application (same application id, one stream
     * thread and one state directory each) over the input, from their start until the group committed
     * every event; CPU is the whole process's (broker and registry included).
     */
    private static Result run(Admin admin, String bootstrap, String name, String guarantee, long events, int instances,
                              Supplier<Topology> topology) throws Exception {
        String appId = "bench-" + name.replace(' ', '-') + "-" + guarantee + "-x" + instances + "-" + UUID.randomUUID().toString().substring(0, 6);
        List<KafkaStreams> running = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                running.add(new KafkaStreams(topology.get(), props(bootstrap, appId, guarantee, name.equals(STREAM_APP))));
            }
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            running.forEach(KafkaStreams::start);
            double steady = awaitConsumed(admin, appId, events);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpuBefore) / 1e9;
            String tasks = running.stream().map(s -> Integer.toString(s.metadataForLocalThreads().stream()
                    .mapToInt(t -> t.activeTasks().size()).sum())).collect(Collectors.joining("+"));
            Result result = new Result(name, guarantee, instances, tasks, events, seconds, cpu,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), steady);
            System.out.printf(Locale.ROOT, "%-22s %-16s x%d %,10.0f events/s  (%.1f s, %.1f µs CPU/event, %.2f cores busy, tasks %s; steady %,.0f/s)%n",
                    name, guarantee, instances, result.perSecond(), seconds, result.cpuMicrosPerEvent(), result.coresBusy(), tasks, steady);
            return result;
        } finally {
            running.parallelStream().forEach(s -> s.close(Duration.ofSeconds(30)));
        }
    }

    record HeapResult(int leads, long heapBeforeBytes, long heapAfterBytes, double seconds) {
        long deltaBytes() {
            return heapAfterBytes - heapBeforeBytes;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d MB before, %,d MB with %,d leads (Δ %,d MB)", heapBeforeBytes >> 20, heapAfterBytes >> 20,
                    leads, deltaBytes() >> 20);
        }
    }

    private static HeapResult heapWithLeads(Admin admin, String bootstrap, SchemaRegistryClient registry, long totalEvents, int leads) throws Exception {
        long before = usedHeapAfterGc();
        String appId = "bench-heap-" + UUID.randomUUID().toString().substring(0, 6);
        try (KafkaStreams streams = new KafkaStreams(streamApp(registry), props(bootstrap, appId, StreamsConfig.EXACTLY_ONCE_V2, true))) {
            long start = System.nanoTime();
            streams.start();
            awaitConsumed(admin, appId, totalEvents);
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = usedHeapAfterGc();
            streams.close(Duration.ofSeconds(30));
            return new HeapResult(leads, before, after, seconds);
        }
    }

    /**
     * Waits until the group committed {@code events} input offsets; returns the steady-state rate, the
     * committed events per second between the first sights of 20 % and 90 % committed (start-up, the
     * rebalance at start and the last commit left out).
     */
    private static double awaitConsumed(Admin admin, String appId, long events) throws Exception {
        long lastReport = System.nanoTime();
        long fromNanos = 0, fromCommitted = 0;
        double steady = Double.NaN;
        while (true) {
            long committed = 0;
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                if (e.getKey().topic().equals(Topics.VOICE_EVENTS.name()) && e.getValue() != null) {
                    committed += e.getValue().offset();
                }
            }
            long now = System.nanoTime();
            if (fromNanos == 0 && committed >= events / 5) {
                fromNanos = now;
                fromCommitted = committed;
            }
            if (Double.isNaN(steady) && fromNanos != 0 && committed >= events * 9 / 10 && now > fromNanos && committed > fromCommitted) {
                steady = (committed - fromCommitted) / ((now - fromNanos) / 1e9);
            }
            if (committed >= events) {
                return steady;
            }
            if (now - lastReport > 5e9) {
                System.out.printf(Locale.ROOT, "  %s: %,d / %,d committed%n", appId, committed, events);
                lastReport = now;
            }
            Thread.sleep(100);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    private static String report(List<Result> results, List<Result> scaled, HeapResult heap, long events, int leads, double produceSeconds,
                                 boolean quick, boolean scaling, KafkaPerfTools.Run ceiling) {
        StringBuilder md = new StringBuilder();
        md.append("# stream-app throughput and memory — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %d GiB RAM, %s %s; broker in-process (same JVM), 12 partitions, 1 stream thread, 64 MB cache; broker logs and state stores under %s.%n%n",
                Runtime.getRuntime().availableProcessors(), Bench.totalMemoryGiB(), System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("java.io.tmpdir")));
        md.append("Command: `bench/run").append(quick ? " --quick" : "").append("` (driver `io.leadstream.bench.stream.StreamThroughputBench")
                .append(quick ? " --quick" : "").append(ceiling != null ? " --ceiling" : "").append(scaling ? " --scaling" : "").append("`)\n\n");
        if (ceiling != null) {
            md.append(String.format(Locale.ROOT, "Ceiling, same broker, same run: `%s` → %,.0f records/s (%.1f MB/s, %s).%n%n",
                    ceiling.command(), ceiling.recordsPerSecond(), ceiling.mbPerSecond(), ceiling.detail()));
        }
        md.append(String.format(Locale.ROOT, "Input: %,d voice events (Avro, ~%d leads, realistic type mix) produced at %,.0f events/s (acks=all, lz4). "
                        + "Before the measured runs, each app ran once untimed over the first %,d events (JIT warm-up).%n%n",
                events, leads, events / produceSeconds, warmupEvents(events)));
        md.append("| app | guarantee | events/s | CPU µs/event | ratio to baseline (same guarantee) |")
                .append(ceiling != null ? " ratio to ProducerPerformance |" : "")
                .append(" cores busy | steady events/s (20→90 %) | steady ratio to baseline |\n")
                .append(ceiling != null ? "|---|---|---:|---:|---:|---:|---:|---:|---:|\n" : "|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            Result baseline = results.stream().filter(b -> b.name().startsWith("baseline") && b.guarantee().equals(r.guarantee())).findFirst().orElseThrow();
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.1f | %.2f |", r.name(), r.guarantee(), r.perSecond(), r.cpuMicrosPerEvent(),
                    r.perSecond() / baseline.perSecond()));
            md.append(ceiling != null ? String.format(Locale.ROOT, " %.3f |", r.perSecond() / ceiling.recordsPerSecond()) : "");
            md.append(String.format(Locale.ROOT, " %.2f | %,.0f | %.2f |%n", r.coresBusy(), r.steadyPerSecond(), r.steadyPerSecond() / baseline.steadyPerSecond()));
        }
        md.append(String.format(Locale.ROOT, "%n\"events/s\" runs from start to the last commit; \"steady\" counts only the input committed between the first "
                + "sights of 20 %% and 90 %% committed, leaving out start-up, the first rebalance and the last commit, which weigh most on the shortest runs "
                + "(the baseline's, in quick mode). \"Cores busy\" is the process's CPU time over the run's wall time, broker included: "
                + "one stream thread can keep at most one core busy with the application's own work.%n"));
        md.append(String.format(Locale.ROOT, "%nSPEC §13 target: stream-app with EOS v2 ≥ 0.75× the baseline.%n"));
        if (!scaled.isEmpty()) {
            md.append(scalingSection(scaled));
        }
        md.append(String.format(Locale.ROOT, "%nHeap with %,d distinct leads in state (after GC, app running; broker and registry share the JVM): %,d MB before the app, %,d MB after (Δ %,d MB). SPEC §13 target for 1 M leads: ≤ 512 MB.%n",
                heap.leads(), heap.heapBeforeBytes() >> 20, heap.heapAfterBytes() >> 20, heap.deltaBytes() >> 20));
        return md.toString();
    }

    /** 1 vs 2 instances with EOS v2, and what this machine's cores allow. */
    private static String scalingSection(List<Result> scaled) {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder md = new StringBuilder("\n## Scaling: 1 vs 2 instances (exactly_once_v2)\n\n");
        md.append(String.format(Locale.ROOT, "Two KafkaStreams instances of the same application (same application id, one stream thread and "
                + "one state directory each; 12 input partitions → 12 tasks split between them) over the same input, each run right after "
                + "a one-instance run of the same application (measured again here, JIT warm) that its ratio refers to. "
                + "This machine has **%d cores**, and the broker, the schema registry and both instances share them in one JVM: "
                + "a second instance can only use the CPU the first left idle, so the ideal speed-up here is min(2, %d ÷ cores busy with one instance) "
                + "— far from the 2× a second machine (and a broker elsewhere) would give. "
                + "\"Cores busy\" is the process's CPU time over the run's wall time (everything in the JVM, broker included); "
                + "the load average (1 min, at the end of the run) shows what else ran on the machine. "
                + "\"events/s\" runs from start to the last commit, start-up and the rebalance at start included; "
                + "\"steady\" counts only the committed input between the first sights of 20 %% and 90 %% committed.%n%n", cores, cores));
        md.append("| app | instances | events/s | CPU µs/event | cores busy | load avg | tasks per instance | ratio to 1 instance | steady events/s (20→90 %) | steady ratio to 1 instance | ideal on this machine |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
        for (Result r : scaled) {
            Result one = scaled.stream().filter(o -> o.name().equals(r.name()) && o.guarantee().equals(r.guarantee()) && o.instances() == 1)
                    .findFirst().orElseThrow();
            md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.1f | %.2f | %.1f | %s | %.2f | %,.0f | %.2f | %s |%n", r.name(), r.instances(), r.perSecond(),
                    r.cpuMicrosPerEvent(), r.coresBusy(), r.loadAverage(), r.tasksPerInstance(), r.perSecond() / one.perSecond(),
                    r.steadyPerSecond(), r.steadyPerSecond() / one.steadyPerSecond(),
                    r == one ? "1.00" : String.format(Locale.ROOT, "≤ %.2f", Math.min(2.0, cores / one.coresBusy()))));
        }
        double maxLoad = scaled.stream().mapToDouble(Result::loadAverage).max().orElse(0);
        if (maxLoad > cores) {
            md.append(String.format(Locale.ROOT, "%nThe load average reached %.1f on %d cores during these runs: other processes competed for the same cores, "
                    + "so \"cores busy\" below %d does not mean idle capacity here, and the \"ideal\" column is an upper bound only.%n", maxLoad, cores, cores));
        }
        double app1 = perSecond(scaled, STREAM_APP, 1), app2 = perSecond(scaled, STREAM_APP, 2);
        double base1 = perSecond(scaled, BASELINE, 1), base2 = perSecond(scaled, BASELINE, 2);
        md.append(String.format(Locale.ROOT, "%nstream-app gains %.2f× from a second instance (steady state %.2f×), the baseline %.2f× (%.2f×); "
                        + "stream-app to baseline is %.2f× with one instance each and %.2f× with two each. A gain near the \"ideal\" column means the application scales as far as idle cores allow; "
                        + "below it, the instances contend for something else (the shared broker's CPU, transaction commits, the rebalance at start).%n",
                app2 / app1, steady(scaled, STREAM_APP, 2) / steady(scaled, STREAM_APP, 1), base2 / base1,
                steady(scaled, BASELINE, 2) / steady(scaled, BASELINE, 1), app1 / base1, app2 / base2));
        return md.toString();
    }

    private static double perSecond(List<Result> results, String name, int instances) {
        return results.stream().filter(r -> r.name().equals(name) && r.instances() == instances).findFirst().orElseThrow().perSecond();
    }

    private static double steady(List<Result> results, String name, int instances) {
        return results.stream().filter(r -> r.name().equals(name) && r.instances() == instances).findFirst().orElseThrow().steadyPerSecond();
    }

    private static String csv(List<Result> results, HeapResult heap) {
        StringBuilder csv = new StringBuilder("app,guarantee,events,seconds,events_per_s,cpu_us_per_event,instances,cores_busy,tasks_per_instance,load_avg,steady_events_per_s\n");
        for (Result r : results) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.2f,%.0f,%.2f,%d,%.2f,%s,%.1f,%.0f%n", r.name(), r.guarantee(), r.events(), r.seconds(), r.perSecond(),
                    r.cpuMicrosPerEvent(), r.instances(), r.coresBusy(), r.tasksPerInstance(), r.loadAverage(), r.steadyPerSecond()));
        }
        csv.append(String.format(Locale.ROOT, "heap_leads,%d,heap_before_mb,%d,heap_after_mb,%d%n", heap.leads(), heap.heapBeforeBytes() >> 20, heap.heapAfterBytes() >> 20));
        return csv.toString();
    }
}
