package io.leadstream.schemas.serde;

import io.leadstream.schemas.SampleRecords;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event type and every derived record survives serializer → bytes → deserializer unchanged. */
class WireFormatRoundTripTest {
    private static SchemaRegistryServer registry;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void startRegistry() {
        registry = SchemaRegistryServer.startInMemory(0);
        client = SchemaRegistryClient.forUrls(registry.url());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @TestFactory
    Stream<DynamicTest> everyEventTypeRoundTrips() {
        Map<EventType, VoiceEvent> events = SampleRecords.voiceEvents();
        assertThat(events.keySet()).as("a sample for every event type but UNKNOWN")
                .containsExactlyInAnyOrder(Stream.of(EventType.values()).filter(t -> t != EventType.UNKNOWN).toArray(EventType[]::new));
        return events.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().name(),
                () -> assertRoundTrip("voice.events.v1", e.getValue(), VoiceEvent.class)));
    }

    @TestFactory
    Stream<DynamicTest> everyDerivedRecordRoundTrips() {
        return SampleRecords.derivedRecords().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertRoundTrip("derived." + e.getValue().getSchema().getName() + ".v1", e.getValue(), e.getValue().getClass())));
    }

    @Test
    void headerIsMagicZeroThenTheRegisteredIdBigEndian() {
        VoiceEvent event = SampleRecords.voiceEvents().get(EventType.CALL_PLACED);
        byte[] bytes = new AvroSerde<>(client, VoiceEvent.class).serializer().serialize("header.check.v1", event);

        int registeredId = client.lookupId("header.check.v1-value", VoiceEvent.getClassSchema());
        assertThat(bytes[0]).isEqualTo((byte) 0x00);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
        assertThat(WireFormat.schemaId("header.check.v1", bytes)).isEqualTo(registeredId);
    }

    @Test
    void keysRegisterUnderTheKeySubject() {
        AvroSerializer<VoiceEvent> keySerializer = new AvroSerializer<>(client, true);
        keySerializer.configure(Map.of(), true);
        keySerializer.serialize("keyed.v1", SampleRecords.voiceEvents().get(EventType.CALL_PLACED));

        assertThat(client.subjects()).contains("keyed.v1-key").doesNotContain("keyed.v1-value");
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<VoiceEvent> serde = new AvroSerde<>(client, VoiceEvent.class);
        assertThat(serde.serializer().serialize("tomb.v1", null)).isNull();
        assertThat(serde.deserializer().deserialize("tomb.v1", null)).isNull();
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> void assertRoundTrip(String topic, SpecificRecord record, Class<?> type) {
        AvroSerde<T> serde = new AvroSerde<>(client, (Class<T>) type);
        byte[] bytes = serde.serializer().serialize(topic, (T) record);
        assertThat(bytes[0]).isZero();
        T back = serde.deserializer().deserialize(topic, bytes);
        assertThat(back).isEqualTo(record);
        assertThat(back).isNotSameAs(record);
    }
}
