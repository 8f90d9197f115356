package io.leadstream.testkit.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Node project under {@code interop/} of the repository, whose scripts independent clients
 * (kafkajs, jsforce) run against our servers. Its dependencies are installed by the build
 * ({@code npm ci}); a missing {@code node_modules} fails loudly rather than skipping the check.
 */
public final class NodeProject {
    private final Path dir;

    private NodeProject(Path dir) {
        this.dir = dir;
    }

    /** {@code interop/<name>} of the repository that contains the working directory. */
    public static NodeProject named(String name) {
        Path root = repositoryRoot();
        Path dir = root.resolve("interop").resolve(name);
        if (!Files.isRegularFile(dir.resolve("package.json"))) {
            throw new IllegalStateException("No Node project at " + dir);
        }
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException("Dependencies of " + dir + " are not installed: run `npm ci` there "
                    + "(the Maven build does it in generate-test-resources)");
        }
        return new NodeProject(dir);
    }

    public Path dir() {
        return dir;
    }

    /** What a script printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** Runs {@code node <script> <args>} with extra environment variables, killing it after {@code timeout}. */
    public Result run(String script, List<String> args, Map<String, String> env, Duration timeout) {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("node " + script + " " + args + " did not finish within " + timeout
                        + "\n--- stderr\n" + err.getNow(""));
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run node (is Node.js installed and on PATH?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running node " + script, e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    private static Path repositoryRoot() {
        String configured = System.getProperty("leadstream.root");
        if (configured != null && Files.isDirectory(Paths.get(configured, "interop"))) {
            return Paths.get(configured);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("interop")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find the repository root (a folder with pom.xml and interop/) above "
                + Paths.get("").toAbsolutePath());
    }
}
