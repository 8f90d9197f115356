package io.leadstream.testkit.kafka;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A single-node Kafka broker for tests and the local dev stack: either Kafka's own server classes
 * running in this JVM ({@link EmbeddedKafkaBroker}) or Testcontainers' Kafka ({@link ContainerKafkaBroker}).
 * Obtain one from {@link KafkaBrokers#create()}, or share the per-JVM one through {@link KafkaExtension}.
 */
public interface KafkaBroker extends AutoCloseable {

    /** Starts the broker and returns once it accepts clients; a no-op when already running. */
    void start();

    /** Stops the broker but keeps its data and listener ports, so {@link #start()} resumes it. */
    void stop();

    /** Stop then start, keeping data, cluster id and {@link #bootstrapServers()}. */
    default void restart() {
        stop();
        start();
    }

    boolean isRunning();

    /** {@code host:port} clients use; stable across {@link #restart()}. */
    String bootstrapServers();

    /** Which implementation this is, for logs and assertions. */
    BrokerKind kind();

    /** Stops the broker and deletes everything it stored. */
    @Override
    void close();

    /** A new admin client on this broker; the caller closes it. */
    default Admin adminClient() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Creates the topics (replication factor 1) and waits until they exist; existing ones are kept. */
    default void createTopics(int partitions, String... names) {
        createTopics(Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList());
    }

    /** Creates the topics and waits until they exist; topics that already exist are left as they are. */
    default void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = adminClient()) {
            TopicAwait.createIfAbsent(admin, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + topics, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + topics, e);
        }
    }
}
