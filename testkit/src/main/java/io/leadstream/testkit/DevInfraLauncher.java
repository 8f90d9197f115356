package io.leadstream.testkit;

import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.kafka.KafkaBrokers;
import io.leadstream.testkit.postgres.EmbeddedPostgresDatabase;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local development infrastructure in one process until Ctrl-C:
 * a Kafka broker (in-process KRaft unless {@code -Dleadstream.kafka=testcontainers}), the schema
 * registry storing its schemas on it ({@code SCHEMA_REGISTRY_PORT}, default 8085) and, with
 * {@code --postgres}, an embedded PostgreSQL.
 *
 * <pre>java -cp ... io.leadstream.testkit.DevInfraLauncher [--postgres]
 * mvn -pl testkit test-compile exec:java [-Dexec.args=postgres]</pre>
 */
public final class DevInfraLauncher {

    private final List<AutoCloseable> started = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) throws InterruptedException {
        boolean withPostgres = List.of(args).contains("--postgres") || List.of(args).contains("postgres");
        DevInfraLauncher launcher = new DevInfraLauncher();
        // Registered first so a Ctrl-C during startup still closes what is already running.
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::shutdown, "leadstream-dev-infra-shutdown"));
        int registryPort = Integer.parseInt(System.getenv().getOrDefault("SCHEMA_REGISTRY_PORT", "8085"));
        launcher.start(withPostgres, registryPort, System.out);
        System.out.println("Dev infrastructure is up; press Ctrl-C to stop.");
        launcher.stopped.await();
    }

    /** Starts everything and prints where each service listens. */
    void start(boolean withPostgres, int registryPort, PrintStream out) {
        KafkaBroker broker = KafkaBrokers.create();
        register(broker);
        broker.start();
        out.println("Kafka (" + broker.kind() + ") bootstrap servers: " + broker.bootstrapServers());
        SchemaRegistryServer registry = SchemaRegistryServer.startOnKafka(broker.bootstrapServers(), registryPort);
        register(registry);
        out.println("Schema registry (Confluent REST API): " + registry.url());
        if (withPostgres) {
            EmbeddedPostgresDatabase postgres = new EmbeddedPostgresDatabase();
            register(postgres);
            postgres.start();
            out.println("PostgreSQL JDBC URL: " + postgres.jdbcUrl());
        }
    }

    private synchronized void register(AutoCloseable resource) {
        started.add(resource);
    }

    /** Closes in reverse start order; safe to call more than once. */
    synchronized void shutdown() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("Could not stop " + started.get(i) + ": " + e);
            }
        }
        started.clear();
        stopped.countDown();
    }
}
