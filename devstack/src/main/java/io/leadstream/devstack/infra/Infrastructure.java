package io.leadstream.devstack.infra;

import io.leadstream.devstack.DevstackOptions;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.testkit.kafka.BrokerKind;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.kafka.KafkaBrokers;
import io.leadstream.testkit.postgres.EmbeddedPostgresDatabase;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The infrastructure the services talk to, each piece embedded in this JVM unless the options
 * point at a real one: a KRaft broker, the Confluent-API registry on it, PostgreSQL and the
 * Salesforce emulator. Closes in reverse start order.
 */
public final class Infrastructure implements AutoCloseable {

    /** The lead database's name inside the embedded PostgreSQL. */
    public static final String DATABASE = "leadstream";

    private final List<AutoCloseable> started = new ArrayList<>();
    private KafkaBroker broker;
    private SchemaRegistryServer registry;
    private EmbeddedPostgresDatabase postgres;
    private SalesforceEmulator emulator;
    private String bootstrapServers;
    private String registryUrl;
    private Database database;
    private SalesforceOrg salesforce;

    /** Where the lead database is and how to log in (password may be empty). */
    public record Database(String jdbcUrl, String user, String password, boolean embedded) {
    }

    /** The org crm-sink writes to; {@code emulator} is empty for a real org. Never printed whole. */
    public record SalesforceOrg(String loginUrl, String grant, String clientId, String clientSecret, String username,
                                String privateKey, Optional<SalesforceEmulator> emulator) {
        @Override
        public String toString() {
            return "SalesforceOrg[" + loginUrl + ", grant " + grant + ", client " + clientId + "]";
        }
    }

    public static Infrastructure start(DevstackOptions options, Ports ports, Map<String, String> env) {
        Infrastructure infra = new Infrastructure();
        try {
            infra.startAll(options, ports, env);
            return infra;
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    private void startAll(DevstackOptions options, Ports ports, Map<String, String> env) {
        if (options.kafka().isPresent()) {
            bootstrapServers = options.kafka().get();
        } else {
            broker = KafkaBrokers.create(BrokerKind.EMBEDDED);
            started.add(broker);
            broker.start();
            bootstrapServers = broker.bootstrapServers();
        }
        if (options.schemaRegistry().isPresent()) {
            registryUrl = options.schemaRegistry().get();
        } else {
            registry = SchemaRegistryServer.startOnKafka(bootstrapServers, ports.registry());
            started.add(registry);
            registryUrl = registry.url();
        }
        if (options.postgres().isPresent()) {
            database = new Database(options.postgres().get(), env.getOrDefault("DATABASE_USER", "leadstream"),
                    env.getOrDefault("DATABASE_PASSWORD", ""), false);
        } else {
            postgres = new EmbeddedPostgresDatabase();
            started.add(postgres);
            postgres.start();
            postgres.createDatabase(DATABASE);
            database = new Database("jdbc:postgresql://localhost:" + postgres.port() + "/" + DATABASE,
                    EmbeddedPostgresDatabase.USER, "", true);
        }
        if (options.salesforce().isPresent()) {
            salesforce = new SalesforceOrg(options.salesforce().get(),
                    env.getOrDefault("SALESFORCE_GRANT", "client_credentials"),
                    env.getOrDefault("SALESFORCE_CLIENT_ID", ""), env.getOrDefault("SALESFORCE_CLIENT_SECRET", ""),
                    env.getOrDefault("SALESFORCE_USERNAME", ""), env.getOrDefault("SALESFORCE_PRIVATE_KEY", ""),
                    Optional.empty());
        } else {
            // A fresh client secret per run: the emulator is local, but no secret is ever a constant.
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            emulator = SalesforceEmulator.start(EmulatorConfig.defaults()
                    .withPort(ports.emulator())
                    .withAdmin("127.0.0.1", ports.emulatorAdmin())
                    .withClient("leadstream-devstack", HexFormat.of().formatHex(secret))
                    .withDailyApiLimit(1_000_000));
            started.add(emulator);
            salesforce = new SalesforceOrg(emulator.baseUrl(), "client_credentials", emulator.clientId(),
                    emulator.clientSecret(), "", "", Optional.of(emulator));
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public Database database() {
        return database;
    }

    public SalesforceOrg salesforce() {
        return salesforce;
    }

    public Optional<SalesforceEmulator> emulator() {
        return Optional.ofNullable(emulator);
    }

    /** The embedded PostgreSQL, for fault tests (stop / start); empty when a real one is used. */
    public Optional<EmbeddedPostgresDatabase> embeddedPostgres() {
        return Optional.ofNullable(postgres);
    }

    public String describe(String what) {
        return switch (what) {
            case "kafka" -> (broker == null ? "external" : "embedded KRaft");
            case "registry" -> (registry == null ? "external" : "embedded");
            case "postgres" -> (postgres == null ? "external" : "embedded");
            case "salesforce" -> (emulator == null ? "real org" : "emulator");
            default -> "";
        };
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("devstack: could not stop " + started.get(i) + ": " + e);
            }
        }
        started.clear();
    }
}
