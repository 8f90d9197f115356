package io.leadstream.bench.cadence;

import io.leadstream.bench.Bench;
import io.leadstream.bench.report.KeyFigure;
import io.leadstream.bench.report.KeyFigures;
import io.leadstream.bench.stream.VoiceEventLoad;
import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.event.CadenceEnrolled;
import io.leadstream.schemas.event.ConsentRecorded;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.stream.appointment.AppointmentTimeResolver;
import io.leadstream.stream.cadence.CadenceDefinitions;
import io.leadstream.stream.topology.ErrorHandling;
import io.leadstream.stream.topology.InputWatermark;
import io.leadstream.stream.topology.LeadTopology;
import io.leadstream.stream.topology.StreamMetrics;
import io.leadstream.stream.topology.TopologySerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Punctuation cost of the cadence engine (issue 6): timers drained per second of CPU when N
 * enrolled leads all come due, through stream-app's real topology (RocksDB stores, gates, audit)
 * driven by TopologyTestDriver's wall clock — against a baseline punctuator that only scans a
 * time-ordered store of N timers and forwards one record each, measured in the same run.
 * <pre>java -cp bench/target/benchmarks.jar io.leadstream.bench.cadence.CadenceTimerBench [--quick] [--out DIR]</pre>
 */
public final class CadenceTimerBench {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant TUESDAY_2PM = ZonedDateTime.of(2026, 3, 3, 14, 0, 0, 0, NEW_YORK).toInstant();

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int leads = quick ? 20_000 : 100_000;
        Path out = Path.of(Bench.option(args, "--out", "bench/results/" + LocalDate.now(ZoneOffset.UTC)));
        Files.createDirectories(out);

