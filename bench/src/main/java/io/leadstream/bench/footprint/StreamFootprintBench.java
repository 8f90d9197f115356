package io.leadstream.bench.footprint;

import io.leadstream.bench.Bench;
import io.leadstream.bench.report.KeyFigure;
import io.leadstream.bench.report.KeyFigures;
import io.leadstream.bench.stream.VoiceEventLoad;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.serde.AvroSerializer;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.testkit.kafka.EmbeddedKafkaBroker;
import io.leadstream.testkit.postgres.EmbeddedPostgresDatabase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * stream-app's memory with 100 k and 1 M leads in state, and its restart-to-processing time after
 * kill -9 (SPEC §13), each beside a baseline from the same run: the same child JVM idle with an
 * empty store (memory), a cold start of a brand-new application and a clean SIGTERM restart
 * (restart). Broker and registry run in this JVM; stream-app is a real child process from its
 * executable jar with an explicit heap limit, so heap, RSS and a real SIGKILL are its own.
 * <pre>java -Djava.io.tmpdir=/dev/shm/x -cp bench/target/benchmarks.jar io.leadstream.bench.footprint.StreamFootprintBench
 *     [--quick] [--out DIR] [--xmx 1g] [--leads 100000,1000000] [--events-per-lead 3] [--standby|--no-standby]</pre>
 */
public final class StreamFootprintBench {
    static final int PARTITIONS = 12;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    private StreamFootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = List.of(args);
        boolean quick = flags.contains("--quick");
        Path out = Path.of(Bench.option(args, "--out", "bench/results/" + LocalDate.now(ZoneOffset.UTC)));
        Path jar = Path.of(Bench.option(args, "--jar", "stream-app/target/stream-app-exec.jar")).toAbsolutePath();
        String xmx = Bench.option(args, "--xmx", "1g");
        int eventsPerLead = Integer.parseInt(Bench.option(args, "--events-per-lead", "3"));
        List<Integer> stages = Arrays.stream(Bench.option(args, "--leads", quick ? "100000" : "100000,1000000").split(","))
                .map(String::trim).map(Integer::parseInt).sorted().toList();
        boolean standby = flags.contains("--standby") || (!quick && !flags.contains("--no-standby"));
        // For looking into a failure: leave the children's logs and state dirs behind.
        boolean keepRunDir = flags.contains("--keep-run-dir");
        String command = "StreamFootprintBench " + String.join(" ", args);

        Files.createDirectories(out);
        Path runDir = Files.createTempDirectory("stream-footprint-");
        // The child's own temp files (RocksDB's native library, Tomcat's work dirs) go with the run dir.
        List<String> jvm = List.of("-Xmx" + xmx, "-XX:+UseG1GC", "-Djava.io.tmpdir=" + Files.createDirectories(runDir.resolve("tmp")));
        // Ctrl-C or a failure: no child may outlive the driver, no state dir may stay behind.
        Thread cleanup = new Thread(() -> {
            StreamAppChild.stopAllStarted();
            if (!keepRunDir) {
                deleteRecursively(runDir);
            }
        }, "footprint-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);

        List<String> shownJvm = jvm.stream().map(o -> o.replace(runDir.toString(), "<run dir>")).toList();
        FootprintReport report = new FootprintReport(command, quick, shownJvm, eventsPerLead);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
             EmbeddedPostgresDatabase postgres = new EmbeddedPostgresDatabase()) {
            broker.start();
            postgres.start();
            QueryAccess access = QueryAccess.on(postgres, VoiceEventLoad.WORKSPACE);
            String bootstrap = broker.bootstrapServers();
            try (SchemaRegistryServer registry = SchemaRegistryServer.startOnKafka(bootstrap, 0);
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                 KafkaProducer<String, VoiceEvent> producer = producer(bootstrap, SchemaRegistryClient.forUrls(registry.url()))) {
                // The driver creates the contract's topics so the probe can be produced before stream-app is up.
                new TopicCreator(admin, PARTITIONS, Duration.ofSeconds(60)).ensure(Topics.ALL);
                StreamAppChild.Settings settings = new StreamAppChild.Settings(jar, bootstrap, registry.url(), PARTITIONS, jvm, runDir, access);
                Scenarios scenarios = new Scenarios(settings, new ProbeClock(producer, bootstrap, PARTITIONS),
                        new LeadLoader(producer, admin, new VoiceEventLoad(11, Math.max(1, stages.get(0))), eventsPerLead), report);
                scenarios.run(stages, standby);
            }
        } finally {
            StreamAppChild.stopAllStarted();
            if (keepRunDir) {
                System.out.println("run dir kept: " + runDir);
            } else {
                deleteRecursively(runDir);
            }
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        Files.writeString(out.resolve("stream-footprint.md"), report.markdown());
        Files.writeString(out.resolve("stream-footprint.csv"), report.csv());
        KeyFigures.append(out, report.keyFigures().toArray(KeyFigure[]::new));
        System.out.println(report.markdown());
        System.out.println("wrote " + out.resolve("stream-footprint.md") + " and .csv");
        // The embedded broker and registry leave non-daemon threads behind.
        System.exit(0);
    }

    /** The measured sequence; each step prints what it is doing, the report collects the figures. */
    private record Scenarios(StreamAppChild.Settings settings, ProbeClock clock, LeadLoader loader, FootprintReport report) {
        /** A killed member is noticed sooner still with this than with stream-app's shipped 10 s. */
        private static final int SHORT_SESSION_TIMEOUT_MS = 6_000;

