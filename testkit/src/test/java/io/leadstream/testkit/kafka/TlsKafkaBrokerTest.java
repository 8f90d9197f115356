package io.leadstream.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SASL_SSL, as on Confluent Cloud: the broker presents a self-signed certificate for localhost, and a
 * client logs in over TLS only when it trusts that certificate ({@code KAFKA_SSL_TRUSTSTORE_*}) and
 * verifies the host name (Kafka's default).
 */
class TlsKafkaBrokerTest {

    private static final String TOPIC = "tls.events";
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startTlsBroker() {
        broker = EmbeddedKafkaBroker.builder().tls().user("svc", "tls-" + UUID.randomUUID()).build();
        broker.start();
        broker.createTopics(1, TOPIC);
        broker.grant("svc", KafkaAccess.toTopicsPrefixed("tls.").andGroupsPrefixed("tls-"));
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void aClientTrustingTheCertificateProducesAndConsumesOverSaslSsl() throws Exception {
        Map<String, String> env = broker.clientEnvironment("svc");
        assertThat(env).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsKey("KAFKA_SSL_TRUSTSTORE_LOCATION");
        String value = "over-tls-" + UUID.randomUUID();

        try (var producer = new KafkaProducer<>(broker.clientProperties(env), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "k", value)).get(30, TimeUnit.SECONDS);
        }

        assertThat(SecuredKafkaBrokerTest.consume(broker.clientProperties(env), "tls-" + UUID.randomUUID(), TOPIC))
                .contains(value);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() {
        Map<String, String> env = new HashMap<>(broker.clientEnvironment("svc"));
        env.keySet().removeAll(List.of("KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_TYPE"));
        Map<String, Object> config = new HashMap<>(broker.clientProperties(env));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);

        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }
}
