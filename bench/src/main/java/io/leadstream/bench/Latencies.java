package io.leadstream.bench;

import java.util.Arrays;

/** Percentiles of latency samples (nanoseconds), nearest-rank, as the load drivers report them. */
public final class Latencies {

    private Latencies() {
    }

    /** p50/p90/p99/p99.9/max in milliseconds of some samples; every figure NaN when there are none. */
    public record Summary(int count, double p50, double p90, double p99, double p999, double max) {

        public static Summary of(long[] nanos) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return ofSorted(s);
        }

        public static Summary ofSorted(long[] sortedNanos) {
            return new Summary(sortedNanos.length, percentileMs(sortedNanos, 0.50), percentileMs(sortedNanos, 0.90),
                    percentileMs(sortedNanos, 0.99), percentileMs(sortedNanos, 0.999),
                    sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6);
        }
    }

    /**
     * The nearest-rank {@code p} quantile (0 &lt; p ≤ 1) of ascending samples in nanoseconds, in
     * milliseconds: the smallest sample at least {@code p} of all samples are not above. NaN when empty.
     */
    public static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, i)] / 1e6;
    }
}
