package io.leadstream.stream.ops;

import io.leadstream.schemas.topic.TopicReplication;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.stream.cadence.TimerKey;
import io.leadstream.stream.topology.LeadTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Step 3 of growing stream-app's partition count (README, "Growing the partition count"): after ingestion
 * stopped, stream-app drained and stopped, and {@code voice.events.v1} got more partitions, this re-derives a new
 * application id's state from the old one's compacted changelogs.
 * <p>
 * Each store's latest value per key (read committed) is written to {@code <to>-<store>-changelog}, created with
 * the input's new partition count, in the partition its lead's key hashes to now, which is the partition whose
 * task will own the lead. The new group's offsets on {@code voice.events.v1} are set to the current end: every
 * event before it is in the copied state, so none is applied twice. Starting stream-app with the new application
 * id restores the stores from these changelogs. A store this class does not know how to map to its lead stops
 * the copy before anything is written.
 * <p>
 * Run: {@code java -cp stream-app.jar -Dloader.main=io.leadstream.stream.ops.PartitionGrowth
 * org.springframework.boot.loader.launch.PropertiesLauncher <bootstrap-servers> <from-application-id> <to-application-id>}.
 */
public final class PartitionGrowth {
    private static final Logger log = LoggerFactory.getLogger(PartitionGrowth.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** How a store's changelog key names its lead key ({@code <workspaceId>/<leadId>}), store by store. */
    static final Map<String, Function<byte[], String>> LEAD_KEY_OF_STORE = Map.of(
            LeadTopology.SNAPSHOT_STORE, key -> new String(key, StandardCharsets.UTF_8),
            LeadTopology.CADENCE_STATE_STORE, key -> new String(key, StandardCharsets.UTF_8),
            LeadTopology.TIMER_STORE, key -> TimerKey.decode(key).lead().toString(),
            // The phone stage's ledgers are keyed, and their requests topic partitioned, by <ws>/<E.164>.
            LeadTopology.PHONE_LEDGER_STORE, key -> new String(key, StandardCharsets.UTF_8));

    /** What a run did. */
    public record Result(int partitions, Map<String, Integer> recordsPerChangelog, Map<TopicPartition, Long> inputOffsets) {
    }

    private PartitionGrowth() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: PartitionGrowth <bootstrap-servers> <from-application-id> <to-application-id>");
            System.exit(2);
        }
        Map<String, Object> client = new HashMap<>(io.leadstream.schemas.kafka.KafkaClientSecurity.fromEnvironment(System::getenv)
                .addTo(Map.of("bootstrap.servers", args[0])));
        Result result = run(client, args[1], args[2], TopicReplication.Settings.fromEnvironment(System::getenv));
        System.out.println("Grown to " + result.partitions() + " partitions: " + result.recordsPerChangelog()
                + "; input offsets of " + args[2] + " set to " + result.inputOffsets());
    }

    public static Result run(Map<String, Object> clientConfig, String fromApplicationId, String toApplicationId,
                             TopicReplication.Settings replicationSettings) {
        if (fromApplicationId.equals(toApplicationId)) {
            throw new IllegalArgumentException("the new application id must differ from the old one");
        }
        try (Admin admin = Admin.create(clientConfig)) {
            String input = Topics.VOICE_EVENTS.name();
            TopicDescription inputTopic = admin.describeTopics(List.of(input)).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(input);
            int partitions = inputTopic.partitions().size();
            if (!admin.listConsumerGroupOffsets(toApplicationId).partitionsToOffsetAndMetadata().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).isEmpty()) {
                throw new IllegalStateException("application id " + toApplicationId + " already has committed offsets: use a new one");
            }
            String prefix = fromApplicationId + "-";
            String suffix = "-changelog";
            List<String> changelogs = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix) && t.endsWith(suffix)).sorted().toList();
            Map<String, String> storeOf = new LinkedHashMap<>();
            for (String changelog : changelogs) {
                String store = changelog.substring(prefix.length(), changelog.length() - suffix.length());
                if (!LEAD_KEY_OF_STORE.containsKey(store)) {
                    throw new IllegalStateException("store " + store + " (" + changelog + ") has no lead-key mapping in "
                            + PartitionGrowth.class.getSimpleName() + ": add one before growing the partitions");
                }
                storeOf.put(changelog, store);
            }
            // Nothing is written until every store is known and the new application id is unused.
            TopicReplication replication = replicationSettings.resolve(admin, TIMEOUT);
            Map<String, Integer> copied = new LinkedHashMap<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(clientConfig),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (Map.Entry<String, String> entry : storeOf.entrySet()) {
                    String target = toApplicationId + "-" + entry.getValue() + suffix;
                    Map<String, String> configs = new HashMap<>(replication.topicConfigs());
                    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                    admin.createTopics(List.of(new NewTopic(target, partitions, replication.replicationFactor()).configs(configs)))
                            .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    Map<ByteBuffer, byte[]> latest = readLatest(clientConfig, admin, entry.getKey());
                    Function<byte[], String> leadKeyOf = LEAD_KEY_OF_STORE.get(entry.getValue());
                    for (Map.Entry<ByteBuffer, byte[]> record : latest.entrySet()) {
                        byte[] key = record.getKey().array();
                        int partition = partitionOf(leadKeyOf.apply(key), partitions);
                        producer.send(new ProducerRecord<>(target, partition, key, record.getValue()));
                    }
                    producer.flush();
                    copied.put(target, latest.size());
                    log.info("Copied {} keys of {} to {} ({} partitions)", latest.size(), entry.getKey(), target, partitions);
                }
            }
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            inputTopic.partitions().forEach(p -> ends.put(new TopicPartition(input, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> endOffsets = admin.listOffsets(ends).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            Map<TopicPartition, Long> offsets = new HashMap<>();
            endOffsets.forEach((tp, info) -> {
                commit.put(tp, new OffsetAndMetadata(info.offset()));
                offsets.put(tp, info.offset());
            });
            admin.alterConsumerGroupOffsets(toApplicationId, commit).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            log.info("Application {} starts {} at its end offsets {}", toApplicationId, input, offsets);
            return new Result(partitions, copied, offsets);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while growing partitions", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not grow partitions: " + e, e);
        }
    }

    /** The partition the producers' default partitioner gives a String key: where the lead's events now go. */
    static int partitionOf(String leadKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(leadKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static Map<String, Object> producerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /** Every key's latest value in the changelog, as compaction would keep it; tombstones remove the key. */
    private static Map<ByteBuffer, byte[]> readLatest(Map<String, Object> clientConfig, Admin admin, String topic)
            throws java.util.concurrent.ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Map<String, Object> config = new HashMap<>(clientConfig);
        // exactly_once_v2 writes changelogs in transactions: an aborted write is not state.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic);
        List<TopicPartition> partitions = new ArrayList<>();
        description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        Map<ByteBuffer, byte[]> latest = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ByteBuffer key = ByteBuffer.wrap(record.key());
                    if (record.value() == null) {
                        latest.remove(key);
                    } else {
                        latest.put(key, record.value());
                    }
                }
            }
        }
        return latest;
    }
}
