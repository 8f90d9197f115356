package io.leadstream.bench.stream;

import io.leadstream.bench.Bench;
import io.leadstream.bench.ceiling.KafkaPerfTools;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.serde.AvroSerializer;
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

/**
 * stream-app's throughput against the baseline a user would write instead — a minimal Kafka
 * Streams aggregation (String key, byte[] value, one RocksDB store, output topic) over the same
 * input, with the same guarantee, in the same run, on the same in-process broker — and the heap a
 * store of many leads costs. Writes a Markdown + CSV report.
 * With {@code --ceiling}, Kafka's own {@code ProducerPerformance} runs first on the same broker and
 * every figure is also given as a ratio to it (SPEC §13).
 * <pre>java -cp bench/target/benchmarks.jar io.leadstream.bench.stream.StreamThroughputBench [--quick] [--ceiling] [--out DIR]</pre>
 */
public final class StreamThroughputBench {
    private static final String BASELINE_OUT = "bench.baseline.out";

    record Result(String name, String guarantee, long events, double seconds, double cpuSeconds) {
        double perSecond() {
            return events / seconds;
        }

        double cpuMicrosPerEvent() {
            return cpuSeconds * 1e6 / events;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        boolean ceiling = List.of(args).contains("--ceiling");
        Path out = Path.of(Bench.option(args, "--out", "bench/results/" + LocalDate.now(ZoneOffset.UTC)));
        long events = quick ? 200_000 : 1_000_000;
        int leads = 100_000;
        int storeLeads = quick ? 200_000 : 1_000_000;
        Files.createDirectories(out);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            broker.start();
            String bootstrap = broker.bootstrapServers();
            try (SchemaRegistryServer registry = SchemaRegistryServer.startOnKafka(bootstrap, 0);
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicCreator(admin, 12, Duration.ofSeconds(60)).ensure(Topics.ALL);
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

                List<Result> results = new ArrayList<>();
                for (String guarantee : List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)) {
                    results.add(run(admin, bootstrap, "baseline aggregation", guarantee, events, baseline()));
                    results.add(run(admin, bootstrap, "stream-app", guarantee, events, streamApp(client)));
                }

                // Heap of a store of many distinct leads: fill it, then measure after GC with the app still running.
                double fillSeconds = produce(bootstrap, client, storeLeads, i -> load.leadCreated((int) i + leads));
                HeapResult heap = heapWithLeads(admin, bootstrap, client, events + storeLeads, storeLeads);
                System.out.printf(Locale.ROOT, "filled %,d leads (%.1f s); heap %s%n", storeLeads, fillSeconds, heap);

                String md = report(results, heap, events, leads, produceSeconds, quick, producerCeiling);
                Files.writeString(out.resolve("stream-app.md"), md);
                Files.writeString(out.resolve("stream-app.csv"), csv(results, heap));
                System.out.println(md);
            }
        }
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
                producer.send(new ProducerRecord<>(Topics.VOICE_EVENTS.name(), e.getLeadId(), e));
                if (i % 200_000 == 0 && i > 0) {
                    System.out.printf(Locale.ROOT, "  produced %,d / %,d%n", i, count);
                }
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The minimal aggregation of SPEC §13: latest value per key in one RocksDB store, forwarded to a topic. */
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
        return new LeadTopology(LeadTopology.Settings.DEFAULTS, TopologySerdes.using(registry), new AppointmentTimeResolver(), StreamMetrics.NONE).build();
    }

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

    private static Result run(Admin admin, String bootstrap, String name, String guarantee, long events, Topology topology) throws Exception {
        String appId = "bench-" + name.replace(' ', '-') + "-" + guarantee + "-" + UUID.randomUUID().toString().substring(0, 6);
        try (KafkaStreams streams = new KafkaStreams(topology, props(bootstrap, appId, guarantee, name.equals("stream-app")))) {
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            streams.start();
            awaitConsumed(admin, appId, events);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpuBefore) / 1e9;
            Result result = new Result(name, guarantee, events, seconds, cpu);
            System.out.printf(Locale.ROOT, "%-22s %-16s %,10.0f events/s  (%.1f s, %.1f µs CPU/event)%n",
                    name, guarantee, result.perSecond(), seconds, result.cpuMicrosPerEvent());
            streams.close(Duration.ofSeconds(30));
            return result;
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

    private static void awaitConsumed(Admin admin, String appId, long events) throws Exception {
        long lastReport = System.nanoTime();
        while (true) {
            long committed = 0;
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                if (e.getKey().topic().equals(Topics.VOICE_EVENTS.name()) && e.getValue() != null) {
                    committed += e.getValue().offset();
                }
            }
            if (committed >= events) {
                return;
            }
            if (System.nanoTime() - lastReport > 5e9) {
                System.out.printf(Locale.ROOT, "  %s: %,d / %,d committed%n", appId, committed, events);
                lastReport = System.nanoTime();
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

    private static String report(List<Result> results, HeapResult heap, long events, int leads, double produceSeconds, boolean quick,
                                 KafkaPerfTools.Run ceiling) {
        StringBuilder md = new StringBuilder();
        md.append("# stream-app throughput and memory — ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %d GiB RAM, %s %s; broker in-process (same JVM), 12 partitions, 1 stream thread, 64 MB cache; broker logs and state stores under %s.%n%n",
                Runtime.getRuntime().availableProcessors(), Bench.totalMemoryGiB(), System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("java.io.tmpdir")));
        md.append("Command: `bench/run").append(quick ? " --quick" : "").append("` (driver `io.leadstream.bench.stream.StreamThroughputBench")
                .append(quick ? " --quick" : "").append(ceiling != null ? " --ceiling" : "").append("`)\n\n");
        if (ceiling != null) {
            md.append(String.format(Locale.ROOT, "Ceiling, same broker, same run: `%s` → %,.0f records/s (%.1f MB/s, %s).%n%n",
                    ceiling.command(), ceiling.recordsPerSecond(), ceiling.mbPerSecond(), ceiling.detail()));
        }
        md.append(String.format(Locale.ROOT, "Input: %,d voice events (Avro, ~%d leads, realistic type mix) produced at %,.0f events/s (acks=all, lz4).%n%n",
                events, leads, events / produceSeconds));
        md.append("| app | guarantee | events/s | CPU µs/event | ratio to baseline (same guarantee) |")
                .append(ceiling != null ? " ratio to ProducerPerformance |\n|---|---|---:|---:|---:|---:|\n" : "\n|---|---|---:|---:|---:|\n");
        for (Result r : results) {
            Result baseline = results.stream().filter(b -> b.name().startsWith("baseline") && b.guarantee().equals(r.guarantee())).findFirst().orElseThrow();
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.1f | %.2f |", r.name(), r.guarantee(), r.perSecond(), r.cpuMicrosPerEvent(),
                    r.perSecond() / baseline.perSecond()));
            md.append(ceiling != null ? String.format(Locale.ROOT, " %.3f |%n", r.perSecond() / ceiling.recordsPerSecond()) : "\n");
        }
        md.append(String.format(Locale.ROOT, "%nSPEC §13 target: stream-app with EOS v2 ≥ 0.75× the baseline.%n"));
        md.append(String.format(Locale.ROOT, "%nHeap with %,d distinct leads in state (after GC, app running; broker and registry share the JVM): %,d MB before the app, %,d MB after (Δ %,d MB). SPEC §13 target for 1 M leads: ≤ 512 MB.%n",
                heap.leads(), heap.heapBeforeBytes() >> 20, heap.heapAfterBytes() >> 20, heap.deltaBytes() >> 20));
        return md.toString();
    }

    private static String csv(List<Result> results, HeapResult heap) {
        StringBuilder csv = new StringBuilder("app,guarantee,events,seconds,events_per_s,cpu_us_per_event\n");
        for (Result r : results) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.2f,%.0f,%.2f%n", r.name(), r.guarantee(), r.events(), r.seconds(), r.perSecond(), r.cpuMicrosPerEvent()));
        }
        csv.append(String.format(Locale.ROOT, "heap_leads,%d,heap_before_mb,%d,heap_after_mb,%d%n", heap.leads(), heap.heapBeforeBytes() >> 20, heap.heapAfterBytes() >> 20));
        return csv.toString();
    }
}
