package io.leadstream.bench.isolation;

import io.leadstream.bench.e2e.EventTimeline;
import io.leadstream.bench.sink.SinkRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Produces crm-sink's input on a fixed schedule, whatever the sink does (open loop): tick k is due at
 * start + k / rate, and at each tick every active workspace gets one call on {@code crm.activities.v1}
 * and its lead's new state (one more call placed) on {@code lead.state.v1}, both keyed by the lead, so
 * the state precedes the call in the partition as stream-app emits them. A sink falling behind shows
 * as latency, never as a slower sender. Each workspace's calls go into an {@link EventTimeline}:
 * scheduled and sent when handed to the producer, "accepted" when the broker acknowledged the call,
 * acknowledged when its Task is created in the workspace's org.
 */
final class OpenLoopLoad {

  private final KafkaProducer<String, byte[]> producer;
  private final SinkRecords records;
  private final double callsPerSecond;

  /** @param callsPerSecond per workspace (each call comes with a lead state: twice as many records) */
  OpenLoopLoad(KafkaProducer<String, byte[]> producer, SinkRecords records, double callsPerSecond) {
    this.producer = producer;
    this.records = records;
    this.callsPerSecond = callsPerSecond;
  }

  double callsPerSecond() {
    return callsPerSecond;
  }

  /** One load being produced: a timeline per workspace, the schedule's start and end ({@link System#nanoTime()}). */
  static final class Run {
    private final Map<BenchWorkspace, EventTimeline> timelines;
    private final long start;
    private final long end;
    private final Thread sender;
    private final AtomicLong stateSendErrors;
    private final AtomicReference<Exception> firstError;

    private Run(Map<BenchWorkspace, EventTimeline> timelines, long start, long end, Thread sender,
                AtomicLong stateSendErrors, AtomicReference<Exception> firstError) {
      this.timelines = timelines;
      this.start = start;
      this.end = end;
      this.sender = sender;
      this.stateSendErrors = stateSendErrors;
      this.firstError = firstError;
    }

    EventTimeline timeline(BenchWorkspace ws) {
      return timelines.get(ws);
    }

    Map<BenchWorkspace, EventTimeline> timelines() {
      return timelines;
    }

    long start() {
      return start;
    }

    long end() {
      return end;
    }

    /** Nanos at {@code seconds} into the schedule. */
    long at(double seconds) {
      return start + Math.round(seconds * 1e9);
    }

    /** Waits until the schedule has run out and every record was handed to the broker; fails on a send error. */
    void awaitSent() throws InterruptedException {
      sender.join();
      if (firstError.get() != null || stateSendErrors.get() > 0) {
        throw new IllegalStateException(stateSendErrors.get() + " lead states and "
            + timelines.values().stream().mapToLong(EventTimeline::rejectedCount).sum()
            + " calls could not be produced", firstError.get());
      }
    }

    /** Calls produced whose Task has not been created yet, over every workspace of the run. */
    long outstanding() {
      return timelines.values().stream().mapToLong(t -> t.size() - t.ackedCount()).sum();
    }
  }

  /** Starts producing for {@code workspaces} for {@code duration}, from 50 ms from now. */
  Run start(String phase, List<BenchWorkspace> workspaces, Duration duration) {
    int capacity = (int) Math.ceil(callsPerSecond * duration.toNanos() / 1e9) + 1;
    Map<BenchWorkspace, EventTimeline> timelines = new LinkedHashMap<>();
    for (BenchWorkspace ws : workspaces) {
      EventTimeline t = new EventTimeline(ws.id() + "-" + phase + "-", capacity);
      ws.acks().track(t);
      timelines.put(ws, t);
    }
    long start = System.nanoTime() + 50_000_000L;
    long end = start + duration.toNanos();
    long interval = Math.round(1e9 / callsPerSecond);
    AtomicLong stateErrors = new AtomicLong();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    Thread sender = new Thread(() -> {
      for (long k = 0; ; k++) {
        long due = start + k * interval;
        if (due >= end) {
          break;
        }
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          while (System.nanoTime() < due) {
            Thread.onSpinWait(); // parkNanos may return early
          }
        }
        for (Map.Entry<BenchWorkspace, EventTimeline> e : timelines.entrySet()) {
          send(e.getKey(), e.getValue(), due, stateErrors, firstError);
        }
      }
      producer.flush();
    }, "isolation-load-" + phase);
    sender.setDaemon(true);
    sender.start();
    return new Run(timelines, start, end, sender, stateErrors, firstError);
  }

  private void send(BenchWorkspace ws, EventTimeline timeline, long due, AtomicLong stateErrors,
                    AtomicReference<Exception> firstError) {
    int seq = timeline.next();
    if (seq < 0) {
      return;
    }
    int lead = ws.nextLead();
    long version = ws.nextVersion(lead);
    Instant now = Instant.now();
    String leadId = ws.leadId(lead);
    String email = ws.email(lead);
    producer.send(records.record(SinkRecords.leadState(ws.id(), leadId, email, version)), (md, ex) -> {
      if (ex != null) {
        stateErrors.incrementAndGet();
        firstError.compareAndSet(null, ex);
      }
    });
    timeline.sent(seq, due, System.nanoTime());
    producer.send(records.record(SinkRecords.completedCall(ws.id(), leadId, email, timeline.callId(seq), seq, now)),
        (md, ex) -> {
          if (ex == null) {
            timeline.accepted(seq, System.nanoTime());
          } else {
            timeline.rejected();
            firstError.compareAndSet(null, ex);
          }
        });
  }
}
