package io.leadstream.bench.e2e;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Every 5 s while a load runs: events sent, accepted and acknowledged so far, and the p99 of the last 5 s. */
public final class ProgressLine implements AutoCloseable {

    private static final long PERIOD_SECONDS = 5;

    private final PrintStream out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "e2e-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile String label;
    private volatile EventTimeline timeline;
    private volatile long start;

    public ProgressLine(PrintStream out) {
        this.out = out;
        timer.scheduleAtFixedRate(this::print, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    public void watch(String label, EventTimeline timeline, long startNanos) {
        this.start = startNanos;
        this.label = label;
        this.timeline = timeline;
    }

    public void stop() {
        timeline = null;
    }

    private void print() {
        EventTimeline t = timeline;
        if (t == null) {
            return;
        }
        long now = System.nanoTime();
        long since = now - PERIOD_SECONDS * 1_000_000_000L;
        int n = t.size();
        long[] recent = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            long ack = t.ackedAt(i);
            long acc = t.acceptedAt(i);
            if (ack > since && acc != 0) {
                recent[k++] = ack - acc;
            }
        }
        long[] sorted = Arrays.copyOf(recent, k);
        Arrays.sort(sorted);
        out.printf(Locale.ROOT, "[%s] %3d s: sent %,d, accepted %,d, acknowledged %,d, p99 of the last %d s %s%n",
                label, (now - start) / 1_000_000_000L, n, t.acceptedCount(), t.ackedCount(), PERIOD_SECONDS,
                k == 0 ? "-" : String.format(Locale.ROOT, "%.0f ms (%,d Tasks)",
                        io.leadstream.bench.Latencies.percentileMs(sorted, 0.99), k));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
