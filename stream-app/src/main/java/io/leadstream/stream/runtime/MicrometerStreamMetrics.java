package io.leadstream.stream.runtime;

import io.leadstream.schemas.event.EventType;
import io.leadstream.stream.topology.StreamMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The topology's metrics in Prometheus (SPEC §12): {@code leadstream_events_applied_total{type}},
 * {@code leadstream_events_duplicates_total}, {@code leadstream_dlq_records_total{stage}},
 * {@code leadstream_decay_lag_seconds} (how late the last decay tick ran: the punctuation lag) and
 * {@code leadstream_decay_reemitted_total}, {@code leadstream_gate_decisions_total{decision,rule}},
 * {@code leadstream_cadence_timers_fired_total}, {@code leadstream_cadence_timer_lag_seconds},
 * {@code leadstream_cadence_timers_waiting_for_input} and {@code leadstream_input_watermark_lag_seconds} (SPEC §7 "Fail closed").
 */
public final class MicrometerStreamMetrics implements StreamMetrics {
    private final MeterRegistry registry;
    private final Map<EventType, Counter> applied = new EnumMap<>(EventType.class);
    private final Counter duplicates;
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Counter reemitted;
    private final AtomicLong decayLagMillis = new AtomicLong();
    private final Map<String, Counter> gateDecisions = new ConcurrentHashMap<>();
    private final Counter timersFired;
    private final AtomicLong timerLagMillis = new AtomicLong();
    private final AtomicLong timersWaiting = new AtomicLong();
    /** Long.MIN_VALUE: watermark unknown. */
    private final AtomicLong watermarkLagMillis = new AtomicLong(Long.MIN_VALUE);

    public MicrometerStreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (EventType type : EventType.values()) {
            applied.put(type, Counter.builder("leadstream.events.applied").tag("type", type.name())
                    .description("Voice events applied to lead state").register(registry));
        }
        duplicates = Counter.builder("leadstream.events.duplicates").description("Events skipped as duplicates of an applied eventId").register(registry);
        for (String stage : new String[]{"deserialization", "validation", "processing"}) {
            deadLetter(stage);
        }
        reemitted = Counter.builder("leadstream.decay.reemitted").description("Engagement scores re-emitted by the decay pass").register(registry);
        timersFired = Counter.builder("leadstream.cadence.timers.fired").description("Cadence timers drained").register(registry);
        Gauge.builder("leadstream.cadence.timer.lag.seconds", timerLagMillis, v -> v.get() / 1000.0)
                .description("How late the oldest timer of the latest cadence tick fired").register(registry);
        Gauge.builder("leadstream.cadence.timers.waiting.for.input", timersWaiting, AtomicLong::get)
                .description("Due cadence timers held until the input is processed up to their due time (counted up to 10,000)").register(registry);
        Gauge.builder("leadstream.input.watermark.lag.seconds", watermarkLagMillis, v -> v.get() == Long.MIN_VALUE ? Double.NaN : v.get() / 1000.0)
                .description("How far the processed-input watermark trails the wall clock (NaN: not known yet)").register(registry);
        Gauge.builder("leadstream.decay.lag.seconds", decayLagMillis, v -> v.get() / 1000.0)
                .description("How late the latest decay tick ran after it was due").register(registry);
    }

    private Counter deadLetter(String stage) {
        return deadLetters.computeIfAbsent(stage, s -> Counter.builder("leadstream.dlq.records").tag("stage", s)
                .description("Input records sent to voice.events.dlq.v1").register(registry));
    }

    @Override
    public void eventApplied(EventType type) {
        applied.get(type).increment();
    }

    @Override
    public void duplicateSkipped() {
        duplicates.increment();
    }

    @Override
    public void deadLettered(String stage) {
        deadLetter(stage).increment();
    }

    @Override
    public void gateDecision(String decision, String rule) {
        gateDecisions.computeIfAbsent(decision + "/" + rule, k -> Counter.builder("leadstream.gate.decisions")
                .tag("decision", decision).tag("rule", rule).description("Compliance gate decisions by outcome and rule").register(registry))
                .increment();
    }

    @Override
    public void timersFired(int count, Duration lag) {
        timersFired.increment(count);
        timerLagMillis.set(lag.toMillis());
    }

    @Override
    public void timersWaitingForInput(int waiting, Duration lag) {
        timersWaiting.set(waiting);
        watermarkLagMillis.set(lag == null ? Long.MIN_VALUE : lag.toMillis());
    }

    @Override
    public void decayTick(Duration lag, int scanned, int reemittedCount) {
        decayLagMillis.set(lag.toMillis());
        reemitted.increment(reemittedCount);
    }
}
