package io.leadstream.bench.isolation;

import io.leadstream.bench.Latencies;
import io.leadstream.bench.e2e.EventTimeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * End-to-end latency of the calls one workspace produced in a slice of a run's schedule: produced
 * (handed to the producer at its scheduled instant) → its Task created in the org. Calls without a
 * Task are counted as missing, not as latencies.
 *
 * @param calls   calls scheduled in the slice
 * @param landed  of those, calls whose Task was created
 * @param latency produced → Task, milliseconds
 */
record CallLatencies(int calls, int landed, Latencies.Summary latency) {

  int missing() {
    return calls - landed;
  }

  /** The calls scheduled in [{@code from}, {@code to}) ({@link System#nanoTime()} instants). */
  static CallLatencies of(EventTimeline t, long from, long to) {
    long[] nanos = new long[t.size()];
    int calls = 0;
    int landed = 0;
    for (int seq = 0; seq < t.size(); seq++) {
      long scheduled = t.scheduledAt(seq);
      if (scheduled < from || scheduled >= to) {
        continue;
      }
      calls++;
      long ack = t.ackedAt(seq);
      if (ack != 0) {
        nanos[landed++] = ack - t.sentAt(seq);
      }
    }
    return new CallLatencies(calls, landed, Latencies.Summary.of(Arrays.copyOf(nanos, landed)));
  }

  static CallLatencies all(EventTimeline t) {
    return of(t, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** Every call of several runs as one sample (a baseline measured before and after what it is compared with). */
  static CallLatencies pooled(List<EventTimeline> timelines) {
    long[] nanos = new long[timelines.stream().mapToInt(EventTimeline::size).sum()];
    int calls = 0;
    int landed = 0;
    for (EventTimeline t : timelines) {
      for (int seq = 0; seq < t.size(); seq++) {
        calls++;
        long ack = t.ackedAt(seq);
        if (ack != 0) {
          nanos[landed++] = ack - t.sentAt(seq);
        }
      }
    }
    return new CallLatencies(calls, landed, Latencies.Summary.of(Arrays.copyOf(nanos, landed)));
  }

  /** The run cut into {@code seconds}-long slices from {@code start}, up to {@code end}. */
  static List<CallLatencies> windows(EventTimeline t, long start, long end, int seconds) {
    List<CallLatencies> windows = new ArrayList<>();
    long step = seconds * 1_000_000_000L;
    for (long from = start; from < end; from += step) {
      windows.add(of(t, from, Math.min(end, from + step)));
    }
    return windows;
  }

  /** The first Task created at or after {@code instant}, as nanos after it; -1 when none was. */
  static long firstLandingAfter(EventTimeline t, long instant) {
    long first = Long.MAX_VALUE;
    for (int seq = 0; seq < t.size(); seq++) {
      long ack = t.ackedAt(seq);
      if (ack != 0 && ack >= instant) {
        first = Math.min(first, ack);
      }
    }
    return first == Long.MAX_VALUE ? -1 : first - instant;
  }

  /** Tasks created in [{@code from}, {@code to}). */
  static int landedBetween(EventTimeline t, long from, long to) {
    int n = 0;
    for (int seq = 0; seq < t.size(); seq++) {
      long ack = t.ackedAt(seq);
      if (ack != 0 && ack >= from && ack < to) {
        n++;
      }
    }
    return n;
  }

  /**
   * Of the calls produced before {@code instant} without a Task at that instant (the ones held), how
   * many there were and when the last of them landed, as nanos after {@code instant} (-1: some never did).
   */
  static long[] heldAt(EventTimeline t, long instant) {
    int held = 0;
    long last = 0;
    boolean allLanded = true;
    for (int seq = 0; seq < t.size(); seq++) {
      if (t.sentAt(seq) >= instant) {
        continue;
      }
      long ack = t.ackedAt(seq);
      if (ack == 0 || ack >= instant) {
        held++;
        if (ack == 0) {
          allLanded = false;
        } else {
          last = Math.max(last, ack - instant);
        }
      }
    }
    return new long[] {held, allLanded ? last : -1};
  }
}
