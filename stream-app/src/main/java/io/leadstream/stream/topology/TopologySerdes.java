package io.leadstream.stream.topology;

import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.LeadSnapshot;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerde;

/** The project's one Avro serde, once per record type the topology reads, writes or stores. */
public record TopologySerdes(AvroSerde<VoiceEvent> events, AvroSerde<LeadState> state, AvroSerde<EngagementScore> engagement,
                             AvroSerde<CrmActivity> activities, AvroSerde<LeadSnapshot> snapshots) {

    public static TopologySerdes using(SchemaRegistryClient registry) {
        return new TopologySerdes(AvroSerde.forValues(VoiceEvent.class, registry), AvroSerde.forValues(LeadState.class, registry),
                AvroSerde.forValues(EngagementScore.class, registry), AvroSerde.forValues(CrmActivity.class, registry),
                AvroSerde.forValues(LeadSnapshot.class, registry));
    }
}
