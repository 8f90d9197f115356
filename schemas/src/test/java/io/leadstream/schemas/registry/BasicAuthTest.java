package io.leadstream.schemas.registry;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Confluent's {@code basic.auth.credentials.source} / {@code basic.auth.user.info}, and their environment variables. */
class BasicAuthTest {
    private static final URI PLAIN_URL = URI.create("https://registry.example:8081");

    @Test
    void byDefaultCredentialsComeFromTheUrlsUserInfo() {
        BasicAuth auth = BasicAuth.fromConfig(Map.of());

        assertThat(auth.authorization(URI.create("https://api-key:se%40cret@registry.example"))).contains(basic("api-key:se@cret"));
        assertThat(auth.authorization(PLAIN_URL)).isEmpty();
    }

    @Test
    void userInfoIsSentToEveryUrl() {
        BasicAuth auth = BasicAuth.fromConfig(Map.of("basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "api-key:pass:with:colons"));

        assertThat(auth.authorization(PLAIN_URL)).contains(basic("api-key:pass:with:colons"));
    }

    @Test
    void confluentsDeprecatedUserInfoKeyAndParsedPasswordsAreRead() {
        assertThat(BasicAuth.fromConfig(Map.of("basic.auth.credentials.source", "USER_INFO",
                "schema.registry.basic.auth.user.info", "k:s")).authorization(PLAIN_URL)).contains(basic("k:s"));
        assertThat(BasicAuth.fromConfig(Map.of("basic.auth.credentials.source", "user_info",
                "basic.auth.user.info", new Password("k:s"))).authorization(PLAIN_URL)).contains(basic("k:s"));
    }

    @Test
    void theEnvironmentVariablesMeanTheSame() {
        BasicAuth auth = BasicAuth.fromEnvironment(Map.of("SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO",
                "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "k:s")::get);

        assertThat(auth.authorization(PLAIN_URL)).contains(basic("k:s"));
    }

    @Test
    void userInfoSourceWithoutUserInfoIsRefused() {
        assertThatThrownBy(() -> BasicAuth.fromEnvironment(Map.of("SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO")::get))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO");
    }

    @Test
    void userInfoWithoutTheUserInfoSourceIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> BasicAuth.fromEnvironment(Map.of("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "k:secret")::get))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    @Test
    void userInfoWithoutAColonIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> BasicAuth.fromConfig(Map.of("basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "just-a-secret")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("just-a-secret"));
    }

    @Test
    void anUnsupportedSourceIsRefused() {
        assertThatThrownBy(() -> BasicAuth.fromConfig(Map.of("basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.credentials.source");
    }

    @Test
    void toStringNamesTheSourceButNoCredential() {
        assertThat(BasicAuth.userInfo("k:top-secret").toString()).isEqualTo("BasicAuth[USER_INFO]");
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
