package io.leadstream.stream.runtime;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerializer;
import io.leadstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seeds cadence.definitions.v1 with the shipped default cadences that are not on it yet. Ops change
 * cadences by producing to that compacted topic; this never overwrites what is there, so a
 * redeploy does not undo their edits.
 */
public final class CadenceDefinitionPublisher {
    private static final Logger log = LoggerFactory.getLogger(CadenceDefinitionPublisher.class);

    private CadenceDefinitionPublisher() {
    }

    /**
     * Publishes the defaults whose ids the topic lacks; returns the ids published.
     *
     * @param clientConfig {@code bootstrap.servers} and the cluster's security settings
     */
    public static Set<String> publishMissing(Map<String, Object> clientConfig, SchemaRegistryClient registry,
                                             Map<String, CadenceDefinition> defaults) {
        Set<String> present = presentIds(clientConfig);
        Set<String> published = new HashSet<>();
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, CadenceDefinition> producer = new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<>(registry, true))) {
            defaults.forEach((id, definition) -> {
                if (!present.contains(id)) {
                    producer.send(new ProducerRecord<>(Topics.CADENCE_DEFINITIONS.name(), id, definition));
                    published.add(id);
                }
            });
            producer.flush();
        }
        log.info("Default cadences published: {} (already on the topic: {})", published, present);
        return published;
    }

    private static Set<String> presentIds(Map<String, Object> clientConfig) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.CADENCE_DEFINITIONS.name(), Duration.ofSeconds(30));
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() == null) {
                        ids.remove(r.key());
                    } else {
                        ids.add(r.key());
                    }
                });
            }
        }
        return ids;
    }
}
