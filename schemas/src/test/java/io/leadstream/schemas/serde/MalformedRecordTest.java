package io.leadstream.schemas.serde;

import io.leadstream.schemas.SampleRecords;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Bytes that are not a valid record raise a typed SerializationException that says what is wrong. */
class MalformedRecordTest {
    private static SchemaRegistryServer registry;
    private static AvroSerde<VoiceEvent> serde;
    private static byte[] valid;

    @BeforeAll
    @BeforeContainer
    static void start() {
        if (registry != null) {
            return;
        }
        registry = SchemaRegistryServer.startInMemory(0);
        serde = new AvroSerde<>(SchemaRegistryClient.forUrls(registry.url()), VoiceEvent.class);
        valid = serde.serializer().serialize("voice.events.v1", SampleRecords.voiceEvents().get(EventType.CALL_COMPLETED));
    }

    @AfterAll
    @AfterContainer
    static void stop() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }

    @Test
    void wrongMagicByteIsNamedInTheError() {
        byte[] bytes = valid.clone();
        bytes[0] = 0x7b; // '{': somebody produced JSON onto an Avro topic
        assertThatThrownBy(() -> serde.deserializer().deserialize("voice.events.v1", bytes))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("voice.events.v1")
                .hasMessageContaining("magic byte 0x7b");
    }

    @Test
    void recordShorterThanTheHeaderIsRejected() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("voice.events.v1", new byte[]{0, 0, 1}))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("3 bytes");
    }

    @Test
    void unknownSchemaIdIsATypedError() {
        byte[] bytes = valid.clone();
        bytes[1] = 0x7f; // id 2130706433+, never registered
        assertThatThrownBy(() -> serde.deserializer().deserialize("voice.events.v1", bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("schema id");
        assertThat(((UnknownSchemaException) catchThrowable(() -> serde.deserializer().deserialize("voice.events.v1", bytes))).schemaId())
                .isEqualTo(WireFormat.schemaId("t", bytes));
    }

    @Test
    void truncatedBodyIsATypedError() {
        byte[] bytes = Arrays.copyOf(valid, valid.length - 7);
        assertThatThrownBy(() -> serde.deserializer().deserialize("voice.events.v1", bytes))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void trailingBytesAreATypedError() {
        byte[] bytes = Arrays.copyOf(valid, valid.length + 3);
        assertThatThrownBy(() -> serde.deserializer().deserialize("voice.events.v1", bytes))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void recordOfAnotherTypeCannotBeReadAsThisOne() {
        AvroSerde<LeadState> stateSerde = new AvroSerde<>(serde.deserializer().client(), LeadState.class);
        byte[] state = stateSerde.serializer().serialize("lead.state.v1", SampleRecords.leadState());
        assertThatThrownBy(() -> serde.deserializer().deserialize("lead.state.v1", state))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot be read as io.leadstream.schemas.event.VoiceEvent");
    }

    /** Whatever a producer puts on the topic, the deserializer answers a value or a SerializationException: nothing else. */
    @Property(tries = 2000)
    void arbitraryBytesNeverEscapeAsAnotherException(@ForAll @Size(max = 64) byte[] garbage) {
        byte[] bytes = garbage.length >= 5 && garbage[0] == 0 ? withValidId(garbage) : garbage;
        try {
            VoiceEvent event = serde.deserializer().deserialize("voice.events.v1", bytes);
            assertThat(event).isNotNull();
        } catch (SerializationException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** Flips payload bytes of a real record: corruption that keeps a valid header must still be caught or read. */
    @Property(tries = 2000)
    void corruptedBodiesOfARealRecordNeverEscapeAsAnotherException(@ForAll int position, @ForAll byte value) {
        byte[] bytes = valid.clone();
        int index = WireFormat.HEADER_SIZE + Math.floorMod(position, bytes.length - WireFormat.HEADER_SIZE);
        bytes[index] = value;
        try {
            serde.deserializer().deserialize("voice.events.v1", bytes);
        } catch (SerializationException expected) {
            assertThat(expected.getMessage()).contains("voice.events.v1");
        }
    }

    private static byte[] withValidId(byte[] garbage) {
        byte[] bytes = garbage.clone();
        System.arraycopy(valid, 0, bytes, 0, WireFormat.HEADER_SIZE);
        return bytes;
    }
}
