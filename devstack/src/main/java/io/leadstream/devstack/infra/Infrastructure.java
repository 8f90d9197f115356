package io.leadstream.devstack.infra;

import io.leadstream.devstack.DevstackOptions;
import io.leadstream.schemas.kafka.KafkaClientSecurity;
import io.leadstream.schemas.registry.BasicAuth;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.KafkaSchemaLog;
import io.leadstream.schemas.registry.server.SchemaRegistry;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.testkit.kafka.BrokerKind;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.kafka.KafkaBrokers;
import io.leadstream.testkit.postgres.EmbeddedPostgresDatabase;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The infrastructure the services talk to, each piece embedded in this JVM unless the options
 * point at a real one: a KRaft broker, the Confluent-API registry on it, PostgreSQL and the
 * Salesforce emulator. Closes in reverse start order.
 * <p>
 * A real Kafka or registry may be secured (SPEC §14): their credentials come from the environment
 * ({@link KafkaClientSecurity}'s {@code KAFKA_*} and {@link BasicAuth}'s {@code SCHEMA_REGISTRY_BASIC_AUTH_*}
 * variables), are used by devstack's own clients and handed to the services ({@link #clientEnvironment()}).
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
    private KafkaClientSecurity kafkaSecurity;
    private String registryUrl;
    private BasicAuth registryAuth;
    private final Map<String, String> clientEnvironment = new LinkedHashMap<>();
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
        kafkaSecurity = KafkaClientSecurity.fromEnvironment(passOn(options.kafka().isPresent(), KafkaClientSecurity.VARIABLES, env));
        registryAuth = BasicAuth.fromEnvironment(passOn(options.schemaRegistry().isPresent(), BasicAuth.VARIABLES, env));
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
            registry = SchemaRegistryServer.start(new SchemaRegistry(new KafkaSchemaLog(kafkaClientConfig())), "127.0.0.1",
                    ports.registry());
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

    /**
     * The variables of a real service as set, for devstack and the services alike. The embedded pieces are
     * open: credentials meant for a real one must not reach them, so the services get the variables blank,
     * which also overrides what a child would inherit from this shell.
     */
    private Function<String, String> passOn(boolean real, List<String> variables, Map<String, String> env) {
        for (String name : variables) {
            if (!real) {
                clientEnvironment.put(name, "");
            } else if (env.get(name) != null) {
                clientEnvironment.put(name, env.get(name));
            }
        }
        return real ? env::get : name -> null;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** {@code bootstrap.servers} and the cluster's security settings, for devstack's own Kafka clients. */
    public Map<String, Object> kafkaClientConfig() {
        return kafkaSecurity.addTo(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A client of the registry, with its basic auth when it requires one. */
    public SchemaRegistryClient registryClient() {
        return SchemaRegistryClient.forUrls(registryUrl, registryAuth);
    }

    /** The Kafka security and registry auth variables every service gets (blank for the embedded pieces). */
    public Map<String, String> clientEnvironment() {
        return Collections.unmodifiableMap(clientEnvironment);
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
            case "kafka" -> (broker == null ? "external, " + kafkaSecurity.protocol().name : "embedded KRaft");
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
