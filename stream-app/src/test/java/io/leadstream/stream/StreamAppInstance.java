package io.leadstream.stream;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
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

/**
 * stream-app in a JVM of its own, started from the test classpath, so a test can kill it with
 * SIGKILL (no shutdown hooks, no final commit) as an operator's kill -9 or a crashed host would.
 * Its queries are authenticated with real API tokens of the test's lead database ({@link QueryTokens}).
 */
final class StreamAppInstance implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final int managementPort;
    private final Process process;
    final Path log;

    private StreamAppInstance(String name, int port, int managementPort, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    static StreamAppInstance start(String name, Map<String, String> properties) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        Path stateDir = Files.createTempDirectory("stream-app-" + name);
        Path log = Path.of("target", "stream-app-" + name + "-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", testClasspath(), StreamApplication.class.getName(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--leadstream.streams.state-dir=" + stateDir,
                "--logging.structured.format.console="));
        QueryTokens.datasourceProperties().forEach((k, v) -> command.add("--" + k + "=" + v));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new StreamAppInstance(name, port, managementPort, process, log);
    }

    /** Surefire runs tests from a manifest-only jar; the real classpath is in this property. */
    private static String testClasspath() {
        String classpath = System.getProperty("surefire.test.class.path");
        if (classpath == null || classpath.isBlank()) {
            classpath = System.getProperty("java.class.path");
        }
        return String.join(File.pathSeparator, classpath.split(File.pathSeparator));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET path} with a {@code leads:read} token of {@code workspaceId}. */
    HttpResponse<String> get(String path, String workspaceId) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + QueryTokens.reader(workspaceId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    boolean ready() {
        try {
            return process.isAlive() && HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/health/readiness")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: the JVM gets no chance to commit, flush or leave the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "<no log: " + e + ">";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
