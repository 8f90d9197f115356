package io.leadstream.schemas.serde;

import io.leadstream.schemas.SampleRecords;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.SchemaRegistryException;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data written with an older schema reads with today's; breaking changes never reach the registry. */
class SchemaEvolutionTest {
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Set<String> ADDED_IN_V2 = Set.of("recentEventIds", "cadenceEnrolledAt", "lastAnsweredAt");

    private SchemaRegistryServer registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() {
        registry = SchemaRegistryServer.startInMemory(0);
        client = SchemaRegistryClient.forUrls(registry.url());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void recordWrittenWithTheOlderSchemaReadsWithDefaultsForFieldsAddedSince() {
        Schema v1 = leadStateWithout(ADDED_IN_V2);
        GenericRecord old = new GenericData.Record(v1);
        old.put("leadId", "lead-9");
        old.put("profile", new GenericData.Record(v1.getField("profile").schema()));
        old.put("status", new GenericData.EnumSymbol(v1.getField("status").schema(), "CONTACTED"));
        old.put("callsAnswered", 2);
        old.put("version", 5L);
        v1.getFields().stream().filter(f -> old.get(f.name()) == null && f.hasDefaultValue())
                .forEach(f -> old.put(f.name(), GenericData.get().getDefaultValue(f)));
        byte[] written = new AvroSerializer<GenericRecord>(client, true).serialize("lead.state.v1", old);

        // The current generated schema registers as version 2: it is BACKWARD compatible.
        new AvroSerde<>(client, LeadState.class).serializer().serialize("lead.state.v1", SampleRecords.leadState());
        assertThat(client.versions("lead.state.v1-value")).containsExactly(1, 2);

        LeadState read = new AvroDeserializer<>(client, LeadState.class).deserialize("lead.state.v1", written);
        assertThat(read.getLeadId()).isEqualTo("lead-9");
        assertThat(read.getCallsAnswered()).isEqualTo(2);
        assertThat(read.getVersion()).isEqualTo(5L);
        assertThat(read.getRecentEventIds()).isEmpty();
        assertThat(read.getCadenceEnrolledAt()).isNull();
        assertThat(read.getLastAnsweredAt()).isNull();
    }

    @Test
    void oldReaderSurvivesAnEventTypeItHasNeverSeenThanksToTheEnumDefault() {
        // An older VoiceEvent whose EventType lacked CADENCE_EXITED reads a newer record as UNKNOWN.
        String current = VoiceEvent.getClassSchema().toString();
        Schema olderReader = new Schema.Parser().parse(current.replace(",\"CADENCE_EXITED\"]", "]"));
        byte[] newer = new AvroSerde<>(client, VoiceEvent.class).serializer()
                .serialize("voice.events.v1", SampleRecords.voiceEvents().get(EventType.CADENCE_EXITED));

        GenericRecord read = readWith(olderReader, newer);
        assertThat(read.get("eventType").toString()).isEqualTo("UNKNOWN");
        assertThat(read.get("leadId").toString()).isEqualTo("lead-123");
    }

    @Test
    void addingAFieldWithoutADefaultIsRejectedBeforeAnyRecordIsWritten() {
        new AvroSerde<>(client, LeadState.class).serializer().serialize("lead.state.v1", SampleRecords.leadState());
        Schema breaking = leadStateWith("{\"name\":\"tenantTier\",\"type\":\"string\"}");

        assertThatThrownBy(() -> client.register("lead.state.v1-value", breaking))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                });
        GenericRecord record = new GenericData.Record(breaking);
        assertThatThrownBy(() -> new AvroSerializer<GenericRecord>(client, true).serialize("lead.state.v1", record))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("lead.state.v1-value")
                .hasMessageContaining("409");
        assertThat(client.versions("lead.state.v1-value")).containsExactly(1);
    }

    @Test
    void withAutoRegisterOffAnUnregisteredSchemaFailsInsteadOfRegistering() {
        AvroSerializer<VoiceEvent> lookupOnly = new AvroSerializer<>(client, false);
        assertThatThrownBy(() -> lookupOnly.serialize("voice.events.v1", SampleRecords.voiceEvents().get(EventType.CALL_PLACED)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot find");
        assertThat(client.subjects()).doesNotContain("voice.events.v1-value");
    }

    private GenericRecord readWith(Schema reader, byte[] bytes) {
        Schema writer = client.schemaById(WireFormat.schemaId("t", bytes));
        try {
            var decoder = org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
            return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(writer, reader).read(null, decoder);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schema leadStateWithout(Set<String> fields) {
        ObjectNode schema = (ObjectNode) json.readTree(LeadState.getClassSchema().toString());
        ArrayNode kept = json.createArrayNode();
        schema.withArray("fields").forEach(f -> {
            if (!fields.contains(f.path("name").asString())) {
                kept.add(f);
            }
        });
        schema.set("fields", kept);
        return new Schema.Parser().parse(schema.toString());
    }

    private static Schema leadStateWith(String extraField) {
        ObjectNode schema = (ObjectNode) json.readTree(LeadState.getClassSchema().toString());
        schema.withArray("fields").add(json.readTree(extraField));
        return new Schema.Parser().parse(schema.toString());
    }

    @SuppressWarnings("unused")
    private static List<String> names(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }
}
