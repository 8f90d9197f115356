package io.leadstream.stream.runtime;

import io.leadstream.stream.topology.InputWatermark;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The input watermark's arithmetic (SPEC §7 "Fail closed"): W = the latest snapshot instant the committed offsets reached. */
class OffsetWatermarkTest {

    private static OffsetWatermark.Snapshot at(long millis, long end0, long end1) {
        return new OffsetWatermark.Snapshot(millis, Map.of("p0", end0, "p1", end1), Map.of("p0", 0L, "p1", 0L));
    }

    @Test
    void unknownUntilTheCommittedOffsetsReachASnapshot() {
        OffsetWatermark w = new OffsetWatermark(16);
        w.snapshot(at(1_000, 10, 5));

        assertThat(w.advance(Map.of("p0", 10L, "p1", 4L))).isEqualTo(InputWatermark.UNKNOWN);
        assertThat(w.advance(Map.of("p0", 10L))).as("a partition never committed").isEqualTo(InputWatermark.UNKNOWN);
        assertThat(w.advance(Map.of("p0", 10L, "p1", 5L))).isEqualTo(1_000);
    }

    @Test
    void underSteadyLoadTheWatermarkTrailsByTheLagInsteadOfStandingStill() {
        OffsetWatermark w = new OffsetWatermark(16);
        w.snapshot(at(1_000, 10, 10));
        w.snapshot(at(2_000, 20, 20));
        w.snapshot(at(3_000, 30, 30));

        assertThat(w.advance(Map.of("p0", 25L, "p1", 22L))).isEqualTo(2_000);
        assertThat(w.pendingSnapshots()).isEqualTo(1);
    }

    @Test
    void anEmptyPartitionNeedsNoCommittedOffset() {
        OffsetWatermark w = new OffsetWatermark(16);
        w.snapshot(new OffsetWatermark.Snapshot(1_000, Map.of("p0", 10L, "p1", 7L), Map.of("p0", 0L, "p1", 7L)));

        assertThat(w.advance(Map.of("p0", 10L))).isEqualTo(1_000);
    }

    @Test
    void aFullQueueIsThinnedAndStillAdvances() {
        OffsetWatermark w = new OffsetWatermark(4);
        for (int i = 1; i <= 9; i++) {
            w.snapshot(at(i * 1_000L, i * 10L, i * 10L));
        }
        assertThat(w.pendingSnapshots()).isLessThanOrEqualTo(4);
        assertThat(w.advance(Map.of("p0", 90L, "p1", 90L))).isEqualTo(9_000);
    }

    /**
     * Whatever the appends and commits, the watermark never passes an instant before which a record was appended that
     * the committed offsets have not reached: no timer is released ahead of an unprocessed record.
     */
    @Property(tries = 300)
    void neverAheadOfAnUnprocessedRecord(@ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 3) Integer> appendsPerTick,
                                         @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 4) Integer> processedPerTick) {
        OffsetWatermark w = new OffsetWatermark(8);
        List<Long> appendedAt = new ArrayList<>(); // one partition: record i appended at appendedAt.get(i)
        long processed = 0;
        long watermark = InputWatermark.UNKNOWN;
        int ticks = Math.max(appendsPerTick.size(), processedPerTick.size());
        for (int t = 0; t < ticks; t++) {
            long now = (t + 1) * 1_000L;
            int appends = t < appendsPerTick.size() ? appendsPerTick.get(t) : 0;
            for (int i = 0; i < appends; i++) {
                appendedAt.add(now - 500 + i);
            }
            w.snapshot(new OffsetWatermark.Snapshot(now, Map.of("p0", (long) appendedAt.size()), Map.of("p0", 0L)));
            processed = Math.min(appendedAt.size(), processed + (t < processedPerTick.size() ? processedPerTick.get(t) : 0));
            Map<String, Long> committed = new HashMap<>();
            committed.put("p0", processed);
            long next = w.advance(committed);
            assertThat(next).as("monotonic").isGreaterThanOrEqualTo(watermark);
            watermark = next;
            if (watermark != InputWatermark.UNKNOWN && processed < appendedAt.size()) {
                assertThat(appendedAt.get((int) processed)).as("first unprocessed record appended before the watermark").isGreaterThanOrEqualTo(watermark);
            }
        }
    }
}
