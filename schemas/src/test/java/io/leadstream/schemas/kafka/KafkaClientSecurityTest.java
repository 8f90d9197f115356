package io.leadstream.schemas.kafka;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.security.auth.login.AppConfigurationEntry;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Environment variables in, Kafka client properties out (SPEC §14); the broker-side proof is in testkit. */
class KafkaClientSecurityTest {
    private static final String SECRET = "s3cr3t-value-never-in-messages";

    @Test
    void noVariablesMeanPlaintextWithNothingToAdd() {
        KafkaClientSecurity security = KafkaClientSecurity.fromEnvironment(env());

        assertThat(security.protocol()).isEqualTo(SecurityProtocol.PLAINTEXT);
        assertThat(security.properties()).isEmpty();
    }

    @Test
    void blankVariablesCountAsUnset() {
        KafkaClientSecurity security = KafkaClientSecurity.fromEnvironment(env(
                "KAFKA_SECURITY_PROTOCOL", " ", "KAFKA_SASL_USERNAME", "", "KAFKA_SSL_TRUSTSTORE_LOCATION", ""));

        assertThat(security.properties()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "SCRAM-SHA-512, org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-256, org.apache.kafka.common.security.scram.ScramLoginModule",
            "PLAIN, org.apache.kafka.common.security.plain.PlainLoginModule"})
    void usernameAndPasswordBecomeTheJaasConfigOfTheMechanismsLoginModule(String mechanism, String loginModule) {
        Map<String, String> props = KafkaClientSecurity.fromEnvironment(env("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", mechanism, "KAFKA_SASL_USERNAME", "svc-stream", "KAFKA_SASL_PASSWORD", SECRET)).properties();

        assertThat(props).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", mechanism);
        AppConfigurationEntry entry = parsedByKafka(props.get("sasl.jaas.config"));
        assertThat(entry.getLoginModuleName()).isEqualTo(loginModule);
        assertThat(entry.getControlFlag()).isEqualTo(AppConfigurationEntry.LoginModuleControlFlag.REQUIRED);
        assertThat(options(entry)).containsExactlyInAnyOrderEntriesOf(Map.of("username", "svc-stream", "password", SECRET));
    }

