package io.leadstream.devstack.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service as a child JVM ({@code java -jar <jar>}) with its environment, its console appended
 * to a log file, health-checked on {@code /health/readiness} of its management port (actuator is not
 * on the application port; the caller's environment sets both ports, {@code PORT} and
 * {@code MANAGEMENT_PORT}, and keeps the management address on loopback). Restartable, so fault
 * tests can kill -9 it and start it again with the same settings.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final List<String> jvmOptions;
    private final Map<String, String> env;
    private final int port;
    private final int managementPort;
    private final Path logFile;
    private Process process;

    public ServiceProcess(String name, Path jar, List<String> jvmOptions, Map<String, String> env, int port,
                          int managementPort, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.env = Map.copyOf(env);
        this.port = port;
        this.managementPort = managementPort;
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Where actuator answers ({@code /health}, {@code /health/readiness}, {@code /metrics}): loopback only. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    public Map<String, String> env() {
        return env;
    }

    /** Starts the process (appending to its log); returns at once, see {@link #awaitReady}. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar + " is missing; build it first with `mvn -q -B install -DskipTests`");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
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
        return this;
    }

    /** Waits until {@code /health/readiness} answers 200 on the management port; fails early if the process dies. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(name + " exited (code " + (p == null ? "?" : p.exitValue())
                        + ") before it was ready; see " + logFile);
            }
            if (isReady()) {
                return;
            }
            sleep(300);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + logFile);
    }

    public boolean isReady() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** kill -9: no shutdown hook, no graceful close, no final commit. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, 30);
            process = null;
        }
    }

    /** SIGTERM and a graceful shutdown (Boot's graceful phase), then kill -9 after 30 s. */
    public void stop() {
        stop(Duration.ofSeconds(30));
    }

    /** SIGTERM and a graceful shutdown, then kill -9 after {@code grace}. */
    public synchronized void stop(Duration grace) {
        if (process != null) {
            process.destroy();
            if (!waitFor(process, Math.toIntExact(grace.toSeconds()))) {
                process.destroyForcibly();
                waitFor(process, 10);
            }
            process = null;
        }
    }

    /**
     * The body of {@code GET path} on this service's application port with an API token (every request
     * there needs one, SPEC §14), or null when it does not answer 200.
     */
    public String get(String path, String bearerToken) {
        return body(url() + path, bearerToken);
    }

    /** The Prometheus text of {@code /metrics} on the management port, or null when it does not answer. */
    public String metrics() {
        return body(managementUrl() + "/metrics", null);
    }

    private static String body(String url, String bearerToken) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
            if (bearerToken != null) {
                request.header("Authorization", "Bearer " + bearerToken);
            }
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Last resort at JVM exit: every child this JVM started and did not stop yet (Ctrl-C during start-up). */
    public static void stopAllStarted() {
        for (Process p : STARTED) {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : STARTED) {
            waitFor(p, 30);
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static boolean waitFor(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + url() + ", management " + managementUrl() + ")";
    }
}
