package io.leadstream.bench.footprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One stream-app instance as a real child JVM ({@code java <jvm options> -jar stream-app-exec.jar}),
 * configured through the environment its application.properties reads (as devstack's Services
 * does), its console appended to a log file. The state dir and the port stay the same across
 * restarts, so a restart finds the store the previous process left behind.
 * <p>
 * devstack's ServiceProcess does the same, but devstack's artifact is a Spring Boot executable jar
 * (classes under BOOT-INF/), which other modules cannot compile against.
 */
final class StreamAppChild implements AutoCloseable {
    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Settings settings;
    private final Map<String, String> env;
    private final int port;
    private final Path stateDir;
    private final Path logFile;
    private final String applicationId;
    private Process process;

    private StreamAppChild(String name, Settings settings, Map<String, String> env, int port, Path stateDir, String applicationId) {
        this.name = name;
        this.settings = settings;
        this.env = env;
        this.port = port;
        this.stateDir = stateDir;
        this.logFile = settings.runDir().resolve("logs").resolve(name + ".log");
        this.applicationId = applicationId;
    }

    /** The settings every instance of one run shares. */
    record Settings(Path jar, String bootstrapServers, String registryUrl, int partitions, List<String> jvmOptions, Path runDir) {
    }

    /**
     * @param name            also names the state dir and the log: an instance created with the name of an earlier one finds its store
     * @param extraEnv        more environment, e.g. {@code SPRING_APPLICATION_JSON} with Kafka client overrides
     */
    static StreamAppChild create(Settings settings, String name, String applicationId, int standbyReplicas, Map<String, String> extraEnv) {
        Path stateDir = settings.runDir().resolve(name + "-state");
        int port = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", settings.registryUrl());
        env.put("TOPIC_PARTITIONS", Integer.toString(settings.partitions()));
        env.put("PORT", Integer.toString(port));
        env.put("STREAMS_STATE_DIR", stateDir.toString());
        env.put("STREAMS_APPLICATION_ID", applicationId);
        env.put("STREAMS_STANDBY_REPLICAS", Integer.toString(standbyReplicas));
        env.put("ADVERTISED_HOST", "localhost");
        env.put("OUTREACH_CONSENT_REQUIRED", "true");
        // Plain text, so the driver can read Kafka Streams' restore lines from the log.
        env.put("LOG_FORMAT", "");
        env.putAll(extraEnv);
        return new StreamAppChild(name, settings, env, port, stateDir, applicationId);
    }

    String name() {
        return name;
    }

    String applicationId() {
        return applicationId;
    }

    Path stateDir() {
        return stateDir;
    }

    Path logFile() {
        return logFile;
    }

    /** Bytes written to the log so far: where a restart's own lines begin. */
    long logSize() {
        try {
            return Files.isRegularFile(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM and returns at once; see {@link #isReady()}. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        if (!Files.isRegularFile(settings.jar())) {
            throw new IllegalStateException(settings.jar() + " is missing; build it with `mvn -q -B -pl bench,stream-app -am package -DskipTests`");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.jvmOptions());
        command.add("-jar");
        command.add(settings.jar().toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(env);
        try {
            Files.createDirectories(logFile.getParent());
            process = pb.start();
            STARTED.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** {@code /health/readiness} answers 200: Kafka Streams is RUNNING (not rebalancing, not restoring). */
    boolean isReady() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /** The body of {@code GET path}, or null when the instance does not answer 200. */
    String get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** SIGKILL: no shutdown hook, no final commit, no checkpoint file, no leaving the group. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, 30);
            STARTED.remove(process);
            process = null;
        }
    }

    /** SIGTERM: Boot's graceful shutdown closes Kafka Streams, which commits and writes its checkpoints; SIGKILL after 60 s. */
    synchronized void stop() {
        if (process != null) {
            process.destroy();
            if (!waitFor(process, 60)) {
                process.destroyForcibly();
                waitFor(process, 10);
            }
            STARTED.remove(process);
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Every child this JVM started and has not stopped yet, killed: for failures and Ctrl-C. */
    static void killAllStarted() {
        for (Process p : STARTED) {
            p.destroyForcibly();
            waitFor(p, 10);
        }
        STARTED.clear();
    }

    private String url() {
        return "http://localhost:" + port;
    }

    private static boolean waitFor(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