    @Test
    void mechanismAndProtocolNamesAreCaseInsensitive() {
        Map<String, String> props = KafkaClientSecurity.fromEnvironment(env("KAFKA_SECURITY_PROTOCOL", "sasl_ssl",
                "KAFKA_SASL_MECHANISM", "scram-sha-512", "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p")).properties();

        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void quotesBackslashesSemicolonsAndLineBreaksInCredentialsSurviveKafkasJaasParser() {
        String password = "a\"b\\c;d=e 'f'\n/*g*/ //h\r\u00e9\u4e2d";
        String username = "user \"with\" quotes";
        Map<String, String> props = KafkaClientSecurity.fromEnvironment(env("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", username, "KAFKA_SASL_PASSWORD", password)).properties();

        assertThat(options(parsedByKafka(props.get("sasl.jaas.config"))))
                .containsEntry("username", username).containsEntry("password", password);
    }

    @Property(tries = 300)
    void anyPasswordIsReadBackExactlyByKafkasJaasParser(@ForAll String password) {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required password="
                + KafkaClientSecurity.jaasQuoted(password) + ";";

        assertThat(options(parsedByKafka(jaas))).containsEntry("password", password);
    }

    @Test
    void anExplicitJaasConfigIsUsedAsGivenAndAllowsOtherMechanisms() {
        String jaas = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;";
        Map<String, String> props = KafkaClientSecurity.fromEnvironment(env("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "OAUTHBEARER", "KAFKA_SASL_JAAS_CONFIG", jaas)).properties();

        assertThat(props).containsEntry("sasl.mechanism", "OAUTHBEARER").containsEntry("sasl.jaas.config", jaas);
    }

    @Test
    void tlsStoresAndHostNameVerificationBecomeSslProperties() {
        Map<String, String> props = KafkaClientSecurity.fromEnvironment(env("KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12", "KAFKA_SSL_TRUSTSTORE_PASSWORD", SECRET,
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12", "KAFKA_SSL_KEYSTORE_LOCATION", "/etc/kafka/client.p12",
                "KAFKA_SSL_KEYSTORE_PASSWORD", "ks-secret", "KAFKA_SSL_KEYSTORE_TYPE", "PKCS12",
                "KAFKA_SSL_KEY_PASSWORD", "key-secret", "KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "https")).properties();

        assertThat(props).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SSL",
                "ssl.truststore.location", "/etc/kafka/truststore.p12",
                "ssl.truststore.password", SECRET,
                "ssl.truststore.type", "PKCS12",
                "ssl.keystore.location", "/etc/kafka/client.p12",
                "ssl.keystore.password", "ks-secret",
                "ssl.keystore.type", "PKCS12",
                "ssl.key.password", "key-secret",
                "ssl.endpoint.identification.algorithm", "https"));
    }

    @Test
    void anEmptyEndpointIdentificationAlgorithmTurnsHostNameVerificationOffAsKafkaDefines() {
        Map<String, String> props = KafkaClientSecurity.fromEnvironment(env("KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "")).properties();

        assertThat(props).containsEntry("ssl.endpoint.identification.algorithm", "");
    }

    @Test
    void withoutTlsAnEmptyEndpointIdentificationAlgorithmIsIgnored() {
        assertThat(KafkaClientSecurity.fromEnvironment(env("KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "")).properties())
                .isEmpty();
    }

    @Test
    void saslSslCombinesCredentialsAndTheTruststoreAsOnConfluentCloud() {
        Map<String, String> props = KafkaClientSecurity.fromEnvironment(env("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", "API_KEY", "KAFKA_SASL_PASSWORD", SECRET,
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/certs/ca.pem", "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")).properties();

        assertThat(props).containsKeys("sasl.jaas.config").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/certs/ca.pem").containsEntry("ssl.truststore.type", "PEM");
    }

    @Test
    void addToKeepsTheBaseSettingsAndAddsTheSecurityOnes() {
        KafkaClientSecurity security = KafkaClientSecurity.fromEnvironment(env("KAFKA_SECURITY_PROTOCOL", "SSL"));

        assertThat(security.addTo(Map.of("bootstrap.servers", "broker:9093")))
                .containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SSL");
    }

    @Test
    void toStringNamesProtocolAndMechanismButNoCredential() {
        KafkaClientSecurity security = KafkaClientSecurity.fromEnvironment(env("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "KAFKA_SASL_USERNAME", "the-user", "KAFKA_SASL_PASSWORD", SECRET));

        assertThat(security.toString()).contains("SASL_SSL", "SCRAM-SHA-512").doesNotContain(SECRET, "the-user");
    }

    // ---- inconsistent settings fail at start, naming the variable and never its value ----------------

    @Test
    void anUnknownProtocolIsRefused() {
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SASL_SECRET_TLS"), "KAFKA_SECURITY_PROTOCOL", "SASL_SECRET_TLS");
    }

    @Test
    void aSaslProtocolWithoutMechanismIsRefused() {
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", SECRET),
                "KAFKA_SASL_MECHANISM", SECRET);
    }

    @Test
    void aMechanismWithoutKnownLoginModuleNeedsAnExplicitJaasConfig() {
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "GSSAPI",
                "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", SECRET), "KAFKA_SASL_JAAS_CONFIG", SECRET);
    }

    @Test
    void aSaslProtocolWithoutUsernameIsRefused() {
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                "KAFKA_SASL_USERNAME", SECRET);
    }

    @Test
    void aUsernameWithoutPasswordIsRefused() {
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_USERNAME", "the-user"), "KAFKA_SASL_PASSWORD", "the-user");
    }

    @Test
    void aPasswordWithoutUsernameIsRefused() {
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_PASSWORD", SECRET), "KAFKA_SASL_USERNAME", SECRET);
    }

    @Test
    void credentialsAndAnExplicitJaasConfigTogetherAreRefused() {
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", SECRET,
                "KAFKA_SASL_JAAS_CONFIG", "x required password=\"" + SECRET + "\";"), "KAFKA_SASL_JAAS_CONFIG", SECRET);
    }

    @Test
    void saslCredentialsWithoutASaslProtocolAreRefusedRatherThanIgnored() {
        assertRefused(env("KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", SECRET), "KAFKA_SASL_USERNAME", SECRET);
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SASL_PASSWORD", SECRET), "KAFKA_SASL_PASSWORD", SECRET);
    }

    @Test
    void tlsSettingsWithoutATlsProtocolAreRefusedRatherThanIgnored() {
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "PLAIN",
                        "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p", "KAFKA_SSL_TRUSTSTORE_PASSWORD", SECRET),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", SECRET);
    }

    @Test
    void aStorePasswordWithoutItsStoreIsRefused() {
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_TRUSTSTORE_PASSWORD", SECRET),
                "KAFKA_SSL_TRUSTSTORE_LOCATION", SECRET);
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_KEY_PASSWORD", SECRET),
                "KAFKA_SSL_KEYSTORE_LOCATION", SECRET);
    }

    @Test
    void aKeystoreWithoutPasswordIsRefused() {
        assertRefused(env("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_KEYSTORE_LOCATION", "/etc/kafka/client.p12"),
                "KAFKA_SSL_KEYSTORE_PASSWORD", "/etc/kafka/client.p12");
    }

    private static void assertRefused(java.util.function.Function<String, String> env, String variable, String value) {
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnvironment(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(variable)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value));
    }

    private static AppConfigurationEntry parsedByKafka(String jaasConfig) {
        JaasContext context = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaasConfig)));
        assertThat(context.configurationEntries()).hasSize(1);
        return context.configurationEntries().get(0);
    }

    private static Map<String, Object> options(AppConfigurationEntry entry) {
        return new HashMap<>(entry.getOptions());
    }

    private static java.util.function.Function<String, String> env(String... namesAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env::get;
    }
}
