package io.leadstream.testkit.registry;

import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.testkit.kafka.SharedKafkaBroker;

/**
 * The one schema registry of this JVM: this project's Confluent-API registry server, storing its
 * schemas durably in {@code _schemas} on the JVM-shared broker. Started on first use, closed by a
 * JVM shutdown hook (after which the broker's own hook removes its data).
 */
public final class SharedSchemaRegistry {
    private static SchemaRegistryServer server;

    private SharedSchemaRegistry() {
    }

    public static synchronized SchemaRegistryServer get() {
        if (server == null) {
            SchemaRegistryServer started = SchemaRegistryServer.startOnKafka(SharedKafkaBroker.get().bootstrapServers(), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "leadstream-registry-shutdown"));
            server = started;
        }
        return server;
    }
}
