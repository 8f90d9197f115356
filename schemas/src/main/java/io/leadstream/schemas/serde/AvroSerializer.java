package io.leadstream.schemas.serde;

import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes Avro records (generated SpecificRecords or GenericRecords) in the Confluent wire format,
 * registering the record's schema under the topic's subject ({@code <topic>-value} or
 * {@code <topic>-key}, Confluent's TopicNameStrategy) or, with auto-registration off, looking up
 * the id it already has.
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
    private SchemaRegistryClient client;
    private boolean autoRegister = true;
    private boolean isKey;

    /** Per (subject, schema instance): generated classes share one Schema instance, so this is an identity lookup. */
    private final Map<String, Map<Schema, Integer>> ids = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> writers = new IdentityHashMap<>();

    /** For Kafka's config-driven instantiation; {@link #configure} supplies the registry. */
    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient client, boolean autoRegister) {
        this.client = client;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (client == null) {
            client = AvroSerdeConfig.client(configs);
        }
        autoRegister = AvroSerdeConfig.flag(configs, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, autoRegister);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new SerializationException("AvroSerializer used before configure(): no schema registry");
        }
        Schema schema = data.getSchema();
        int id = schemaId(topic, schema);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(new byte[WireFormat.HEADER_SIZE]);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer(schema, data).write(data, encoder);
            encoder.flush();
            byte[] bytes = out.toByteArray();
            WireFormat.writeHeader(bytes, id);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot write " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private int schemaId(String topic, Schema schema) {
        String subject = topic + (isKey ? "-key" : "-value");
        Map<Schema, Integer> bySchema = ids.computeIfAbsent(subject, s -> java.util.Collections.synchronizedMap(new IdentityHashMap<>()));
        Integer cached = bySchema.get(schema);
        if (cached != null) {
            return cached;
        }
        try {
            int id = autoRegister ? client.register(subject, schema) : client.lookupId(subject, schema);
            bySchema.put(schema, id);
            return id;
        } catch (SchemaRegistryException e) {
            throw new SerializationException((autoRegister ? "Cannot register" : "Cannot find") + " schema "
                    + schema.getFullName() + " under subject " + subject + ": " + e.getMessage()
                    + " (registry error_code " + e.errorCode() + ")", e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<Object> writer(Schema schema, T data) {
        synchronized (writers) {
            return writers.computeIfAbsent(schema, s -> data instanceof SpecificRecord
                    ? (DatumWriter<Object>) (DatumWriter<?>) new SpecificDatumWriter<>(s, SpecificData.getForSchema(s))
                    : new GenericDatumWriter<>(s));
        }
    }

    public SchemaRegistryClient client() {
        return client;
    }
}
