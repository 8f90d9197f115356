package io.leadstream.schemas.serde;

import io.leadstream.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import java.util.Map;

/** The one Avro serde of the project, for Kafka Streams and plain clients alike. */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    public AvroSerde(SchemaRegistryClient client, Class<T> type) {
        this(client, type, true);
    }

    public AvroSerde(SchemaRegistryClient client, Class<T> type, boolean autoRegister) {
        this.serializer = new AvroSerializer<>(client, autoRegister);
        this.deserializer = new AvroDeserializer<>(client, type);
    }

    /** A value serde for {@code type} against the registry at {@code url}. */
    public static <T extends SpecificRecord> AvroSerde<T> forValues(Class<T> type, SchemaRegistryClient client) {
        AvroSerde<T> serde = new AvroSerde<>(client, type);
        serde.configure(Map.of(), false);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public AvroSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public AvroDeserializer<T> deserializer() {
        return deserializer;
    }
}
