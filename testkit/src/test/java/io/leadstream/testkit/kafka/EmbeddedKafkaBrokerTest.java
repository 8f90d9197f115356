package io.leadstream.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A private embedded broker (not the shared one), because these tests stop and restart it. */
class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().build();
        broker.start();
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void keepsRecordsAcrossARestartAtTheSameAddress() throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        broker.createTopics(1, topic);
        String before = broker.bootstrapServers();
        try (var producer = producer(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, "k", "before-restart")).get();
        }

        broker.restart();

        assertThat(broker.bootstrapServers()).isEqualTo(before);
        assertThat(broker.isRunning()).isTrue();
        assertThat(consumeValues(broker.bootstrapServers(), topic, 1)).containsExactly("before-restart");
    }

    @Test
    void closeStopsTheBrokerAndDeletesItsLogDirectory() {
        EmbeddedKafkaBroker other = EmbeddedKafkaBroker.builder().build();
        other.start();
        java.nio.file.Path logDir = other.logDir();
        assertThat(logDir).isDirectory();
        assertThat(other.bootstrapServers()).isNotEqualTo(broker.bootstrapServers());

        other.close();

        assertThat(other.isRunning()).isFalse();
        assertThat(logDir).doesNotExist();
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    static List<String> consumeValues(String bootstrap, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }
}
