package io.leadstream.testkit.kafka;

import io.leadstream.schemas.kafka.KafkaClientSecurity;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The security of a secured {@link EmbeddedKafkaBroker}: its client listener speaks SASL_PLAINTEXT (or
 * SASL_SSL with a {@link SelfSignedCertificate}) with SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN; the
 * StandardAuthorizer enforces ACLs; a super user (random password) authenticates the broker to itself
 * and to its controller with PLAIN and administers the cluster. Named users get SCRAM credentials
 * (created through the Admin API once the broker runs) and a PLAIN entry in the listener's JAAS config.
 *
 * @see <a href="https://kafka.apache.org/documentation/#security_sasl_brokerconfig">Kafka: configuring SASL on brokers</a>
 * @see <a href="https://kafka.apache.org/documentation/#security_authz">Kafka: authorization and ACLs (StandardAuthorizer)</a>
 */
final class SecuredListener {
    static final String LISTENER = "CLIENT";
    static final String SUPER_USER = "admin";
    static final String DEFAULT_MECHANISM = "SCRAM-SHA-512";
    /** Word characters of Kafka's JAAS parser, so {@code user_<name>} stays one option name. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private final boolean tls;
    private final String superPassword = HexFormat.of().formatHex(randomBytes(16));
    private final Map<String, String> users;
    private SelfSignedCertificate certificate;

    SecuredListener(boolean tls, Map<String, String> users) {
        users.keySet().forEach(name -> {
            if (!USER_NAME.matcher(name).matches() || name.equals(SUPER_USER)) {
                throw new IllegalArgumentException("user name must match " + USER_NAME + " and not be " + SUPER_USER);
            }
        });
        this.tls = tls;
        this.users = Map.copyOf(users);
    }

    boolean tls() {
        return tls;
    }

    String protocol() {
        return tls ? "SASL_SSL" : "SASL_PLAINTEXT";
    }

    String superPassword() {
        return superPassword;
    }

    /** Named users and their passwords (without the super user). */
    Map<String, String> users() {
        return users;
    }

    void useCertificate(SelfSignedCertificate certificate) {
        this.certificate = certificate;
    }

    Map<String, String> brokerConfig() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listener.security.protocol.map", LISTENER + ":" + protocol() + ",CONTROLLER:SASL_PLAINTEXT");
        props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512,SCRAM-SHA-256,PLAIN");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        // SCRAM credentials live in the metadata log, which the controller cannot read before it runs: the broker
        // authenticates to itself and to the controller with PLAIN, checked against the static JAAS entries.
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config", plainServerJaas(Map.of()));
        props.put("listener.name.client.plain.sasl.jaas.config", plainServerJaas(users));
        props.put("listener.name.client.scram-sha-512.sasl.jaas.config", SCRAM_MODULE + " required;");
        props.put("listener.name.client.scram-sha-256.sasl.jaas.config", SCRAM_MODULE + " required;");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + SUPER_USER);
        props.put("allow.everyone.if.no.acl.found", "false");
        if (tls) {
            props.put("listener.name.client.ssl.keystore.location", certificate.keyStore().toString());
            props.put("listener.name.client.ssl.keystore.password", certificate.keyStorePassword());
            props.put("listener.name.client.ssl.key.password", certificate.keyStorePassword());
            props.put("listener.name.client.ssl.keystore.type", SelfSignedCertificate.KEY_STORE_TYPE);
            // The broker is its own inter-broker client over this listener (and checks at start that it can be).
            props.put("listener.name.client.ssl.truststore.location", certificate.trustStore().toString());
            props.put("listener.name.client.ssl.truststore.type", SelfSignedCertificate.TRUST_STORE_TYPE);
        }
        return props;
    }

    /** The {@link KafkaClientSecurity} variables of a client authenticating as {@code user} with {@code mechanism}. */
    Map<String, String> clientEnvironment(String user, String mechanism) {
        String password = user.equals(SUPER_USER) ? superPassword : users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such user on this broker: " + user);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put(KafkaClientSecurity.SECURITY_PROTOCOL, protocol());
        env.put(KafkaClientSecurity.SASL_MECHANISM, mechanism);
        env.put(KafkaClientSecurity.SASL_USERNAME, user);
        env.put(KafkaClientSecurity.SASL_PASSWORD, password);
        if (tls) {
            env.put(KafkaClientSecurity.SSL_TRUSTSTORE_LOCATION, certificate.trustStore().toString());
            env.put(KafkaClientSecurity.SSL_TRUSTSTORE_TYPE, SelfSignedCertificate.TRUST_STORE_TYPE);
        }
        return env;
    }

    private String plainServerJaas(Map<String, String> named) {
        StringBuilder jaas = new StringBuilder(PLAIN_MODULE).append(" required")
                .append(" username=").append(KafkaClientSecurity.jaasQuoted(SUPER_USER))
                .append(" password=").append(KafkaClientSecurity.jaasQuoted(superPassword))
                .append(" user_").append(SUPER_USER).append('=').append(KafkaClientSecurity.jaasQuoted(superPassword));
        named.forEach((name, password) -> jaas.append(" user_").append(name).append('=')
                .append(KafkaClientSecurity.jaasQuoted(password)));
        return jaas.append(';').toString();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "SecuredListener[" + protocol() + ", users " + users.keySet() + "]";
    }
}
