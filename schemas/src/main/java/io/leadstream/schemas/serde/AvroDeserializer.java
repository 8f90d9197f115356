package io.leadstream.schemas.serde;

import io.leadstream.schemas.registry.RegistryError;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads Confluent wire-format Avro records: looks up the writer schema by the id in the header
 * (cached) and resolves it to the reader schema (the generated class's, for a specific reader), so
 * data written with an older or newer compatible schema reads as today's type.
 * <p>
 * Anything that is not a valid record raises a typed {@link SerializationException}
 * ({@link MalformedRecordException}, {@link UnknownSchemaException}) whose message says what is
 * wrong — never a NullPointerException or a silent null. Only a null record (a tombstone) reads as null.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
    private SchemaRegistryClient client;
    private Class<T> specificType;
    private Schema readerSchema;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's config-driven instantiation: reads GenericRecords unless a type is given. */
    public AvroDeserializer() {
    }

    /** Reads into {@code specificType} (a generated SpecificRecord class), or GenericRecord when null. */
    public AvroDeserializer(SchemaRegistryClient client, Class<T> specificType) {
        this.client = client;
        this.specificType = specificType;
        this.readerSchema = specificType == null ? null : SpecificData.get().getSchema(specificType);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = AvroSerdeConfig.client(configs);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new SerializationException("AvroDeserializer used before configure(): no schema registry");
        }
        int id = WireFormat.schemaId(topic, data);
        DatumReader<T> reader = readers.computeIfAbsent(id, i -> newReader(topic, i));
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
        T value;
        try {
            value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new MalformedRecordException(topic, "trailing bytes after the Avro datum of schema id " + id);
            }
        } catch (MalformedRecordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // EOF, negative lengths, out-of-range union or enum indexes: all mean the bytes are not a datum of this schema.
            throw new MalformedRecordException(topic, "truncated or corrupt Avro body for schema id " + id + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        return value;
    }

    private DatumReader<T> newReader(String topic, int id) {
        Schema writer;
        try {
            writer = client.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.is(RegistryError.SCHEMA_NOT_FOUND)) {
                throw new UnknownSchemaException(topic, id, e);
            }
            throw new SerializationException("Cannot fetch schema id " + id + " for topic " + topic + ": " + e.getMessage(), e);
        }
        if (specificType == null) {
            return new GenericDatumReader<>(writer);
        }
        // Fail with a clear message when the writer schema cannot be resolved to ours (e.g. a record of another type).
        SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("Schema id " + id + " on topic " + topic + " (" + writer.getFullName()
                    + ") cannot be read as " + readerSchema.getFullName() + ": " + pair.getResult().getIncompatibilities());
        }
        return new SpecificDatumReader<>(writer, readerSchema, SpecificData.getForClass(specificType));
    }

    public SchemaRegistryClient client() {
        return client;
    }
}