        void run(List<Integer> stages, boolean standby) throws Exception {
            String applicationId = "footprint-" + UUID.randomUUID().toString().substring(0, 8);
            StreamAppChild app = StreamAppChild.create(settings, "stream-app", applicationId, 0, Map.of());

            System.out.println("==> cold start: brand-new application id, empty state dir, empty input");
            ProbeClock.Timeline cold = clock.time(app::start, app, app, "probe-cold", START_TIMEOUT);
            report.restart(new FootprintReport.RestartRow("cold start (new application id, empty state dir)", 0, cold,
                    StartLog.read(app.logFile(), 0), 0, 0));
            print("cold start", cold);

            Footprint idle = Footprint.measure(app);
            report.memory(new FootprintReport.MemoryRow(0, 0, idle, -1));
            System.out.println("  idle: " + FootprintReport.describe(idle));

            int loaded = 0;
            long events = 0;
            for (int target : stages) {
                System.out.printf(Locale.ROOT, "==> loading leads %,d..%,d (%d events per lead)%n", loaded, target - 1, loader.eventsPerLead());
                events += loader.produce(loaded, target);
                double seconds = loader.awaitProcessed(applicationId, app, 3600);
                System.out.printf(Locale.ROOT, "  processed after %.1f s more%n", seconds);
                loaded = target;
                Footprint full = Footprint.measure(app);
                System.out.printf(Locale.ROOT, "  %,d leads: %s%n", loaded, FootprintReport.describe(full));
                StateSample sample = StateSample.take(app, loaded);

                // kill -9 first, while the latest writes still sit in RocksDB's memtables, not in files: the hard case.
                System.out.printf(Locale.ROOT, "==> kill -9 and restart with %,d leads%n", loaded);
                app.kill();
                restart(app, "kill -9, restart on the same state dir", loaded, "probe-kill-" + loaded, sample);

                System.out.printf(Locale.ROOT, "==> clean restart (SIGTERM) with %,d leads%n", loaded);
                StateSample beforeClean = StateSample.take(app, loaded);
                app.stop();
                // Closing flushed the memtables: now the state dir holds the whole store.
                long flushed = Footprint.directoryBytes(app.stateDir());
                report.memory(new FootprintReport.MemoryRow(loaded, events, full, flushed));
                restart(app, "clean restart (SIGTERM)", loaded, "probe-clean-" + loaded, beforeClean);
            }
            app.stop();

            if (standby) {
                StandbyFailover failover = new StandbyFailover(settings, clock);
                for (int sessionTimeoutMs : new int[] {0, SHORT_SESSION_TIMEOUT_MS}) {
                    String session = sessionTimeoutMs == 0 ? "shipped session.timeout.ms (10 s)"
                            : "session.timeout.ms=" + sessionTimeoutMs / 1000 + " s";
                    System.out.printf(Locale.ROOT, "==> standby pair (num.standby.replicas=1, %s) with %,d leads: kill -9 the active%n", session, loaded);
                    StandbyFailover.Outcome outcome;
                    try {
                        outcome = failover.run(applicationId, app.name(), loaded, sessionTimeoutMs);
                    } catch (IllegalStateException e) {
                        // Keep what was measured so far; the report says which scenario failed and why.
                        report.note("Standby pair, " + session + ": not measured — " + e.getMessage());
                        System.out.println("  FAILED: " + e.getMessage());
                        continue;
                    }
                    String scenario = "kill -9 the active of two instances (standby replicas 1, " + session + "); survivor takes over";
                    report.restart(new FootprintReport.RestartRow(scenario, loaded, outcome.timeline(), outcome.survivorLog(),
                            outcome.intact(), outcome.sampled()));
                    report.note(String.format(Locale.ROOT, "Standby pair, %s: the survivor's standby tasks caught up %.1f s after both instances "
                            + "were ready (its restore consumer quiet for 5 s); the clock starts at the kill, and the survivor asked to rejoin "
                            + "the group %s after it.", session, outcome.standbyCatchUpSeconds(), outcome.noticedAfter()));
                    print(scenario, outcome.timeline());
                }
            }
        }

        /** Call with the instance stopped or killed; {@code before} was sampled while it ran. */
        private void restart(StreamAppChild app, String scenario, int leads, String probe, StateSample before) throws Exception {
            long logOffset = app.logSize();
            ProbeClock.Timeline t = clock.time(app::start, app, app, probe, START_TIMEOUT);
            StartLog restore = StartLog.read(app.logFile(), logOffset);
            StateSample after = StateSample.take(app, leads);
            report.restart(new FootprintReport.RestartRow(scenario, leads, t, restore, before.sameIn(after), before.known()));
            print(scenario, t);
            System.out.printf(Locale.ROOT, "  state intact: %d of %d sampled leads at their version before%n", before.sameIn(after), before.known());
            System.out.printf(Locale.ROOT, "  restored %,d records in %.1f s (log), %d tasks wiped: %s%n", restore.totalRecords(),
                    restore.restoreSeconds(), restore.wipedTasks(), restore.recordsByStore());
        }
    }

    private static void print(String what, ProbeClock.Timeline t) {
        System.out.printf(Locale.ROOT, "  %s: ready after %.1f s, probe processed after %.1f s%n", what, t.readySeconds(), t.probeSeconds());
    }

    private static KafkaProducer<String, VoiceEvent> producer(String bootstrap, SchemaRegistryClient registry) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 131072, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<>(registry, true));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
