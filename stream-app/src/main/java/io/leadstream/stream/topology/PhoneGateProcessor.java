package io.leadstream.stream.topology;

import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.internal.PhoneLedger;
import io.leadstream.schemas.internal.PhoneRequest;
import io.leadstream.schemas.internal.PhoneVerdict;
import io.leadstream.schemas.topic.DncKey;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.stream.compliance.DncLookup;
import io.leadstream.stream.compliance.PhoneGate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import java.time.Instant;
import java.util.Optional;

/**
 * The phone stage in the topology: one task owns each number of each workspace ({@code <workspaceId>/<E.164>}),
 * decides its requests with {@link PhoneGate} in the order they were sent and keeps its {@link PhoneLedger}. Released
 * and cancelled triggers, audit records and verdicts go out keyed by their own lead; the internal DNC entry of a
 * number that opted out (or its removal) keyed by the number.
 */
final class PhoneGateProcessor implements Processor<String, PhoneRequest, String, SpecificRecord> {
    private final PhoneGate gate;
    private final StreamMetrics metrics;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, PhoneLedger> ledgers;
    private DncLookup dnc;

    PhoneGateProcessor(PhoneGate gate, StreamMetrics metrics) {
        this.gate = gate;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.ledgers = context.getStateStore(LeadTopology.PHONE_LEDGER_STORE);
        TimestampedKeyValueStore<String, DncEntry> dncStore = context.getStateStore(LeadTopology.DNC_STORE);
        this.dnc = (scope, phone) -> Optional.ofNullable(dncStore.get(DncKey.of(scope, phone))).map(ValueAndTimestamp::value);
    }

    @Override
    public void process(Record<String, PhoneRequest> record) {
        long now = context.currentSystemTimeMs();
        PhoneLedger current = ledgers.get(record.key());
        PhoneGate.Outcome outcome = gate.decide(current, record.value(), dnc, Instant.ofEpochMilli(now));
        if (outcome.ledger() != null) {
            ledgers.put(record.key(), outcome.ledger());
        } else if (current != null) {
            ledgers.delete(record.key());
        }
        for (CadenceTrigger t : outcome.triggers()) {
            context.forward(new Record<>(LeadKey.of(t.getWorkspaceId(), t.getLeadId()), t, now), LeadTopology.PHONE_TRIGGERS_SINK);
        }
        for (GateDecision a : outcome.audits()) {
            context.forward(new Record<>(LeadKey.of(a.getWorkspaceId(), a.getLeadId()), a, now), LeadTopology.PHONE_AUDIT_SINK);
            metrics.gateDecision(a.getDecision().name(), a.getRule().name());
        }
        outcome.dncWrite().ifPresent(w -> context.forward(new Record<>(w.key(), (SpecificRecord) w.entry(), now), LeadTopology.DNC_SINK));
        for (PhoneVerdict v : outcome.verdicts()) {
            context.forward(new Record<>(LeadKey.of(v.getWorkspaceId(), v.getLeadId()), v, now), LeadTopology.VERDICTS_SINK);
        }
    }
}
