package io.leadstream.stream.runtime;

import io.leadstream.stream.topology.InputWatermark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of the input watermark, without Kafka: snapshots of the input's end offsets taken at wall-clock
 * instants, checked against the application's committed offsets read later. When every partition's committed offset
 * has reached the end offset of a snapshot taken at F, every record appended before F has been processed: the
 * watermark is F. A partition with nothing to read (its log start equals its end) needs no committed offset.
 * <p>
 * Snapshots are pipelined: under steady load the committed offsets never reach the newest end offsets, but they
 * pass older ones, so the watermark trails the wall clock by the processing lag instead of standing still. Not
 * thread-safe: one poller owns it.
 */
final class OffsetWatermark {
    /** End and start offsets of every input partition (keyed by any stable partition name) at {@code atMillis}. */
    record Snapshot(long atMillis, Map<String, Long> ends, Map<String, Long> starts) {
    }

    private final int maxSnapshots;
    private final Deque<Snapshot> pending = new ArrayDeque<>();
    private long watermark = InputWatermark.UNKNOWN;

    OffsetWatermark(int maxSnapshots) {
        if (maxSnapshots < 2) {
            throw new IllegalArgumentException("need room for at least two snapshots");
        }
        this.maxSnapshots = maxSnapshots;
    }

    void snapshot(Snapshot snapshot) {
        if (pending.size() == maxSnapshots) {
            thin();
        }
        pending.addLast(snapshot);
    }

    /**
     * Advances to the newest snapshot {@code committed} has caught up with, forgetting it and every older one.
     *
     * @param committed committed offset per partition; a partition the group never committed is absent
     * @return the watermark, {@link InputWatermark#UNKNOWN} while no snapshot was ever caught up with
     */
    long advance(Map<String, Long> committed) {
        Snapshot newest = null;
        for (Snapshot s : pending) {
            if (caughtUp(s, committed)) {
                newest = s;
            }
        }
        if (newest != null) {
            while (pending.peekFirst() != newest) {
                pending.removeFirst();
            }
            pending.removeFirst();
            watermark = Math.max(watermark, newest.atMillis());
        }
        return watermark;
    }

    long watermark() {
        return watermark;
    }

    int pendingSnapshots() {
        return pending.size();
    }

    static boolean caughtUp(Snapshot s, Map<String, Long> committed) {
        for (Map.Entry<String, Long> end : s.ends().entrySet()) {
            long start = s.starts().getOrDefault(end.getKey(), 0L);
            if (end.getValue() <= start) {
                continue; // nothing to read there
            }
            Long offset = committed.get(end.getKey());
            if (offset == null || offset < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Full: keeps every other snapshot, the oldest included, so a long lag still advances in coarser steps. */
    private void thin() {
        List<Snapshot> kept = new ArrayList<>(pending.size() / 2 + 1);
        int i = 0;
        for (Iterator<Snapshot> it = pending.iterator(); it.hasNext(); i++) {
            Snapshot s = it.next();
            if (i % 2 == 0) {
                kept.add(s);
            }
        }
        pending.clear();
        pending.addAll(kept);
    }
}
