package io.leadstream.bench.e2e;

import io.leadstream.bench.Latencies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of one offered load, computed from its {@link EventTimeline} once the backlog has
 * drained (or the drain timed out). Latencies are per event; windows and thirds go by each event's
 * scheduled send time, so a pipeline falling behind shows as later windows getting slower.
 */
record LoadResult(double offeredPerSecond, int eventsPerRequest, double seconds, int events, long accepted,
                  long rejected, long acked, long missing, long duplicates, long behindSchedule,
                  double achievedPerSecond, Latencies.Summary acceptToAck, Latencies.Summary scheduleToAck,
                  Latencies.Summary sendToAccept, double[] thirdsP99, double drainSeconds, List<Window> windows) {

    /** Seconds per row of the latency-over-time table. */
    static final int WINDOW_SECONDS = 10;
    /**
     * No third of the schedule may have a p99 above this many times the best third's, plus {@link #DRIFT_SLACK_MS}:
     * catches latency that grows (a backlog building up) and a backlog in the middle that drained by the end.
     */
    static final double DRIFT_FACTOR = 2.0;
    static final double DRIFT_SLACK_MS = 100;
    /**
     * Runs of at least this many windows leave their first window out of the thirds: the load's own ramp (the
     * services' JIT meeting a new rate, the first batches and commits) is not drift. It still counts in every
     * percentile and in the windows' table; short runs (quick mode, tests) keep it in the thirds too.
     */
    static final int RAMP_EXCLUDED_FROM_WINDOWS = 6;
    /** Last event accepted (sending stopped) → last Task landed. */
    static final double DRAIN_LIMIT_SECONDS = 5;
    /** Accepted events/s must reach this share of the offered rate. */
    static final double ACHIEVED_SHARE = 0.95;

    /** One window of the latency-over-time table: events scheduled in [from, to) seconds after the start. */
    record Window(int fromSecond, int toSecond, int events, int acked, double p50, double p99, double max,
                  double scheduledP99) {
    }

    static LoadResult of(EventTimeline t, double rate, int batch, long startNanos, long endNanos,
                         long behindSchedule, long duplicates) {
        int n = t.size();
        double seconds = (endNanos - startNanos) / 1e9;
        long[] acceptToAck = new long[n];
        long[] scheduleToAck = new long[n];
        long[] sendToAccept = new long[n];
        int acked = 0;
        int accepted = 0;
        long lastAccept = startNanos;
        long lastAck = 0;
        List<List<long[]>> perWindow = new ArrayList<>();
        int windows = (int) Math.ceil(seconds / WINDOW_SECONDS);
        for (int w = 0; w < windows; w++) {
            perWindow.add(new ArrayList<>());
        }
        long[][] thirds = new long[3][n];
        int[] inThird = new int[3];
        long rampEnd = startNanos + (windows >= RAMP_EXCLUDED_FROM_WINDOWS ? WINDOW_SECONDS * 1_000_000_000L : 0);
        long third = Math.max(1, (endNanos - rampEnd) / 3);
        for (int i = 0; i < n; i++) {
            long acc = t.acceptedAt(i);
            if (acc == 0) {
                continue;
            }
            sendToAccept[accepted++] = acc - t.sentAt(i);
            lastAccept = Math.max(lastAccept, acc);
            long ack = t.ackedAt(i);
            long scheduled = t.scheduledAt(i);
            int w = (int) Math.min(windows - 1, (scheduled - startNanos) / (WINDOW_SECONDS * 1_000_000_000L));
            if (ack == 0) {
                perWindow.get(Math.max(0, w)).add(new long[] {-1, -1});
                continue;
            }
            lastAck = Math.max(lastAck, ack);
            long latency = ack - acc;
            acceptToAck[acked] = latency;
            scheduleToAck[acked++] = ack - scheduled;
            perWindow.get(Math.max(0, w)).add(new long[] {latency, ack - scheduled});
            if (scheduled >= rampEnd) {
                int k = (int) Math.max(0, Math.min(2, (scheduled - rampEnd) / third));
                thirds[k][inThird[k]++] = latency;
            }
        }
        List<Window> rows = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            List<long[]> in = perWindow.get(w);
            long[] lat = in.stream().filter(x -> x[0] >= 0).mapToLong(x -> x[0]).sorted().toArray();
            long[] sched = in.stream().filter(x -> x[0] >= 0).mapToLong(x -> x[1]).sorted().toArray();
            Latencies.Summary s = Latencies.Summary.ofSorted(lat);
            rows.add(new Window(w * WINDOW_SECONDS, (int) Math.min(Math.ceil(seconds), (w + 1) * WINDOW_SECONDS),
                    in.size(), lat.length, s.p50(), s.p99(), s.max(), Latencies.percentileMs(sched, 0.99)));
        }
        double achieved = accepted / Math.max(seconds, (lastAccept - startNanos) / 1e9);
        // From the last 202 (the sender may have finished after its schedule), not from the schedule's end.
        double drain = lastAck == 0 ? Double.NaN : Math.max(0, (lastAck - Math.max(endNanos, lastAccept)) / 1e9);
        return new LoadResult(rate, batch, seconds, n, accepted, t.rejectedCount(), acked, accepted - acked,
                duplicates, behindSchedule, achieved, Latencies.Summary.of(Arrays.copyOf(acceptToAck, acked)),
                Latencies.Summary.of(Arrays.copyOf(scheduleToAck, acked)),
                Latencies.Summary.of(Arrays.copyOf(sendToAccept, accepted)),
                new double[] {p99(thirds[0], inThird[0]), p99(thirds[1], inThird[1]), p99(thirds[2], inThird[2])},
                drain, rows);
    }

    private static double p99(long[] values, int count) {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return Latencies.percentileMs(sorted, 0.99);
    }

    double bestThirdP99() {
        return Arrays.stream(thirdsP99).min().orElse(Double.NaN);
    }

    double worstThirdP99() {
        return Arrays.stream(thirdsP99).max().orElse(Double.NaN);
    }

    boolean driftOk() {
        return worstThirdP99() <= DRIFT_FACTOR * bestThirdP99() + DRIFT_SLACK_MS;
    }

    boolean drainOk() {
        return drainSeconds <= DRAIN_LIMIT_SECONDS;
    }

    boolean rateOk() {
        return achievedPerSecond >= ACHIEVED_SHARE * offeredPerSecond;
    }

    boolean complete() {
        return missing == 0 && rejected == 0;
    }

    /** Whether the pipeline kept up with this load: no loss, the rate reached, no drift, backlog drained quickly. */
    boolean sustained() {
        return complete() && rateOk() && driftOk() && drainOk();
    }

    /** Why it was not sustained, or "" when it was. */
    String verdictReasons() {
        List<String> why = new ArrayList<>();
        if (missing > 0) {
            why.add(missing + " accepted events without a Task");
        }
        if (rejected > 0) {
            why.add(rejected + " events not accepted");
        }
        if (!rateOk()) {
            why.add(String.format(java.util.Locale.ROOT, "accepted %.0f/s < %.0f%% of offered", achievedPerSecond,
                    ACHIEVED_SHARE * 100));
        }
        if (!driftOk()) {
            why.add("p99 per third of the run " + Arrays.stream(thirdsP99)
                    .mapToObj(p -> Double.isNaN(p) ? "-" : String.format(java.util.Locale.ROOT, "%.0f", p))
                    .collect(java.util.stream.Collectors.joining(" / ")) + " ms");
        }
        if (!drainOk() && missing == 0) { // with events missing the backlog never drained; said above
            why.add(Double.isNaN(drainSeconds) ? "nothing landed"
                    : String.format(java.util.Locale.ROOT, "backlog took %.1f s to drain", drainSeconds));
        }
        return String.join("; ", why);
    }
}
