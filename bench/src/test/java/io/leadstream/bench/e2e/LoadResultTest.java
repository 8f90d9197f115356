package io.leadstream.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadstream.bench.Latencies;
import org.junit.jupiter.api.Test;

class LoadResultTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    /** 100 events/s for 30 s from t = 1 s; accepted 5 ms after sending; acknowledged after latencyMs(i). */
    private static EventTimeline timeline(java.util.function.IntToLongFunction latencyMs, int unacked) {
        EventTimeline t = new EventTimeline("m-test-", 3_000);
        for (int i = 0; i < 3_000; i++) {
            int seq = t.next();
            long scheduled = S + i * 10 * MS;
            t.sent(seq, scheduled, scheduled);
            t.accepted(seq, scheduled + 5 * MS);
            if (i < 3_000 - unacked) {
                t.acked(seq, scheduled + 5 * MS + latencyMs.applyAsLong(i) * MS);
            }
        }
        return t;
    }

    /** 100 events/s for 90 s, every event acknowledged after latencyMs(i): long enough to have a ramp window. */
    private static LoadResult ninetySeconds(java.util.function.IntToLongFunction latencyMs) {
        EventTimeline t = new EventTimeline("m-long-", 9_000);
        for (int i = 0; i < 9_000; i++) {
            int seq = t.next();
            long scheduled = S + i * 10 * MS;
            t.sent(seq, scheduled, scheduled);
            t.accepted(seq, scheduled + 5 * MS);
            t.acked(seq, scheduled + 5 * MS + latencyMs.applyAsLong(i) * MS);
        }
        return LoadResult.of(t, 100, 1, S, 91 * S, 0, t.duplicateAcks());
    }

    private static LoadResult of(EventTimeline t) {
        return LoadResult.of(t, 100, 1, S, 31 * S, 0, t.duplicateAcks());
    }

    @Test
    void aSteadyCompleteLoadIsSustained() {
        LoadResult r = of(timeline(i -> 200 + i % 100, 0));
        assertThat(r.sustained()).as(r.verdictReasons()).isTrue();
        assertThat(r.acked()).isEqualTo(3_000);
        assertThat(r.missing()).isZero();
        assertThat(r.acceptToAck().p50()).isCloseTo(249, within(1.0));
        assertThat(r.acceptToAck().max()).isEqualTo(299);
        assertThat(r.scheduleToAck().max()).isEqualTo(304);
        assertThat(r.achievedPerSecond()).isCloseTo(100, within(0.5));
        assertThat(r.windows()).hasSize(3).allSatisfy(w -> assertThat(w.events()).isEqualTo(1_000));
        assertThat(r.drainSeconds()).isLessThan(1);
    }

    @Test
    void latencyThatKeepsGrowingIsNotSustained() {
        LoadResult r = of(timeline(i -> 100 + i, 0));
        assertThat(r.driftOk()).isFalse();
        assertThat(r.sustained()).isFalse();
        assertThat(r.verdictReasons()).contains("p99 per third of the run");
        assertThat(r.windows().get(2).p99()).isGreaterThan(r.windows().get(0).p99());
    }

    @Test
    void aBacklogInTheMiddleThatDrainedByTheEndIsNotSustained() {
        LoadResult r = of(timeline(i -> i >= 1_000 && i < 2_000 ? 20_000 - (i - 1_000) * 10 : 200, 0));
        assertThat(r.thirdsP99()[0]).isLessThan(300);
        assertThat(r.thirdsP99()[2]).isLessThan(300);
        assertThat(r.sustained()).isFalse();
        assertThat(r.verdictReasons()).contains("p99 per third of the run");
    }

    @Test
    void aLongRunsFirstTenSecondsAreItsRampNotDrift() {
        // 100 events/s for 90 s: 800 ms while the load ramps up, then a steady 120-130 ms.
        LoadResult r = ninetySeconds(i -> i < 1_000 ? 800 : 120 + i % 10);

        assertThat(r.windows()).hasSize(9);
        assertThat(r.windows().get(0).p99()).isEqualTo(800);
        assertThat(java.util.Arrays.stream(r.thirdsP99()).max().orElseThrow()).isLessThan(130);
        assertThat(r.sustained()).as(r.verdictReasons()).isTrue();
        assertThat(r.acceptToAck().max()).as("the ramp still counts in the percentiles").isEqualTo(800);
    }

    @Test
    void aBacklogAfterTheRampInALongRunIsStillDrift() {
        LoadResult r = ninetySeconds(i -> i >= 4_000 && i < 5_000 ? 5_000 : 120);

        assertThat(r.driftOk()).isFalse();
        assertThat(r.sustained()).isFalse();
    }

    @Test
    void acceptedEventsWithoutATaskAreMissing() {
        LoadResult r = of(timeline(i -> 200, 7));
        assertThat(r.missing()).isEqualTo(7);
        assertThat(r.sustained()).isFalse();
        assertThat(r.verdictReasons()).startsWith("7 accepted events without a Task");
    }

    @Test
    void aSecondTaskForTheSameCallIsADuplicate() {
        EventTimeline t = timeline(i -> 200, 0);
        t.acked(0, 99 * S);
        assertThat(of(t).duplicates()).isEqualTo(1);
        assertThat(t.ackedAt(0)).isEqualTo(S + 205 * MS);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1 * MS, 2 * MS, 3 * MS, 4 * MS};
        assertThat(Latencies.percentileMs(sorted, 0.50)).isEqualTo(2.0);
        assertThat(Latencies.percentileMs(sorted, 0.99)).isEqualTo(4.0);
        assertThat(Latencies.percentileMs(new long[0], 0.5)).isNaN();
    }
}
