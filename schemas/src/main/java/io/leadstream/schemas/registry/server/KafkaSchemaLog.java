package io.leadstream.schemas.registry.server;

import io.leadstream.schemas.registry.CompatibilityLevel;
import io.leadstream.schemas.registry.RegistryError;
import io.leadstream.schemas.registry.SchemaRegistryException;
import io.leadstream.schemas.registry.server.SchemaLogEntry.CompatibilityConfig;
import io.leadstream.schemas.registry.server.SchemaLogEntry.SchemaVersion;
import org.apache.kafka.clients.CommonClientConfigs;
import io.leadstream.schemas.topic.TopicReplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The registry's log in a compacted, single-partition Kafka topic ({@code _schemas} by default),
 * with Confluent's key and value layout, so a restarted registry on the same cluster keeps every
 * id. A background reader tails the topic; {@link #append} returns only after the reader has
 * applied the appended record, which gives read-your-writes and picks up other writers too.
 */
public final class KafkaSchemaLog implements SchemaLog {
    public static final String DEFAULT_TOPIC = "_schemas";
    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaLog.class);
    private static final JsonMapper json = JsonMapper.builder().build();

    private final Map<String, Object> clientConfig;
    private final String topic;
    private final Duration timeout;
    private final TopicPartition partition;

    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread reader;
    private volatile boolean running;
    /** Offset of the next record the reader will deliver; guarded by "this" for wait/notify. */
    private long position;
    private volatile RuntimeException readerFailure;

    public KafkaSchemaLog(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_TOPIC, Duration.ofSeconds(30));
    }

    public KafkaSchemaLog(String bootstrapServers, String topic, Duration timeout) {
        this(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, timeout);
    }

    /**
     * @param clientConfig {@code bootstrap.servers} and whatever else every client needs on this cluster, e.g. the
     *                     security settings of {@link io.leadstream.schemas.kafka.KafkaClientSecurity}
     */
    public KafkaSchemaLog(Map<String, ?> clientConfig) {
        this(clientConfig, DEFAULT_TOPIC, Duration.ofSeconds(30));
    }

    public KafkaSchemaLog(Map<String, ?> clientConfig, String topic, Duration timeout) {
        if (clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("the schema log's client configuration needs bootstrap.servers");
        }
        this.clientConfig = Map.copyOf(clientConfig);
        this.topic = topic;
        this.timeout = timeout;
        this.partition = new TopicPartition(topic, 0);
    }

    @Override
    public void open(Consumer<SchemaLogEntry> listener) {
        ensureTopic();
        producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        running = true;
        reader = new Thread(() -> readLoop(listener), "schema-log-reader-" + topic);
        reader.setDaemon(true);
        reader.start();
        awaitPosition(end);
        log.info("Schema log {} replayed up to offset {}", topic, end);
    }

    @Override
    public void append(SchemaLogEntry entry) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, encodeKey(entry), encodeValue(entry));
        long offset;
        try {
            offset = producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(RegistryError.STORE_ERROR, "Interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            throw new SchemaRegistryException(RegistryError.STORE_ERROR, "Error while writing to " + topic + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new SchemaRegistryException(RegistryError.OPERATION_TIMEOUT, "Write to " + topic + " timed out after " + timeout, e);
        }
        awaitPosition(offset + 1);
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void readLoop(Consumer<SchemaLogEntry> listener) {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    SchemaLogEntry entry = decode(record.key(), record.value());
                    if (entry != null) {
                        listener.accept(entry);
                    }
                }
                long next = consumer.position(partition);
                synchronized (this) {
                    position = next;
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            readerFailure = e;
            log.error("Schema log reader for {} stopped", topic, e);
            synchronized (this) {
                notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void awaitPosition(long target) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (position < target) {
            if (readerFailure != null) {
                throw new SchemaRegistryException(RegistryError.STORE_ERROR, "Schema log reader failed: " + readerFailure.getMessage(), readerFailure);
            }
            long waitMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (waitMs <= 0) {
                throw new SchemaRegistryException(RegistryError.OPERATION_TIMEOUT,
                        "Timed out waiting for " + topic + " to reach offset " + target + " (at " + position + ")");
            }
            try {
                wait(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(RegistryError.STORE_ERROR, "Interrupted while reading " + topic, e);
            }
        }
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(clientConfig)) {
            if (admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                return;
            }
            // The same replication as every other topic the services create (TOPIC_REPLICATION_FACTOR, ...).
            TopicReplication replication = TopicReplication.Settings.fromEnvironment(System::getenv).resolve(admin, timeout);
            replication.logChoice(log, topic);
            Map<String, String> configs = new java.util.HashMap<>(replication.topicConfigs());
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            NewTopic newTopic = new NewTopic(topic, 1, replication.replicationFactor()).configs(configs);
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new SchemaRegistryException(RegistryError.STORE_ERROR, "Cannot create " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(RegistryError.STORE_ERROR, "Interrupted while creating " + topic, e);
        } catch (TimeoutException e) {
            throw new SchemaRegistryException(RegistryError.OPERATION_TIMEOUT, "Kafka at " + clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + " did not answer within " + timeout, e);
        }
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-writer");
        return props;
    }

    private Properties consumerProps() {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader");
        return props;
    }

    // ---- Confluent's _schemas record layout --------------------------------------------------

    static byte[] encodeKey(SchemaLogEntry entry) {
        ObjectNode key = json.createObjectNode();
        if (entry instanceof SchemaVersion v) {
            key.put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version()).put("magic", 1);
        } else if (entry instanceof CompatibilityConfig c) {
            key.put("keytype", "CONFIG").put("subject", c.subject()).put("magic", 0);
        }
        return json.writeValueAsBytes(key);
    }

    static byte[] encodeValue(SchemaLogEntry entry) {
        ObjectNode value = json.createObjectNode();
        if (entry instanceof SchemaVersion v) {
            value.put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                    .put("schema", v.schema()).put("deleted", v.deleted());
        } else if (entry instanceof CompatibilityConfig c) {
            value.put("compatibilityLevel", c.level().name());
        }
        return json.writeValueAsBytes(value);
    }

    /** Null for records this registry does not use (tombstones, NOOP and other Confluent key types). */
    static SchemaLogEntry decode(byte[] keyBytes, byte[] valueBytes) {
        if (keyBytes == null || valueBytes == null) {
            return null;
        }
        try {
            JsonNode key = json.readTree(keyBytes);
            JsonNode value = json.readTree(valueBytes);
            String type = key.path("keytype").asString("");
            return switch (type) {
                case "SCHEMA" -> new SchemaVersion(value.path("subject").asString(), value.path("version").asInt(),
                        value.path("id").asInt(), value.path("schema").asString(), value.path("deleted").asBoolean(false));
                case "CONFIG" -> new CompatibilityConfig(key.path("subject").isNull() || key.path("subject").isMissingNode()
                        ? null : key.path("subject").asString(),
                        CompatibilityLevel.parse(value.path("compatibilityLevel").asString()));
                default -> null;
            };
        } catch (RuntimeException e) {
            log.warn("Skipping unreadable record in schema log: key={}", new String(keyBytes, StandardCharsets.UTF_8), e);
            return null;
        }
    }
}
