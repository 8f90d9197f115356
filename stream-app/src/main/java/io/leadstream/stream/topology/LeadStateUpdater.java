package io.leadstream.stream.topology;

import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.LeadSnapshot;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.stream.lead.LeadEventApplier;
import io.leadstream.stream.validation.EventValidator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Applies each voice event to its lead, the record key {@code <workspaceId>/<leadId>} (SPEC §3; the
 * validator checked it names the event's own lead): skips duplicates (the lead's last eventIds), rejects invalid events (to
 * the DLQ, through {@link DeadLetterProcessingHandler}), then stores the lead's new snapshot and
 * forwards what changed to the state, engagement and activities topics. A wall-clock punctuator
 * re-emits engagement scores that decay moved by a point or more, a slice of leads per tick.
 */
final class LeadStateUpdater implements Processor<String, VoiceEvent, String, Object> {
    private final LeadEventApplier applier;
    private final EventValidator validator;
    private final LeadTopology.Settings settings;
    private final StreamMetrics metrics;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, LeadSnapshot> snapshots;

    // Decay pass progress; in memory only: after a restart the pass starts over, which is harmless
    // because a score is re-emitted only when it moved by a point since it was last emitted.
    private long nextPassAt;
    private String cursor;

    LeadStateUpdater(LeadEventApplier applier, EventValidator validator, LeadTopology.Settings settings, StreamMetrics metrics) {
        this.applier = applier;
        this.validator = validator;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.snapshots = context.getStateStore(LeadTopology.SNAPSHOT_STORE);
        this.nextPassAt = context.currentSystemTimeMs() + settings.decayInterval().toMillis();
        context.schedule(settings.decayTick(), PunctuationType.WALL_CLOCK_TIME, this::decayTick);
    }

    @Override
    public void process(Record<String, VoiceEvent> record) {
        VoiceEvent event = record.value();
        Optional<String> problem = validator.problem(record.key(), event, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (problem.isPresent()) {
            throw new InvalidEventException(problem.get());
        }
        String lead = record.key();
        LeadSnapshot current = snapshots.get(lead);
        if (applier.isDuplicate(current, event)) {
            metrics.duplicateSkipped();
            return;
        }
        LeadEventApplier.Outcome outcome = applier.apply(current, event);

        // Everything is computed before anything is written: an exception above leaves no trace.
        snapshots.put(lead, outcome.snapshot());
        outcome.changedState().ifPresent(s -> context.forward(record.withValue(s), LeadTopology.STATE_SINK));
        outcome.engagement().ifPresent(e -> context.forward(record.withValue(e), LeadTopology.ENGAGEMENT_SINK));
        outcome.activities().forEach(a -> context.forward(record.withValue(a), LeadTopology.ACTIVITIES_SINK));
        LeadChange change = new LeadChange(event, current == null ? null : current.getState(), outcome.snapshot().getState());
        context.forward(record.withValue(change), LeadTopology.CADENCE_SCHEDULER);
        context.forward(record.withValue(change), LeadTopology.PHONE_FACTS);
        metrics.eventApplied(event.getEventType());
    }

    private void decayTick(long now) {
        if (now < nextPassAt) {
            return;
        }
        long lag = now - nextPassAt;
        int scanned = 0;
        int reemitted = 0;
        try (KeyValueIterator<String, LeadSnapshot> leads = cursor == null ? snapshots.all() : snapshots.range(cursor, null)) {
            while (leads.hasNext() && scanned < settings.decayLeadsPerTick()) {
                KeyValue<String, LeadSnapshot> lead = leads.next();
                if (lead.key.equals(cursor)) {
                    continue; // range() is inclusive: the cursor was done in the previous tick
                }
                scanned++;
                cursor = lead.key;
                Optional<Map.Entry<LeadSnapshot, EngagementScore>> moved = applier.decay(lead.value, Instant.ofEpochMilli(now));
                if (moved.isPresent()) {
                    snapshots.put(lead.key, moved.get().getKey());
                    context.forward(new Record<>(lead.key, (Object) moved.get().getValue(), now), LeadTopology.ENGAGEMENT_SINK);
                    reemitted++;
                }
            }
            if (!leads.hasNext()) {
                cursor = null;
                nextPassAt = now + settings.decayInterval().toMillis();
            }
        }
        metrics.decayTick(Duration.ofMillis(lag), scanned, reemitted);
    }
}
