package io.leadstream.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The secured embedded broker (SPEC §14) behaves as a secured production cluster does: only known users
 * with the right password get in, and a user can do only what its ACLs allow — which is what the
 * services' credentials are tested against. The client side is {@code KafkaClientSecurity}'s.
 */
class SecuredKafkaBrokerTest {

    /** Quotes, a backslash and a semicolon: the JAAS quoting is proven against the broker itself. */
    private static final String SERVICE_PASSWORD = "svc \"pass\\word\"; with=odd chars";
    private static final String TOPIC = "svc.events";
    private static final String FOREIGN_TOPIC = "other.events";
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startSecuredBroker() {
        broker = EmbeddedKafkaBroker.builder().secured()
                .user("svc", SERVICE_PASSWORD)
                .user("stranger", "stranger-password")
                .build();
        broker.start();
        broker.createTopics(1, TOPIC, FOREIGN_TOPIC);
        broker.grant("svc", KafkaAccess.toTopicsPrefixed("svc.").andGroupsPrefixed("svc-")
                .andTransactionalIdsPrefixed("svc-").andIdempotentWrite());
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void aServiceWithItsAclsProducesTransactionallyAndConsumesInItsGroup() throws Exception {
        Map<String, Object> producerConfig = new HashMap<>(broker.clientProperties("svc"));
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "svc-" + UUID.randomUUID());
        String value = "committed-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "k", value));
            producer.commitTransaction();
        }

        assertThat(consume(broker.clientProperties("svc"), "svc-group-" + UUID.randomUUID(), TOPIC)).contains(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"})
    void aUserLogsInWithEachMechanism(String mechanism) throws Exception {
        Map<String, Object> config = broker.clientProperties(broker.clientEnvironment("svc", mechanism));

        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThat(producer.send(new ProducerRecord<>(TOPIC, "k", mechanism)).get(30, TimeUnit.SECONDS).offset()).isNotNegative();
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureNotAHang() {
        Map<String, String> env = new HashMap<>(broker.clientEnvironment("svc"));
        env.put("KAFKA_SASL_PASSWORD", "not-the-password");

        assertThatThrownBy(() -> describeCluster(broker.clientProperties(env)))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aUserTheClusterDoesNotKnowIsAnAuthenticationFailure() {
        Map<String, String> env = new HashMap<>(broker.clientEnvironment("svc"));
        env.put("KAFKA_SASL_USERNAME", "nobody");

        assertThatThrownBy(() -> describeCluster(broker.clientProperties(env)))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aClientWithoutCredentialsGetsNothingFromTheCluster() {
        // A plaintext client cannot even fail SASL: the broker drops its first non-SASL request, so it
        // sees a closed connection and gives up after its own timeout, never reading a byte.
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

        assertThatThrownBy(() -> describeCluster(config)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void aUserWithoutAclsIsDeniedTheTopicAndTheGroup() {
        Map<String, Object> config = broker.clientProperties("stranger");

        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThatThrownBy(() -> consume(config, "svc-group-" + UUID.randomUUID(), TOPIC))
                .isInstanceOfAny(GroupAuthorizationException.class, TopicAuthorizationException.class);
    }

    @Test
    void aServiceIsDeniedTopicsOutsideItsPrefixes() {
        try (var producer = new KafkaProducer<>(broker.clientProperties("svc"), new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(FOREIGN_TOPIC, "k", "v")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theSuperUserAdministersTheCluster() throws Exception {
        try (Admin admin = broker.adminClient()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC, FOREIGN_TOPIC);
        }
    }

    private static void describeCluster(Map<String, Object> clientConfig) throws Exception {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        }
    }

    static List<String> consume(Map<String, Object> clientConfig, String group, String topic) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return !values.isEmpty();
            });
        }
        return values;
    }
}
