package io.leadstream.schemas.serde;

import io.leadstream.schemas.registry.BasicAuth;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.common.config.ConfigException;

import java.util.Map;

/** Serde settings, named as Confluent's serializer names them so existing configs carry over. */
public final class AvroSerdeConfig {
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Register the record's schema if the subject lacks it (default true); otherwise look it up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Deserialize to the generated SpecificRecord classes (default true) rather than GenericRecord. */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** {@code URL} (default: credentials from the URL's user-info) or {@code USER_INFO}; see {@link BasicAuth}. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = BasicAuth.CREDENTIALS_SOURCE_CONFIG;
    /** {@code user:password}, sent when the credentials source is {@code USER_INFO}. */
    public static final String BASIC_AUTH_USER_INFO = BasicAuth.USER_INFO_CONFIG;

    private AvroSerdeConfig() {
    }

    static SchemaRegistryClient client(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, url, "the Avro serde needs the schema registry's URL");
        }
        return SchemaRegistryClient.forUrls(url.toString(), BasicAuth.fromConfig(configs));
    }

    static boolean flag(Map<String, ?> configs, String name, boolean defaultValue) {
        Object value = configs.get(name);
        return value == null ? defaultValue : Boolean.parseBoolean(value.toString());
    }
}