        double baseline = baselineDrainPerSecond(leads);
        double cadence;
        try (SchemaRegistryServer registry = SchemaRegistryServer.startInMemory(0)) {
            cadence = cadenceDrainPerSecond(leads, SchemaRegistryClient.forUrls(registry.url()));
        }
        String md = String.format(Locale.ROOT, """
                # Cadence timer drain — %s

                Machine: %d cores, Java %s. Command: `bench/run%s` (driver `io.leadstream.bench.cadence.CadenceTimerBench`).

                %,d leads enrolled in `new-lead-outbound` with written consent, all first calls due at once (Tuesday 14:00
                New York), drained by the 1 s wall-clock punctuator (at most 1,000 timers per tick) of stream-app's topology in
                TopologyTestDriver with RocksDB stores. Baseline: a punctuator scanning a time-ordered RocksDB store of the same
                number of timers and forwarding one record per timer, nothing else. Figures are timers per second of
                punctuation wall time (the tick budget), not per tick.

                | punctuator | timers drained / s | ratio to baseline |
                |---|---:|---:|
                | baseline scan + forward | %,.0f | 1.00 |
                | cadence engine (gates, audit, state) | %,.0f | %.2f |
                """, LocalDate.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                quick ? " --quick" : "", leads, baseline, cadence, cadence / baseline);
        Files.writeString(out.resolve("cadence-timers.md"), md);
        Files.writeString(out.resolve("cadence-timers.csv"), String.format(Locale.ROOT,
                "punctuator,leads,timers_per_s,ratio_to_baseline%%nbaseline scan + forward,%d,%.0f,1.00%%ncadence engine,%d,%.0f,%.2f%%n",
                leads, baseline, leads, cadence, cadence / baseline));
        KeyFigures.append(out, KeyFigure.context("cadence-timers", "cadence timers drained per second of punctuation (" + String.format(Locale.ROOT, "%,d", leads) + " due at once)",
                String.format(Locale.ROOT, "%,.0f timers/s", cadence), String.format(Locale.ROOT, "%,.0f timers/s (bare scan + forward)", baseline),
                String.format(Locale.ROOT, "%.2f×", cadence / baseline), "cadence-timers.md"));
        System.out.println(md);
    }

    private static double cadenceDrainPerSecond(int leads, SchemaRegistryClient registry) throws Exception {
        TopologySerdes serdes = TopologySerdes.using(registry);
        Topology topology = new LeadTopology(LeadTopology.Settings.DEFAULTS, serdes, new AppointmentTimeResolver(), StreamMetrics.NONE,
                "cadence-timer-bench", InputWatermark.CAUGHT_UP).build(); // TopologyTestDriver processes input before it punctuates
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props(ErrorHandling.deadLetterConfig(StreamMetrics.NONE)), TUESDAY_2PM)) {
            TestInputTopic<String, CadenceDefinition> definitions = driver.createInputTopic(Topics.CADENCE_DEFINITIONS.name(),
                    new StringSerializer(), serdes.definitions().serializer());
            CadenceDefinitions.loadDefault().forEach((id, d) -> definitions.pipeInput(id, d, TUESDAY_2PM));
            TestInputTopic<String, VoiceEvent> events = driver.createInputTopic(Topics.VOICE_EVENTS.name(), new StringSerializer(),
                    serdes.events().serializer());
            TestOutputTopic<String, CadenceTrigger> triggers = driver.createOutputTopic(Topics.CADENCE_TRIGGERS.name(),
                    new StringDeserializer(), serdes.triggers().deserializer());
            Instant at = TUESDAY_2PM.minusSeconds(600);
            Instant due = TUESDAY_2PM.plusSeconds(60);
            for (int i = 0; i < leads; i++) {
                String lead = "lead-" + i;
                String key = LeadKey.of(VoiceEventLoad.WORKSPACE, lead);
                events.pipeInput(key, event("p" + i, EventType.LEAD_UPSERTED, lead, at, LeadUpserted.newBuilder()
                        .setPhone(String.format(Locale.ROOT, "+1212555%04d", i % 10_000)).setTimeZone("America/New_York").setState("NY").build()));
                events.pipeInput(key, event("c" + i, EventType.CONSENT_RECORDED, lead, at, new ConsentRecorded(ConsentKind.OUTREACH_WRITTEN, true, at, null)));
                events.pipeInput(key, event("e" + i, EventType.CADENCE_ENROLLED, lead, at, new CadenceEnrolled("new-lead-outbound", due)));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(59)); // all timers pending, none due yet
            List<KeyValue<String, CadenceTrigger>> fired = new ArrayList<>();
            long busy = 0;
            while (fired.size() < leads) {
                long start = System.nanoTime();
                driver.advanceWallClockTime(Duration.ofSeconds(1));
                busy += System.nanoTime() - start;
                fired.addAll(triggers.readKeyValuesToList());
                if (busy > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("only " + fired.size() + " of " + leads + " timers fired");
                }
            }
            return leads / (busy / 1e9);
        }
    }

    /** The least a timer punctuator can do: range-scan due keys of a time-ordered store, forward, delete. */
    private static double baselineDrainPerSecond(int timers) throws Exception {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "timers.in");
        topology.addProcessor("scan", () -> new Processor<String, String, String, String>() {
            private KeyValueStore<Bytes, String> store;
            private ProcessorContext<String, String> context;

            @Override
            public void init(ProcessorContext<String, String> context) {
                this.context = context;
                store = context.getStateStore("timers");
                context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {
                    List<Bytes> due = new ArrayList<>();
                    try (KeyValueIterator<Bytes, String> it = store.range(Bytes.wrap(key(0, "")), Bytes.wrap(key(now + 1, "")))) {
                        while (it.hasNext() && due.size() < 1000) {
                            KeyValue<Bytes, String> kv = it.next();
                            due.add(kv.key);
                            context.forward(new Record<>(kv.value, "due", now));
                        }
                    }
                    due.forEach(store::delete);
                });
            }

            @Override
            public void process(Record<String, String> record) {
                store.put(Bytes.wrap(key(Long.parseLong(record.value()), record.key())), record.key());
            }
        }, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("timers"), Serdes.Bytes(), Serdes.String())
                .withCachingEnabled(), "scan");
        topology.addSink("out", "timers.out", Serdes.String().serializer(), Serdes.String().serializer(), "scan");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props(new Properties()), TUESDAY_2PM)) {
            TestInputTopic<String, String> in = driver.createInputTopic("timers.in", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> outTopic = driver.createOutputTopic("timers.out", new StringDeserializer(), new StringDeserializer());
            long dueAt = TUESDAY_2PM.plusSeconds(60).toEpochMilli();
            for (int i = 0; i < timers; i++) {
                // The same lead keys as stream-app's timers carry, so both scan keys of the same length.
                in.pipeInput(LeadKey.of(VoiceEventLoad.WORKSPACE, "lead-" + i), Long.toString(dueAt + i % 1000));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(59));
            long drained = 0;
            long busy = 0;
            while (drained < timers) {
                if (busy > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("baseline drained only " + drained + " of " + timers);
                }
                long start = System.nanoTime();
                driver.advanceWallClockTime(Duration.ofSeconds(1));
                busy += System.nanoTime() - start;
                drained += outTopic.readValuesToList().size();
            }
            return timers / (busy / 1e9);
        }
    }

    /** Big-endian due time (sign bit flipped so byte order is time order), then the lead key: one timer per lead. */
    private static byte[] key(long dueMillis, String leadKey) {
        byte[] lead = leadKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + lead.length).putLong(dueMillis ^ Long.MIN_VALUE).put(lead).array();
    }

    private static VoiceEvent event(String id, EventType type, String lead, Instant at, Object payload) {
        return VoiceEvent.newBuilder().setEventId(id).setEventType(type).setLeadId(lead).setWorkspaceId(VoiceEventLoad.WORKSPACE)
                .setOccurredAt(at).setReceivedAt(at).setPayload(payload).build();
    }

    private static Properties props(Properties base) throws Exception {
        Properties props = new Properties();
        props.putAll(base);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cadence-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("cadence-bench").toString());
        return props;
    }
}
