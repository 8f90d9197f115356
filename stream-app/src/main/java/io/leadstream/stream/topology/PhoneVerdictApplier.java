package io.leadstream.stream.topology;

import io.leadstream.schemas.internal.CadenceState;
import io.leadstream.schemas.internal.PhoneVerdict;
import io.leadstream.stream.cadence.CadenceEngine;
import io.leadstream.stream.cadence.TimerKey;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back on the lead side: applies the phone stage's verdict on a lead's call proposal to its cadence state and timers
 * ({@link CadenceEngine#onVerdict}), in the task that owns the lead's cadence stores.
 */
final class PhoneVerdictApplier implements Processor<String, PhoneVerdict, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(PhoneVerdictApplier.class);

    private final CadenceEngine engine;

    private KeyValueStore<String, CadenceState> states;
    private KeyValueStore<Bytes, String> timers;

    PhoneVerdictApplier(CadenceEngine engine) {
        this.engine = engine;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.states = context.getStateStore(LeadTopology.CADENCE_STATE_STORE);
        this.timers = context.getStateStore(LeadTopology.TIMER_STORE);
    }

    @Override
    public void process(Record<String, PhoneVerdict> record) {
        String lead = record.key();
        CadenceState current = states.get(lead);
        CadenceEngine.Result result = engine.onVerdict(current, record.value());
        if (result.stateIsEmpty()) {
            if (current != null) {
                states.delete(lead);
            }
        } else if (!result.state().equals(current)) {
            states.put(lead, result.state());
        }
        for (TimerKey t : result.timersToDelete()) {
            timers.delete(Bytes.wrap(t.encode()));
        }
        for (TimerKey t : result.timersToPut()) {
            timers.put(Bytes.wrap(t.encode()), lead);
        }
        if (!result.notes().isEmpty() && log.isDebugEnabled()) {
            log.debug("Phone verdict for {}: {}", lead, result.notes());
        }
    }
}
