package io.leadstream.stream.topology;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.internal.CadenceState;
import io.leadstream.schemas.internal.LeadSnapshot;
import io.leadstream.schemas.topic.DncKey;
import io.leadstream.stream.cadence.CadenceDefinitionLookup;
import io.leadstream.stream.cadence.CadenceEngine;
import io.leadstream.stream.cadence.TimerKey;
import io.leadstream.stream.compliance.DncLookup;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SPEC §7 in the topology: runs the {@link CadenceEngine} for every applied event (after the lead
 * state took it) and for every due timer, keeping each lead's cadence state and its pending timers
 * in changelogged stores, so a restarted instance fires exactly the timers that were pending. Every
 * store and output is keyed by the lead key {@code <workspaceId>/<leadId>} (SPEC §3): the record key
 * of an event, the {@link TimerKey#lead()} of a timer.
 * <p>
 * Timers live in a time-ordered store (big-endian due time first, see {@link TimerKey}) drained by
 * a wall-clock punctuator that handles at most {@code cadenceTimersPerTick} timers per tick: work
 * per tick is bounded, and timers missed during downtime are drained one step per lead, not as a burst.
 * <p>
 * A timer is released only once the input has been processed up to its due time ({@link InputWatermark}; SPEC §7
 * "Fail closed"): after downtime or under lag, an opt-out still in the backlog is applied first. Held timers are not
 * audited (they would be every tick), only counted in a metric. CALL and SMS steps that pass the lead's gates go to
 * the phone stage as proposals keyed by the number ({@link PhoneGateProcessor}), not to the dialers.
 */
final class CadenceScheduler implements Processor<String, LeadChange, String, SpecificRecord> {
    private static final Logger log = LoggerFactory.getLogger(CadenceScheduler.class);

    /** Held timers counted per tick at most: the metric says "at least this many" beyond it. */
    static final int WAITING_COUNT_BOUND = 10_000;

    private final CadenceEngine engine;
    private final LeadTopology.Settings settings;
    private final InputWatermark watermark;
    private final StreamMetrics metrics;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, CadenceState> states;
    private KeyValueStore<Bytes, String> timers;
    private KeyValueStore<String, LeadSnapshot> snapshots;
    private CadenceDefinitionLookup definitions;
    private DncLookup dnc;

    CadenceScheduler(CadenceEngine engine, LeadTopology.Settings settings, InputWatermark watermark, StreamMetrics metrics) {
        this.engine = engine;
        this.settings = settings;
        this.watermark = watermark;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.states = context.getStateStore(LeadTopology.CADENCE_STATE_STORE);
        this.timers = context.getStateStore(LeadTopology.TIMER_STORE);
        this.snapshots = context.getStateStore(LeadTopology.SNAPSHOT_STORE);
        TimestampedKeyValueStore<String, CadenceDefinition> definitionStore = context.getStateStore(LeadTopology.DEFINITION_STORE);
        TimestampedKeyValueStore<String, DncEntry> dncStore = context.getStateStore(LeadTopology.DNC_STORE);
        this.definitions = id -> Optional.ofNullable(definitionStore.get(id)).map(ValueAndTimestamp::value);
        this.dnc = (scope, phone) -> Optional.ofNullable(dncStore.get(DncKey.of(scope, phone))).map(ValueAndTimestamp::value);
        context.schedule(settings.cadenceTick(), PunctuationType.WALL_CLOCK_TIME, this::fireDueTimers);
    }

    @Override
    public void process(Record<String, LeadChange> record) {
        LeadChange change = record.value();
        String lead = record.key();
        CadenceState current = states.get(lead);
        CadenceEngine.Result result = engine.onEvent(current, change.lead(), change.event(), definitions, now());
        apply(lead, current, result, null, record.timestamp());
    }

    private void fireDueTimers(long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        long processedUpTo = watermark.processedUpToMillis();
        if (processedUpTo < nowMillis) {
            holdBack(processedUpTo, now);
            if (processedUpTo == InputWatermark.UNKNOWN) {
                return;
            }
        } else {
            metrics.timersWaitingForInput(0, Duration.ZERO);
        }
        Instant releasable = processedUpTo < nowMillis ? Instant.ofEpochMilli(processedUpTo) : now;
        List<TimerKey> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, String> it = timers.range(Bytes.wrap(TimerKey.lowest()), Bytes.wrap(TimerKey.upperBound(releasable)))) {
            while (it.hasNext() && due.size() < settings.cadenceTimersPerTick()) {
                KeyValue<Bytes, String> next = it.next();
                due.add(TimerKey.decode(next.key.get()));
            }
        }
        for (TimerKey timer : due) {
            String leadKey = timer.lead().toString();
            LeadSnapshot lead = snapshots.get(leadKey);
            if (lead == null) {
                timers.delete(Bytes.wrap(timer.encode())); // a timer can only exist for a known lead; never expected
                continue;
            }
            CadenceState current = states.get(leadKey);
            CadenceEngine.Result result = engine.onTimer(current, lead.getState(), timer, dnc, now);
            result.verdict().ifPresent(v -> metrics.gateDecision(v.decision().name(), v.rule().name()));
            apply(leadKey, current, result, timer, nowMillis);
        }
        if (!due.isEmpty()) {
            metrics.timersFired(due.size(), Duration.between(due.get(0).due(), now));
        }
    }

    /** Counts (boundedly) the timers due by now that the watermark holds back, for the metrics; no audit. */
    private void holdBack(long processedUpTo, Instant now) {
        byte[] from = processedUpTo == InputWatermark.UNKNOWN ? TimerKey.lowest() : TimerKey.upperBound(Instant.ofEpochMilli(processedUpTo));
        int waiting = 0;
        try (KeyValueIterator<Bytes, String> it = timers.range(Bytes.wrap(from), Bytes.wrap(TimerKey.upperBound(now)))) {
            while (it.hasNext() && waiting < WAITING_COUNT_BOUND) {
                it.next();
                waiting++;
            }
        }
        metrics.timersWaitingForInput(waiting, processedUpTo == InputWatermark.UNKNOWN ? null
                : Duration.ofMillis(now.toEpochMilli() - processedUpTo));
    }

    /**
     * Stores, then emits: state, timers (old deleted before new put), triggers, audit records, phone requests. The
     * state is written only when it changed: most events concern leads without a cadence, and a
     * delete of an absent entry or a put of an equal one would still cost a store write and a
     * changelog record each (a tombstone per event and lead, before this check).
     */
    private void apply(String lead, CadenceState current, CadenceEngine.Result result, TimerKey fired, long timestamp) {
        if (result.stateIsEmpty()) {
            if (current != null) {
                states.delete(lead);
            }
        } else if (!result.state().equals(current)) {
            states.put(lead, result.state());
        }
        List<TimerKey> toPut = result.timersToPut();
        if (fired != null && !toPut.contains(fired)) {
            timers.delete(Bytes.wrap(fired.encode()));
        }
        result.timersToDelete().forEach(t -> timers.delete(Bytes.wrap(t.encode())));
        toPut.forEach(t -> timers.put(Bytes.wrap(t.encode()), lead));
        result.triggers().forEach(t -> context.forward(new Record<>(lead, (SpecificRecord) t, timestamp), LeadTopology.TRIGGERS_SINK));
        result.audits().forEach(a -> {
            context.forward(new Record<>(lead, (SpecificRecord) a, timestamp), LeadTopology.AUDIT_SINK);
            metrics.gateDecision(a.getDecision().name(), a.getRule().name());
        });
        result.phoneRequests().forEach(r -> context.forward(new Record<>(DncKey.of(r.getWorkspaceId(), r.getPhone()), (SpecificRecord) r,
                timestamp), LeadTopology.PHONE_REQUESTS_SINK));
        if (!result.notes().isEmpty() && log.isDebugEnabled()) {
            log.debug("Cadence notes for {}: {}", lead, result.notes());
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
