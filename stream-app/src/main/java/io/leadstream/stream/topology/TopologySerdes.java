package io.leadstream.stream.topology;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.internal.CadenceState;
import io.leadstream.schemas.internal.PhoneLedger;
import io.leadstream.schemas.internal.PhoneRequest;
import io.leadstream.schemas.internal.PhoneVerdict;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.LeadSnapshot;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerde;

/** The project's one Avro serde, once per record type the topology reads, writes or stores. */
public record TopologySerdes(AvroSerde<VoiceEvent> events, AvroSerde<LeadState> state, AvroSerde<EngagementScore> engagement,
                             AvroSerde<CrmActivity> activities, AvroSerde<LeadSnapshot> snapshots, AvroSerde<CadenceState> cadenceStates,
                             AvroSerde<CadenceDefinition> definitions, AvroSerde<DncEntry> dnc, AvroSerde<CadenceTrigger> triggers,
                             AvroSerde<GateDecision> audit, AvroSerde<PhoneRequest> phoneRequests, AvroSerde<PhoneVerdict> phoneVerdicts,
                             AvroSerde<PhoneLedger> phoneLedgers) {

    public static TopologySerdes using(SchemaRegistryClient registry) {
        return new TopologySerdes(AvroSerde.forValues(VoiceEvent.class, registry), AvroSerde.forValues(LeadState.class, registry),
                AvroSerde.forValues(EngagementScore.class, registry), AvroSerde.forValues(CrmActivity.class, registry),
                AvroSerde.forValues(LeadSnapshot.class, registry), AvroSerde.forValues(CadenceState.class, registry),
                AvroSerde.forValues(CadenceDefinition.class, registry), AvroSerde.forValues(DncEntry.class, registry),
                AvroSerde.forValues(CadenceTrigger.class, registry), AvroSerde.forValues(GateDecision.class, registry),
                AvroSerde.forValues(PhoneRequest.class, registry), AvroSerde.forValues(PhoneVerdict.class, registry),
                AvroSerde.forValues(PhoneLedger.class, registry));
    }
}
