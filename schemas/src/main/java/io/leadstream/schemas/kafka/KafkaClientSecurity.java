package io.leadstream.schemas.kafka;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How every Kafka client of every service connects to the cluster (SPEC §14): the security settings
 * read from the environment, as Kafka client properties. One place, so stream-app, crm-sink,
 * event-api, the registry and devstack accept the same variables and refuse the same mistakes.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><td>{@code KAFKA_SECURITY_PROTOCOL}</td><td>PLAINTEXT (default), SSL, SASL_PLAINTEXT, SASL_SSL</td></tr>
 *   <tr><td>{@code KAFKA_SASL_MECHANISM}</td><td>SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN (any mechanism with
 *       {@code KAFKA_SASL_JAAS_CONFIG})</td></tr>
 *   <tr><td>{@code KAFKA_SASL_USERNAME}, {@code KAFKA_SASL_PASSWORD}</td><td>build {@code sasl.jaas.config} for the
 *       mechanism's login module (Confluent Cloud: API key and secret with PLAIN)</td></tr>
 *   <tr><td>{@code KAFKA_SASL_JAAS_CONFIG}</td><td>the whole {@code sasl.jaas.config}, instead of username/password</td></tr>
 *   <tr><td>{@code KAFKA_SSL_TRUSTSTORE_LOCATION/PASSWORD/TYPE}, {@code KAFKA_SSL_KEYSTORE_LOCATION/PASSWORD/TYPE},
 *       {@code KAFKA_SSL_KEY_PASSWORD}</td><td>the {@code ssl.*} store settings (no truststore: the JVM's default CAs)</td></tr>
 *   <tr><td>{@code KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM}</td><td>{@code https} (Kafka's default);
 *       set but empty disables host name verification</td></tr>
 * </table>
 *
 * Blank variables count as unset. Inconsistent settings fail with a {@link ConfigException} naming the
 * variable, never its value. Neither {@link #toString()} nor any message carries a credential.
 *
 * @see <a href="https://kafka.apache.org/documentation/#security_sasl_scram_clientconfig">Kafka: configuring SASL/SCRAM clients</a>
 * @see <a href="https://kafka.apache.org/documentation/#security_sasl_plain_clientconfig">Kafka: configuring SASL/PLAIN clients</a>
 * @see <a href="https://kafka.apache.org/documentation/#security_configclients">Kafka: configuring TLS clients</a>
 */
public final class KafkaClientSecurity {
    public static final String SECURITY_PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
    public static final String SASL_MECHANISM = "KAFKA_SASL_MECHANISM";
    public static final String SASL_USERNAME = "KAFKA_SASL_USERNAME";
    public static final String SASL_PASSWORD = "KAFKA_SASL_PASSWORD";
    public static final String SASL_JAAS_CONFIG = "KAFKA_SASL_JAAS_CONFIG";
    public static final String SSL_TRUSTSTORE_LOCATION = "KAFKA_SSL_TRUSTSTORE_LOCATION";
    public static final String SSL_TRUSTSTORE_PASSWORD = "KAFKA_SSL_TRUSTSTORE_PASSWORD";
    public static final String SSL_TRUSTSTORE_TYPE = "KAFKA_SSL_TRUSTSTORE_TYPE";
    public static final String SSL_KEYSTORE_LOCATION = "KAFKA_SSL_KEYSTORE_LOCATION";
    public static final String SSL_KEYSTORE_PASSWORD = "KAFKA_SSL_KEYSTORE_PASSWORD";
    public static final String SSL_KEYSTORE_TYPE = "KAFKA_SSL_KEYSTORE_TYPE";
    public static final String SSL_KEY_PASSWORD = "KAFKA_SSL_KEY_PASSWORD";
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM = "KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM";

    /** Every variable read here, e.g. for a launcher that passes them on to child processes. */
    public static final List<String> VARIABLES = List.of(SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD,
            SASL_JAAS_CONFIG, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE, SSL_KEYSTORE_LOCATION,
            SSL_KEYSTORE_PASSWORD, SSL_KEYSTORE_TYPE, SSL_KEY_PASSWORD, SSL_ENDPOINT_IDENTIFICATION_ALGORITHM);

    /** The SASL mechanisms whose login module this class knows, so username and password are enough. */
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");
    private static final Set<SecurityProtocol> SUPPORTED = Set.of(SecurityProtocol.PLAINTEXT, SecurityProtocol.SSL,
            SecurityProtocol.SASL_PLAINTEXT, SecurityProtocol.SASL_SSL);

    private final SecurityProtocol protocol;
    private final String mechanism;
    private final Map<String, String> properties;

    private KafkaClientSecurity(SecurityProtocol protocol, String mechanism, Map<String, String> properties) {
        this.protocol = protocol;
        this.mechanism = mechanism;
        this.properties = Map.copyOf(properties);
    }

    /** Reads the variables through {@code env} (e.g. {@code System::getenv}); fails on inconsistent settings. */
    public static KafkaClientSecurity fromEnvironment(Function<String, String> env) {
        Variables vars = new Variables(env);
        SecurityProtocol protocol = protocol(vars.get(SECURITY_PROTOCOL));
        boolean sasl = protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
        boolean tls = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
        Map<String, String> props = new LinkedHashMap<>();
        if (vars.isSet(SECURITY_PROTOCOL)) {
            props.put("security.protocol", protocol.name);
        }
        String mechanism = null;
        if (sasl) {
            mechanism = upper(vars.require(SASL_MECHANISM, "is required when " + SECURITY_PROTOCOL + " is " + protocol.name));
            props.put(SaslConfigs.SASL_MECHANISM, mechanism);
            props.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(vars, mechanism));
        } else {
            vars.refuseAny(List.of(SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD, SASL_JAAS_CONFIG),
                    "is set but " + SECURITY_PROTOCOL + " is " + protocol.name + ": use SASL_SSL or SASL_PLAINTEXT");
        }
        if (tls) {
            stores(vars, props);
        } else {
            vars.refuseAny(List.of(SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE,
                            SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEYSTORE_TYPE, SSL_KEY_PASSWORD,
                            SSL_ENDPOINT_IDENTIFICATION_ALGORITHM),
                    "is set but " + SECURITY_PROTOCOL + " is " + protocol.name + ": use SSL or SASL_SSL");
        }
        return new KafkaClientSecurity(protocol, mechanism, props);
    }

    /**
     * The Kafka client properties ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) to add to a
     * producer, consumer, admin or Streams configuration; empty when nothing is configured (PLAINTEXT).
     */
    public Map<String, String> properties() {
        return properties;
    }

    /** {@code base} (bootstrap servers and the like) with these security properties added. */
    public Map<String, Object> addTo(Map<String, ?> base) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        merged.putAll(properties);
        return merged;
    }

    public SecurityProtocol protocol() {
        return protocol;
    }

    /**
     * A value quoted for a JAAS option ({@code key="value"}), as Kafka's JAAS parser reads it: a
     * {@link java.io.StreamTokenizer} quoted string, where a backslash escapes and a line break would end it.
     */
    public static String jaasQuoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    @Override
    public String toString() {
        return "KafkaClientSecurity[" + protocol.name + (mechanism == null ? "" : ", " + mechanism) + "]";
    }

    private static SecurityProtocol protocol(String value) {
        if (value == null) {
            return SecurityProtocol.PLAINTEXT;
        }
        for (SecurityProtocol p : SUPPORTED) {
            if (p.name.equalsIgnoreCase(value.strip())) {
                return p;
            }
        }
        throw new ConfigException(SECURITY_PROTOCOL + " must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    }

    private static String jaasConfig(Variables vars, String mechanism) {
        boolean credentials = vars.isSet(SASL_USERNAME) || vars.isSet(SASL_PASSWORD);
        if (vars.isSet(SASL_JAAS_CONFIG)) {
            if (credentials) {
                throw new ConfigException("set either " + SASL_JAAS_CONFIG + " or " + SASL_USERNAME + "/" + SASL_PASSWORD
                        + ", not both");
            }
            return vars.get(SASL_JAAS_CONFIG);
        }
        String module = LOGIN_MODULES.get(mechanism);
        if (module == null) {
            throw new ConfigException(SASL_MECHANISM + " must be SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN (another mechanism"
                    + " needs " + SASL_JAAS_CONFIG + ")");
        }
        if (vars.isSet(SASL_PASSWORD) && !vars.isSet(SASL_USERNAME)) {
            throw new ConfigException(SASL_PASSWORD + " is set but " + SASL_USERNAME + " is not");
        }
        String username = vars.require(SASL_USERNAME, "is required for " + mechanism + " (or give " + SASL_JAAS_CONFIG + ")");
        String password = vars.require(SASL_PASSWORD, "is required for " + mechanism + " (or give " + SASL_JAAS_CONFIG + ")");
        return module + " required username=" + jaasQuoted(username) + " password=" + jaasQuoted(password) + ";";
    }

    private static void stores(Variables vars, Map<String, String> props) {
        vars.requireWith(SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE);
        vars.requireWith(SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEYSTORE_TYPE, SSL_KEY_PASSWORD);
        if (vars.isSet(SSL_KEYSTORE_LOCATION)) {
            // A client key store is always password-protected (Kafka refuses one without); say so by name.
            vars.require(SSL_KEYSTORE_PASSWORD, "is required with " + SSL_KEYSTORE_LOCATION);
        }
        vars.copy(SSL_TRUSTSTORE_LOCATION, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, props);
        vars.copy(SSL_TRUSTSTORE_PASSWORD, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, props);
        vars.copy(SSL_TRUSTSTORE_TYPE, SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, props);
        vars.copy(SSL_KEYSTORE_LOCATION, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, props);
        vars.copy(SSL_KEYSTORE_PASSWORD, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, props);
        vars.copy(SSL_KEYSTORE_TYPE, SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, props);
        vars.copy(SSL_KEY_PASSWORD, SslConfigs.SSL_KEY_PASSWORD_CONFIG, props);
        String algorithm = vars.raw(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM);
        if (algorithm != null) {
            // Kafka's own convention: an empty algorithm turns host name verification off.
            props.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, algorithm.strip());
        }
    }

    private static String upper(String value) {
        return value.strip().toUpperCase(Locale.ROOT);
    }

    /** The environment, with blank values read as unset. */
    private record Variables(Function<String, String> env) {
        String raw(String name) {
            return env.apply(name);
        }

        String get(String name) {
            String value = env.apply(name);
            return value == null || value.isBlank() ? null : value;
        }

        boolean isSet(String name) {
            return get(name) != null;
        }

        String require(String name, String why) {
            String value = get(name);
            if (value == null) {
                throw new ConfigException(name + " " + why);
            }
            return value;
        }

        void refuseAny(List<String> names, String why) {
            for (String name : names) {
                if (isSet(name)) {
                    throw new ConfigException(name + " " + why);
                }
            }
        }

        /** The store's other settings mean nothing without its location. */
        void requireWith(String location, String... dependents) {
            if (isSet(location)) {
                return;
            }
            for (String name : dependents) {
                if (isSet(name)) {
                    throw new ConfigException(name + " is set but " + location + " is not");
                }
            }
        }

        void copy(String name, String property, Map<String, String> props) {
            String value = get(name);
            if (value != null) {
                props.put(property, value);
            }
        }
    }
}
