package io.leadstream.bench.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadstream.bench.e2e.EventTimeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallLatenciesTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;

  /**
   * 10 calls/s for 10 s from t = 1 s, landing 100 ms after production, except the calls produced in
   * [4 s, 8 s) (a failure): held until recovery at 8.5 s, then landing one every 10 ms from 9 s.
   */
  private static EventTimeline failingWorkspace() {
    EventTimeline t = new EventTimeline("w-test-", 100);
    int held = 0;
    for (int i = 0; i < 100; i++) {
      int seq = t.next();
      long produced = S + i * 100 * MS;
      t.sent(seq, produced, produced);
      t.accepted(seq, produced + MS);
      boolean failing = produced >= 4 * S && produced < 8 * S;
      t.acked(seq, failing ? 9 * S + held++ * 10 * MS : produced + 100 * MS);
    }
    return t;
  }

  @Test
  void aSliceCountsTheCallsScheduledInItAndTheirLatencyFromProductionToTask() {
    CallLatencies before = CallLatencies.of(failingWorkspace(), S, 4 * S);

    assertThat(before.calls()).isEqualTo(30);
    assertThat(before.landed()).isEqualTo(30);
    assertThat(before.latency().p99()).isCloseTo(100, within(0.001));
  }

  @Test
  void theCallsHeldAtRecoveryAreThoseProducedBeforeItWithoutATaskAndTheLastOfThemSetsTheLandingTime() {
    long[] held = CallLatencies.heldAt(failingWorkspace(), 8_500 * MS);

    assertThat(held[0]).as("calls produced in [4 s, 8 s), plus the 8.4 s one whose Task comes at 8.5 s")
        .isEqualTo(40 + 1);
    // The 40 held ones land from 9.0 s to 9.39 s.
    assertThat(held[1]).isEqualTo(9_390 * MS - 8_500 * MS);
  }

  @Test
  void aHeldCallThatNeverLandedMakesTheLandingTimeUnknown() {
    EventTimeline t = new EventTimeline("w-lost-", 2);
    t.sent(t.next(), S, S);
    t.sent(t.next(), S, S);
    t.acked(0, 3 * S);

    assertThat(CallLatencies.heldAt(t, 2 * S)).containsExactly(2, -1);
  }

  @Test
  void theFirstLandingAfterAnInstantIsTheEarliestTaskAtOrAfterIt() {
    // During the failure nothing lands; the first Task after 5 s is the 8.0 s call's, 100 ms after it was produced.
    assertThat(CallLatencies.firstLandingAfter(failingWorkspace(), 5 * S)).isEqualTo(8_100 * MS - 5 * S);
    assertThat(CallLatencies.firstLandingAfter(failingWorkspace(), 20 * S)).isEqualTo(-1);
  }

  @Test
  void pooledRunsAreOneSample() {
    EventTimeline fast = new EventTimeline("w-fast-", 100);
    EventTimeline slow = new EventTimeline("w-slow-", 100);
    for (int i = 0; i < 100; i++) {
      fast.sent(fast.next(), S, S);
      fast.acked(i, S + 10 * MS);
      slow.sent(slow.next(), S, S);
      slow.acked(i, S + 1_000 * MS);
    }

    CallLatencies pooled = CallLatencies.pooled(List.of(fast, slow));

    assertThat(pooled.calls()).isEqualTo(200);
    assertThat(pooled.latency().p50()).isCloseTo(10, within(0.001));
    assertThat(pooled.latency().p99()).isCloseTo(1_000, within(0.001));
  }
}
