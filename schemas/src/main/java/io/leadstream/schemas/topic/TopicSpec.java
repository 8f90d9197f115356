package io.leadstream.schemas.topic;

import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The contract of one topic: its name, what its keys and values are, and how the broker keeps it.
 *
 * @param valueType generated Avro class of the values, or {@code byte[]} for raw topics (DLQs)
 * @param retention how long a {@code delete} topic keeps records; empty for compacted topics
 */
public record TopicSpec(String name, KeyFormat keyFormat, Class<?> valueType, CleanupPolicy cleanupPolicy,
                        Optional<Duration> retention, Optional<Integer> fixedPartitions) {

    /** How keys are written: UTF-8 strings ({@link LeadKey}, cadenceId, {@link DncKey}) or the original raw bytes. */
    public enum KeyFormat { STRING, BYTES }

    public enum CleanupPolicy {
        DELETE(TopicConfig.CLEANUP_POLICY_DELETE), COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

        public final String config;

        CleanupPolicy(String config) {
            this.config = config;
        }
    }

    /** Broker-side configs this spec requires. */
    public Map<String, String> configs() {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.config);
        retention.ifPresent(r -> configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(r.toMillis())));
        return configs;
    }

    /** Partitions to create: the spec's own fixed count, else the deployment's default. */
    public int partitions(int defaultPartitions) {
        return fixedPartitions.orElse(defaultPartitions);
    }

    public Serde<?> keySerde() {
        return keyFormat == KeyFormat.STRING ? Serdes.String() : Serdes.ByteArray();
    }

    /** The value serde: Avro through the registry for record topics, raw bytes for DLQs. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Serde<?> valueSerde(SchemaRegistryClient registry) {
        if (SpecificRecord.class.isAssignableFrom(valueType)) {
            return AvroSerde.forValues((Class) valueType, registry);
        }
        return Serdes.ByteArray();
    }

    /** Subject of the value schema under Confluent's TopicNameStrategy. */
    public String valueSubject() {
        return name + "-value";
    }
}
