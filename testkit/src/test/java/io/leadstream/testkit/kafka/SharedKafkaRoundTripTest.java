package io.leadstream.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@WithKafka
class SharedKafkaRoundTripTest {

    @Test
    void aProducedRecordIsConsumed(KafkaBroker broker) throws Exception {
        String topic = "round-trip-" + UUID.randomUUID();
        broker.createTopics(3, topic);
        try (var producer = EmbeddedKafkaBrokerTest.producer(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, "lead-1", "called")).get();
        }

        assertThat(EmbeddedKafkaBrokerTest.consumeValues(broker.bootstrapServers(), topic, 1)).containsExactly("called");
    }

    @Test
    void readCommittedConsumerSeesCommittedButNotAbortedTransactions(@BootstrapServers String bootstrap,
                                                                      KafkaBroker broker) {
        String topic = "tx-" + UUID.randomUUID();
        broker.createTopics(1, topic);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            // The committed record sits after the aborted one, so once it arrives the aborted one was skipped.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.contains("committed");
            });
        }
        assertThat(seen).containsExactly("committed");
    }

    @Test
    void resolvesTheJvmSharedBroker(KafkaBroker broker, @BootstrapServers String bootstrap) {
        assertThat(broker).isSameAs(SharedKafkaBroker.get());
        assertThat(bootstrap).isEqualTo(broker.bootstrapServers());
        assertThat(broker.isRunning()).isTrue();
    }
}
