package io.leadstream.schemas.serde;

import io.leadstream.schemas.SampleRecords;
import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.event.CallPlaced;
import io.leadstream.schemas.event.ConsentRecorded;
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
    void aTriggerWrittenBeforeTriggersExpiredReadsWithoutNotAfterAndTheNewSchemaRegistersOverIt() {
        Schema before = without(CadenceTrigger.getClassSchema(), "CadenceTrigger", "notAfter");
        GenericRecord old = sampleIn(before, SampleRecords.cadenceTrigger());
        byte[] written = new AvroSerializer<GenericRecord>(client, true).serialize("cadence.triggers.v1", old);

        new AvroSerde<>(client, CadenceTrigger.class).serializer().serialize("cadence.triggers.v1", SampleRecords.cadenceTrigger());
        assertThat(client.versions("cadence.triggers.v1-value")).containsExactly(1, 2);

        CadenceTrigger read = new AvroDeserializer<>(client, CadenceTrigger.class).deserialize("cadence.triggers.v1", written);
        assertThat(read.getTriggerId()).isEqualTo(SampleRecords.cadenceTrigger().getTriggerId());
        assertThat(read.getNotAfter()).isNull();
    }

    @Test
    void aConsentAndACallPlacedWrittenBeforeTheyNamedAPhoneOrTriggerReadAsUnboundAndTheNewSchemaRegistersOverThem() {
        Schema before = without(without(VoiceEvent.getClassSchema(), "ConsentRecorded", "phone"), "CallPlaced", "triggerId");
        VoiceEvent consent = SampleRecords.voiceEvents().get(EventType.CONSENT_RECORDED);
        byte[] written = new AvroSerializer<GenericRecord>(client, true).serialize("voice.events.v1", sampleIn(before, consent));

        new AvroSerde<>(client, VoiceEvent.class).serializer().serialize("voice.events.v1", consent);
        assertThat(client.versions("voice.events.v1-value")).containsExactly(1, 2);

        VoiceEvent read = new AvroDeserializer<>(client, VoiceEvent.class).deserialize("voice.events.v1", written);
        assertThat(((ConsentRecorded) read.getPayload()).getPhone()).isNull();
        assertThat(((ConsentRecorded) read.getPayload()).getCapturedAt()).isEqualTo(((ConsentRecorded) consent.getPayload()).getCapturedAt());
        byte[] placed = new AvroSerializer<GenericRecord>(client, true).serialize("voice.events.v1",
                sampleIn(before, SampleRecords.voiceEvents().get(EventType.CALL_PLACED)));
        assertThat(((CallPlaced) new AvroDeserializer<>(client, VoiceEvent.class).deserialize("voice.events.v1", placed).getPayload())
                .getTriggerId()).isNull();
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

    /** {@code schema} with {@code field} removed from its (possibly nested) record named {@code record}. */
    private static Schema without(Schema schema, String record, String field) {
        ObjectNode tree = (ObjectNode) json.readTree(schema.toString());
        removeField(tree, record, field);
        return new Schema.Parser().parse(tree.toString());
    }

    private static void removeField(tools.jackson.databind.JsonNode node, String record, String field) {
        if (node instanceof ObjectNode o) {
            if ("record".equals(o.path("type").asString(null)) && record.equals(o.path("name").asString(null))) {
                ArrayNode kept = json.createArrayNode();
                o.withArray("fields").forEach(f -> {
                    if (!field.equals(f.path("name").asString())) {
                        kept.add(f);
                    }
                });
                o.set("fields", kept);
            }
            o.forEach(child -> removeField(child, record, field));
        } else if (node instanceof ArrayNode a) {
            a.forEach(child -> removeField(child, record, field));
        }
    }

    /** {@code record} as written by a producer with the older {@code schema}: its bytes, read back with that schema. */
    private static GenericRecord sampleIn(Schema schema, org.apache.avro.specific.SpecificRecord record) {
        try {
            var bytes = new java.io.ByteArrayOutputStream();
            var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
            new org.apache.avro.specific.SpecificDatumWriter<>(record.getSchema()).write(record, encoder);
            encoder.flush();
            var decoder = org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
            return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(record.getSchema(), schema).read(null, decoder);
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
