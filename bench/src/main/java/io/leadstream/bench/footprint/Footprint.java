package io.leadstream.bench.footprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a running stream-app process costs: heap in use right after a full GC (what the live data
 * holds, not what the collector has not reclaimed yet), committed heap, resident set size (heap +
 * RocksDB's off-heap memory + metaspace + threads) and the bytes of its state directory on disk.
 */
record Footprint(long heapUsedBytes, long heapCommittedBytes, long rssBytes, long stateDirBytes) {

    /** Forces full GCs in the child with {@code jcmd <pid> GC.run}, then reads heap from its Prometheus endpoint. */
    static Footprint measure(StreamAppChild child) {
        long pid = child.pid();
        for (int i = 0; i < 2; i++) {
            jcmd(pid, "GC.run");
        }
        String metrics = child.metrics();
        if (metrics == null) {
            throw new IllegalStateException(child.name() + " did not answer /metrics; see " + child.logFile());
        }
        return new Footprint(heap(metrics, "jvm_memory_used_bytes"), heap(metrics, "jvm_memory_committed_bytes"), rss(pid),
                directoryBytes(child.stateDir()));
    }

    /** Sum of a Micrometer JVM memory gauge over the heap pools, e.g. {@code jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 1.2E8}. */
    static long heap(String prometheus, String metric) {
        double sum = 0;
        boolean found = false;
        for (String line : prometheus.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no " + metric + "{area=\"heap\"} in /metrics");
        }
        return (long) sum;
    }

    /** VmRSS of {@code /proc/<pid>/status}, in bytes (Linux). */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read RSS of " + pid, e);
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    static long directoryBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(Footprint::sizeOrZero).sum();
        } catch (IOException | UncheckedIOException e) {
            // RocksDB compacts while we walk: a file listed a moment ago may be gone. Try once more.
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(Footprint::sizeOrZero).sum();
            } catch (IOException again) {
                throw new UncheckedIOException(again);
            }
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException(jcmd + " is missing: run the bench on a JDK, not a JRE");
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
