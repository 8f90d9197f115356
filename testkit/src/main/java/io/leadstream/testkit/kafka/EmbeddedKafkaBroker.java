package io.leadstream.testkit.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) running in this JVM, built
 * from Kafka's own public server entry points ({@link Formatter} then {@link KafkaRaftServer}) rather
 * than Kafka's internal test kit, whose API changes between minor versions.
 *
 * <p>Storage lives in a temp directory; listener ports are chosen once and kept, so {@link #restart()}
 * brings back the same cluster at the same {@link #bootstrapServers()} with its data.
 */
public final class EmbeddedKafkaBroker implements KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String HOST = "localhost";
    private static final int PORT_ATTEMPTS = 5;

    private final Map<String, String> overrides;
    private Path logDir;
    private int brokerPort;
    private int controllerPort;
    private KafkaRaftServer server;
    private boolean shutdownHookRegistered;

    private EmbeddedKafkaBroker(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long began = System.nanoTime();
        registerShutdownHookOnce();
        if (logDir == null) {
            startFresh();
        } else {
            // Same dir and ports as before: the quorum's voter endpoint was written at format time.
            server = launch(config());
        }
        LOG.info("Embedded Kafka broker {} started in {} ms (log dir {})",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), logDir);
    }

    // Free ports are probed then released before Kafka binds them, so another process can win the
    // race; on a bind failure format a fresh directory with new ports and try again.
    private void startFresh() {
        KafkaException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            try {
                logDir = Files.createTempDirectory("leadstream-kafka-");
                brokerPort = freePort();
                controllerPort = freePort();
                while (controllerPort == brokerPort) {
                    controllerPort = freePort();
                }
                KafkaConfig config = config();
                format(config);
                server = launch(config);
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (KafkaException e) {
                last = e;
                LOG.warn("Embedded Kafka broker failed to start on ports {}/{} (attempt {}): {}",
                        brokerPort, controllerPort, attempt, e.toString());
                deleteQuietly(logDir);
                logDir = null;
            }
        }
        throw new IllegalStateException("Embedded Kafka broker did not start after " + PORT_ATTEMPTS + " attempts", last);
    }

    // One hook per instance: a forgotten close() must not leave broker threads or temp dirs behind.
    private void registerShutdownHookOnce() {
        if (!shutdownHookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "leadstream-kafka-shutdown"));
            shutdownHookRegistered = true;
        }
    }

    private KafkaRaftServer launch(KafkaConfig config) {
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
            awaitReady();
            return candidate;
        } catch (RuntimeException e) {
            shutdown(candidate);
            throw e instanceof KafkaException ke ? ke : new KafkaException("broker startup failed", e);
        }
    }

    // startup() returns once the sockets are bound; wait until the broker has caught up with the
    // metadata log and is unfenced, i.e. until it can serve an admin request.
    private void awaitReady() {
        try (Admin admin = adminClient()) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("broker did not become ready", e);
        }
    }

    private void format(KafkaConfig config) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toString())
                    // Standalone dynamic quorum, as `kafka-storage format --standalone` does.
                    .setHasDynamicQuorum(true)
                    .setInitialControllers(DynamicVoters.parse(
                            NODE_ID + "@" + HOST + ":" + controllerPort + ":" + Uuid.randomUuid()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka storage in " + logDir, e);
        }
    }

    private KafkaConfig config() {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // One replica everywhere, so transactions (exactly_once_v2) and consumer groups work on one node.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // Small footprint and fast lifecycle: tests start, restart and stop this broker often.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("background.threads", "2");
        props.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        props.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        props.put("log.cleaner.threads", "1");
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "6000");
        props.put("controller.quorum.election.timeout.ms", "1000");
        props.put("controller.quorum.fetch.timeout.ms", "2000");
        props.put("controlled.shutdown.enable", "true");
        props.putAll(overrides);
        return new KafkaConfig(props, false);
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long began = System.nanoTime();
        shutdown(server);
        server = null;
        LOG.info("Embedded Kafka broker {} stopped in {} ms",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    private static void shutdown(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka broker did not shut down cleanly", e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public synchronized String bootstrapServers() {
        if (logDir == null) {
            throw new IllegalStateException("broker has not been started");
        }
        return HOST + ":" + brokerPort;
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.EMBEDDED;
    }

    /** Where the broker stores its logs; kept across {@link #restart()}, deleted by {@link #close()}. */
    public synchronized Path logDir() {
        return logDir;
    }

    @Override
    public synchronized void close() {
        stop();
        if (logDir != null) {
            deleteQuietly(logDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete {}", dir, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + (logDir == null ? "not started" : bootstrapServers()) + "]";
    }

    /** Options for an embedded broker; every broker setting can be overridden with {@link #config}. */
    public static final class Builder {
        private final Map<String, String> overrides = new HashMap<>();

        private Builder() {
        }

        /** Topics are created explicitly by default, as in production; tests may opt in to auto-creation. */
        public Builder autoCreateTopics(boolean enabled) {
            return config("auto.create.topics.enable", String.valueOf(enabled));
        }

        /** Any Kafka broker property, applied after the defaults. */
        public Builder config(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(overrides);
        }
    }
}
