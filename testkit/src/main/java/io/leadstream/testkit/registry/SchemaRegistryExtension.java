package io.leadstream.testkit.registry;

import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves the JVM-shared registry into test parameters: {@link SchemaRegistryServer},
 * {@link SchemaRegistryClient} (a fresh client, so caches never leak between tests) and
 * {@code @SchemaRegistryUrl String}.
 */
public final class SchemaRegistryExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SchemaRegistryServer.class || type == SchemaRegistryClient.class
                || type == String.class && parameter.isAnnotated(SchemaRegistryUrl.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SchemaRegistryServer server = SharedSchemaRegistry.get();
        Class<?> type = parameter.getParameter().getType();
        if (type == SchemaRegistryServer.class) {
            return server;
        }
        if (type == SchemaRegistryClient.class) {
            return SchemaRegistryClient.forUrls(server.url());
        }
        return server.url();
    }
}
