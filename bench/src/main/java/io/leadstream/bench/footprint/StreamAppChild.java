package io.leadstream.bench.footprint;

import io.leadstream.devstack.services.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream-app instance as a real child JVM ({@code java <jvm options> -jar stream-app-exec.jar}),
 * started through devstack's {@link ServiceProcess} and configured through the environment its
 * application.properties reads (as devstack's Services does). The state dir and the ports stay the
 * same across restarts, so a restart finds the store the previous process left behind; health and
 * metrics are on a management port of their own, on loopback.
 */
final class StreamAppChild implements AutoCloseable {
    /** A clean shutdown commits and writes every store's checkpoint; with 1 M leads that can take a while. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final ServiceProcess process;
    private final Path stateDir;
    private final String applicationId;
    private final String token;

    private StreamAppChild(ServiceProcess process, Path stateDir, String applicationId, String token) {
        this.process = process;
        this.stateDir = stateDir;
        this.applicationId = applicationId;
        this.token = token;
    }

    /** The settings every instance of one run shares. */
    record Settings(Path jar, String bootstrapServers, String registryUrl, int partitions, List<String> jvmOptions, Path runDir,
                    QueryAccess access) {
    }

    /**
     * @param name            also names the state dir and the log: an instance created with the name of an earlier one finds its store
     * @param extraEnv        more environment, e.g. {@code SPRING_APPLICATION_JSON} with Kafka client overrides
     */
    static StreamAppChild create(Settings settings, String name, String applicationId, int standbyReplicas, Map<String, String> extraEnv) {
        if (!Files.isRegularFile(settings.jar())) {
            throw new IllegalStateException(settings.jar() + " is missing; build it with `mvn -q -B -pl bench,stream-app -am package -DskipTests`");
        }
        Path stateDir = settings.runDir().resolve(name + "-state");
        int port = freePort();
        int managementPort = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", settings.registryUrl());
        env.put("TOPIC_PARTITIONS", Integer.toString(settings.partitions()));
        env.put("PORT", Integer.toString(port));
        env.put("MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("MANAGEMENT_ADDRESS", "127.0.0.1");
        env.put("STREAMS_STATE_DIR", stateDir.toString());
        env.put("STREAMS_APPLICATION_ID", applicationId);
        env.put("STREAMS_STANDBY_REPLICAS", Integer.toString(standbyReplicas));
        env.put("ADVERTISED_HOST", "localhost");
        env.put("OUTREACH_CONSENT_REQUIRED", "true");
        env.put("DATABASE_URL", settings.access().jdbcUrl());
        env.put("DATABASE_USER", settings.access().user());
        env.put("DATABASE_PASSWORD", settings.access().password());
        // Plain text, so the driver can read Kafka Streams' restore lines from the log.
        env.put("LOG_FORMAT", "");
        env.putAll(extraEnv);
        ServiceProcess process = new ServiceProcess(name, settings.jar(), settings.jvmOptions(), env, port, managementPort,
                settings.runDir().resolve("logs").resolve(name + ".log"));
        return new StreamAppChild(process, stateDir, applicationId, settings.access().token());
    }

    String name() {
        return process.name();
    }

    String applicationId() {
        return applicationId;
    }

    Path stateDir() {
        return stateDir;
    }

    Path logFile() {
        return process.logFile();
    }

    /** Bytes written to the log so far: where a restart's own lines begin. */
    long logSize() {
        try {
            return Files.isRegularFile(logFile()) ? Files.size(logFile()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM and returns at once; see {@link #isReady()}. */
    void start() {
        if (process.isAlive()) {
            throw new IllegalStateException(name() + " is already running");
        }
        process.start();
    }

    /** {@code /health/readiness} (management port) answers 200: Kafka Streams is RUNNING (not rebalancing, not restoring). */
    boolean isReady() {
        return process.isReady();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        long pid = process.pid();
        if (pid < 0) {
            throw new IllegalStateException(name() + " is not running");
        }
        return pid;
    }

    /** The body of {@code GET path} on the application port with the bench's token, or null when it does not answer 200. */
    String get(String path) {
        return process.get(path, token);
    }

    /** Its Prometheus text ({@code /metrics} on the management port), or null when it does not answer 200. */
    String metrics() {
        return process.metrics();
    }

    /** SIGKILL: no shutdown hook, no final commit, no checkpoint file, no leaving the group. */
    void kill() {
        process.kill();
    }

    /** SIGTERM: Boot's graceful shutdown closes Kafka Streams, which commits and writes its checkpoints; SIGKILL after 60 s. */
    void stop() {
        process.stop(STOP_GRACE);
    }

    @Override
    public void close() {
        stop();
    }

    /** Every child this JVM started and has not stopped yet: for failures and Ctrl-C. */
    static void stopAllStarted() {
        ServiceProcess.stopAllStarted();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
