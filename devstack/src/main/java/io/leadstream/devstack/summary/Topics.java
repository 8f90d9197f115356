package io.leadstream.devstack.summary;

import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads topics for the progress line and the summary: end offsets, and every committed record of a topic. */
public final class Topics implements AutoCloseable {

    private final Map<String, Object> clientConfig;
    private final SchemaRegistryClient registry;
    private final Admin admin;

    /** @param clientConfig {@code bootstrap.servers} and the cluster's security settings */
    public Topics(Map<String, Object> clientConfig, SchemaRegistryClient registry) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.registry = registry;
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        this.admin = Admin.create(p);
    }

    /** Committed records on a topic (sum of read_committed end offsets; control records included), 0 if absent. */
    public long endOffsetSum(String topic) {
        try {
            Map<String, TopicDescription> d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> specs = d.get(topic).partitions().stream()
                    .collect(Collectors.toMap(pi -> new TopicPartition(topic, pi.partition()), pi -> OffsetSpec.latest()));
            return admin.listOffsets(specs, new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Raw records of a topic, from the beginning to its current end (read_committed). */
    public long countRecords(String topic) {
        long[] n = {0};
        readAll(topic, r -> n[0]++);
        return n[0];
    }

    /** Every committed record of an Avro topic, decoded with the registry. */
    public <T extends SpecificRecord> List<T> readAll(String topic, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (AvroSerde<T> serde = AvroSerde.forValues(type, registry)) {
            var deserializer = serde.deserializer();
            readAll(topic, r -> out.add(deserializer.deserialize(topic, r.value())));
        }
        return out;
    }

    private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> parts = infos.stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        each.accept(r);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
