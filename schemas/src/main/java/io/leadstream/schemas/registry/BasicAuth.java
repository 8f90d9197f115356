package io.leadstream.schemas.registry;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the registry client authenticates (SPEC §14), with Confluent's settings and their meaning:
 * {@code basic.auth.credentials.source} is {@code URL} (the default: the user-info of each registry URL,
 * {@code https://user:password@host}, if it has one) or {@code USER_INFO} ({@code basic.auth.user.info},
 * {@code user:password}, for every URL; Confluent Cloud's API key and secret). Confluent's third source,
 * {@code SASL_INHERIT}, is not supported.
 *
 * <p>Stricter than Confluent's client in one way: a user-info given while the source is not USER_INFO is
 * an error rather than silently unused. URL user-info is percent-decoded (RFC 3986), so a password may
 * hold {@code @} or {@code :} written as {@code %40} and {@code %3A}.
 *
 * @see <a href="https://docs.confluent.io/platform/current/schema-registry/sr-client-configs.html">Confluent:
 *     Schema Registry client configuration ({@code basic.auth.credentials.source}, {@code basic.auth.user.info})</a>
 */
public final class BasicAuth {
    public static final String CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String USER_INFO_CONFIG = "basic.auth.user.info";
    /** Confluent's deprecated name of {@link #USER_INFO_CONFIG}, still read by its serializers. */
    public static final String DEPRECATED_USER_INFO_CONFIG = "schema.registry.basic.auth.user.info";

    public static final String CREDENTIALS_SOURCE_VARIABLE = "SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE";
    public static final String USER_INFO_VARIABLE = "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO";
    /** Every environment variable read by {@link #fromEnvironment}. */
    public static final List<String> VARIABLES = List.of(CREDENTIALS_SOURCE_VARIABLE, USER_INFO_VARIABLE);

    private static final BasicAuth FROM_URL = new BasicAuth(null);

    /** The {@code Authorization} header for every URL; null for the URL source. */
    private final String userInfoHeader;

    private BasicAuth(String userInfoHeader) {
        this.userInfoHeader = userInfoHeader;
    }

    /** Confluent's default: credentials, if any, from each URL's user-info. */
    public static BasicAuth fromUrl() {
        return FROM_URL;
    }

    /** {@code user:password} sent to every registry URL. */
    public static BasicAuth userInfo(String userInfo) {
        return parse("USER_INFO", userInfo, CREDENTIALS_SOURCE_CONFIG, USER_INFO_CONFIG);
    }

    /** From serde / client configuration with Confluent's keys. */
    public static BasicAuth fromConfig(Map<String, ?> configs) {
        Object userInfo = configs.get(USER_INFO_CONFIG);
        String userInfoKey = USER_INFO_CONFIG;
        if (isBlank(userInfo) && !isBlank(configs.get(DEPRECATED_USER_INFO_CONFIG))) {
            userInfo = configs.get(DEPRECATED_USER_INFO_CONFIG);
            userInfoKey = DEPRECATED_USER_INFO_CONFIG;
        }
        return parse(text(configs.get(CREDENTIALS_SOURCE_CONFIG)), text(userInfo), CREDENTIALS_SOURCE_CONFIG, userInfoKey);
    }

    /** From {@code SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE} and {@code SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}. */
    public static BasicAuth fromEnvironment(Function<String, String> env) {
        return parse(env.apply(CREDENTIALS_SOURCE_VARIABLE), env.apply(USER_INFO_VARIABLE),
                CREDENTIALS_SOURCE_VARIABLE, USER_INFO_VARIABLE);
    }

    /** The {@code Authorization} header value for a request to {@code url} (which may carry user-info); empty for none. */
    public Optional<String> authorization(URI url) {
        if (userInfoHeader != null) {
            return Optional.of(userInfoHeader);
        }
        String userInfo = url.getUserInfo();
        return userInfo == null || userInfo.isEmpty() ? Optional.empty() : Optional.of(header(userInfo));
    }

    @Override
    public String toString() {
        return userInfoHeader == null ? "BasicAuth[URL]" : "BasicAuth[USER_INFO]";
    }

    private static BasicAuth parse(String source, String userInfo, String sourceName, String userInfoName) {
        String chosen = isBlank(source) ? "URL" : source.strip().toUpperCase(Locale.ROOT);
        switch (chosen) {
            case "URL" -> {
                if (!isBlank(userInfo)) {
                    throw new ConfigException(userInfoName + " is set but " + sourceName
                            + " is not USER_INFO, so it would not be used");
                }
                return FROM_URL;
            }
            case "USER_INFO" -> {
                if (isBlank(userInfo)) {
                    throw new ConfigException(userInfoName + " (user:password) is required when " + sourceName
                            + " is USER_INFO");
                }
                if (userInfo.indexOf(':') <= 0) {
                    throw new ConfigException(userInfoName + " must be user:password");
                }
                return new BasicAuth(header(userInfo));
            }
            default -> throw new ConfigException(sourceName + " must be URL or USER_INFO");
        }
    }

    private static String header(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isBlank(Object value) {
        String text = text(value);
        return text == null || text.isBlank();
    }

    private static String text(Object value) {
        // Configs parsed by a ConfigDef hold passwords as Password, whose toString() hides them.
        return value instanceof Password password ? password.value() : value == null ? null : value.toString();
    }
}
