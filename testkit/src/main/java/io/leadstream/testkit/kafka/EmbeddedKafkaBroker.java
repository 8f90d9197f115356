package io.leadstream.testkit.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import io.leadstream.schemas.kafka.KafkaClientSecurity;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) running in this JVM, built
 * from Kafka's own public server entry points ({@link Formatter} then {@link KafkaRaftServer}) rather
 * than Kafka's internal test kit, whose API changes between minor versions.
 *
 * <p>Storage lives in a temp directory; listener ports are chosen once and kept, so {@link #restart()}
 * brings back the same cluster at the same {@link #bootstrapServers()} with its data.
 *
 * <p>{@link Builder#secured()} starts it as a secured cluster (SPEC §14): SASL (SCRAM-SHA-512,
 * SCRAM-SHA-256, PLAIN) on the client listener, TLS too with {@link Builder#tls()}, ACLs enforced, named
 * users from {@link Builder#user}; {@link #clientEnvironment} and {@link #clientProperties} say how a
 * client logs in, {@link #grant} gives a user a service's ACLs.
 */
public final class EmbeddedKafkaBroker implements KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String HOST = "localhost";
    private static final int PORT_ATTEMPTS = 5;

    private final Map<String, String> overrides;
    /** Null for a plaintext broker. */
    private final SecuredListener security;
    private Path certificateDir;
    private Path logDir;
    private int brokerPort;
    private int controllerPort;
    private KafkaRaftServer server;
    private boolean shutdownHookRegistered;

    private EmbeddedKafkaBroker(Map<String, String> overrides, SecuredListener security) {
        this.overrides = Map.copyOf(overrides);
        this.security = security;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long began = System.nanoTime();
        registerShutdownHookOnce();
        if (logDir == null) {
            if (security != null && security.tls()) {
                certificateDir = createTempDirectory("leadstream-kafka-tls-");
                security.useCertificate(SelfSignedCertificate.generate(certificateDir));
            }
            startFresh();
            if (security != null) {
                createScramCredentials();
            }
        } else {
            // Same dir and ports as before: the quorum's voter endpoint was written at format time.
            server = launch(config());
        }
        LOG.info("Embedded Kafka broker {} started in {} ms (log dir {})",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), logDir);
    }

    private static Path createTempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // SCRAM credentials are metadata records: created once the broker runs (by the super user over PLAIN),
    // kept across restarts. Both SHA variants, 4096 iterations (Kafka's minimum), for every user.
    private void createScramCredentials() {
        Map<String, String> passwords = new LinkedHashMap<>(security.users());
        passwords.put(SecuredListener.SUPER_USER, security.superPassword());
        try (Admin admin = adminClient()) {
            // One alteration per user and request: Kafka refuses a user altered twice in the same request.
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_512, ScramMechanism.SCRAM_SHA_256)) {
                List<UserScramCredentialAlteration> upserts = new ArrayList<>();
                passwords.forEach((user, password) -> upserts.add(
                        new UserScramCredentialUpsertion(user, new ScramCredentialInfo(mechanism, 4096), password)));
                admin.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);
            }
            // Committed by the controller before the broker applied it: wait until the broker serves them.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (admin.describeUserScramCredentials(List.copyOf(passwords.keySet())).all()
                    .get(30, TimeUnit.SECONDS).size() < passwords.size()) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("SCRAM credentials did not become visible");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating SCRAM credentials", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not create SCRAM credentials", e);
        }
    }

    // Free ports are probed then released before Kafka binds them, so another process can win the
    // race; on a bind failure format a fresh directory with new ports and try again.
    private void startFresh() {
        KafkaException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            try {
                logDir = Files.createTempDirectory("leadstream-kafka-");
                brokerPort = freePort();
                controllerPort = freePort();
                while (controllerPort == brokerPort) {
                    controllerPort = freePort();
                }
                KafkaConfig config = config();
                format(config);
                server = launch(config);
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (KafkaException e) {
                last = e;
                LOG.warn("Embedded Kafka broker failed to start on ports {}/{} (attempt {}): {}",
                        brokerPort, controllerPort, attempt, e.toString());
                deleteQuietly(logDir);
                logDir = null;
            }
        }
        throw new IllegalStateException("Embedded Kafka broker did not start after " + PORT_ATTEMPTS + " attempts", last);
    }

    // One hook per instance: a forgotten close() must not leave broker threads or temp dirs behind.
    private void registerShutdownHookOnce() {
        if (!shutdownHookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "leadstream-kafka-shutdown"));
            shutdownHookRegistered = true;
        }
    }

    private KafkaRaftServer launch(KafkaConfig config) {
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
            awaitReady();
            return candidate;
        } catch (RuntimeException e) {
            shutdown(candidate);
            throw e instanceof KafkaException ke ? ke : new KafkaException("broker startup failed", e);
        }
    }

    // startup() returns once the sockets are bound; wait until the broker has caught up with the
    // metadata log and is unfenced, i.e. until it can serve an admin request.
    private void awaitReady() {
        try (Admin admin = adminClient()) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("broker did not become ready", e);
        }
    }

    private void format(KafkaConfig config) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toString())
                    // Standalone dynamic quorum, as `kafka-storage format --standalone` does.
                    .setHasDynamicQuorum(true)
                    .setInitialControllers(DynamicVoters.parse(
                            NODE_ID + "@" + HOST + ":" + controllerPort + ":" + Uuid.randomUuid()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka storage in " + logDir, e);
        }
    }

    private KafkaConfig config() {
        Map<String, String> props = new HashMap<>();
        String listener = security == null ? "PLAINTEXT" : SecuredListener.LISTENER;
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        props.put("listeners", listener + "://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", listener + "://" + HOST + ":" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", listener);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (security != null) {
            props.putAll(security.brokerConfig());
        }
        props.put("log.dirs", logDir.toString());
        // One replica everywhere, so transactions (exactly_once_v2) and consumer groups work on one node.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // Small footprint and fast lifecycle: tests start, restart and stop this broker often.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("background.threads", "2");
        props.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        props.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        props.put("log.cleaner.threads", "1");
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "6000");
        props.put("controller.quorum.election.timeout.ms", "1000");
        props.put("controller.quorum.fetch.timeout.ms", "2000");
        props.put("controlled.shutdown.enable", "true");
        props.putAll(overrides);
        return new KafkaConfig(props, false);
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long began = System.nanoTime();
        shutdown(server);
        server = null;
        LOG.info("Embedded Kafka broker {} stopped in {} ms",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    private static void shutdown(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka broker did not shut down cleanly", e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public synchronized String bootstrapServers() {
        if (logDir == null) {
            throw new IllegalStateException("broker has not been started");
        }
        return HOST + ":" + brokerPort;
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.EMBEDDED;
    }

    /** On a secured broker, an admin client logged in as the super user. */
    @Override
    public Admin adminClient() {
        if (security == null) {
            return KafkaBroker.super.adminClient();
        }
        // PLAIN: checked against the listener's static JAAS entry, so it works before any SCRAM credential exists.
        Map<String, Object> config = new HashMap<>(clientProperties(clientEnvironment(superUser(), "PLAIN")));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(config);
    }

    /** Whether clients must authenticate (see {@link Builder#secured()}). */
    public boolean isSecured() {
        return security != null;
    }

    /** The principal name of the secured broker's super user ({@code User:admin}), for operator tools. */
    public String superUser() {
        requireSecured();
        return SecuredListener.SUPER_USER;
    }

    /**
     * The environment variables ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*}, and the trust store
     * with TLS) that make a service log in as {@code user} with SCRAM-SHA-512, as a deployment would set them.
     */
    public Map<String, String> clientEnvironment(String user) {
        return clientEnvironment(user, SecuredListener.DEFAULT_MECHANISM);
    }

    /** As {@link #clientEnvironment(String)} with another SASL mechanism: SCRAM-SHA-256 or PLAIN. */
    public Map<String, String> clientEnvironment(String user, String mechanism) {
        requireSecured();
        return security.clientEnvironment(user, mechanism);
    }

    /** {@code bootstrap.servers} and the security properties of a client logged in as {@code user}. */
    public Map<String, Object> clientProperties(String user) {
        return clientProperties(clientEnvironment(user));
    }

    /** {@code bootstrap.servers} and the security properties the given client environment means. */
    public Map<String, Object> clientProperties(Map<String, String> clientEnvironment) {
        return KafkaClientSecurity.fromEnvironment(clientEnvironment::get)
                .addTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Allows {@code user} what {@code access} lists, and returns once the broker enforces it. */
    public void grant(String user, KafkaAccess access) {
        requireSecured();
        List<AclBinding> bindings = access.bindings("User:" + user);
        try (Admin admin = adminClient()) {
            admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
            // The controller commits the ACLs before the broker's authorizer has them: wait until it does.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).containsAll(bindings)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ACLs of " + user + " did not become visible");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while granting ACLs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not grant ACLs to " + user, e);
        }
    }

    private void requireSecured() {
        if (security == null) {
            throw new IllegalStateException("this broker is not secured: build it with EmbeddedKafkaBroker.builder().secured()");
        }
    }

    /** Where the broker stores its logs; kept across {@link #restart()}, deleted by {@link #close()}. */
    public synchronized Path logDir() {
        return logDir;
    }

    @Override
    public synchronized void close() {
        stop();
        if (logDir != null) {
            deleteQuietly(logDir);
        }
        if (certificateDir != null) {
            deleteQuietly(certificateDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete {}", dir, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + (logDir == null ? "not started" : bootstrapServers())
                + (security == null ? "" : ", " + security) + "]";
    }

    /** Options for an embedded broker; every broker setting can be overridden with {@link #config}. */
    public static final class Builder {
        private final Map<String, String> overrides = new HashMap<>();
        private final Map<String, String> users = new LinkedHashMap<>();
        private boolean secured;
        private boolean tls;

        private Builder() {
        }

        /**
         * A secured cluster: the client listener takes SASL_PLAINTEXT (SCRAM-SHA-512, SCRAM-SHA-256, PLAIN),
         * the StandardAuthorizer allows nothing without an ACL, and a super user ({@link #superUser()}) runs it.
         */
        public Builder secured() {
            secured = true;
            return this;
        }

        /** Secured, and SASL_SSL instead of SASL_PLAINTEXT, with a self-signed certificate for localhost. */
        public Builder tls() {
            secured = true;
            tls = true;
            return this;
        }

        /** A user who can log in (with no ACL yet: see {@link #grant}); implies {@link #secured()}. */
        public Builder user(String name, String password) {
            secured = true;
            users.put(name, password);
            return this;
        }

        /** Topics are created explicitly by default, as in production; tests may opt in to auto-creation. */
        public Builder autoCreateTopics(boolean enabled) {
            return config("auto.create.topics.enable", String.valueOf(enabled));
        }

        /** Any Kafka broker property, applied after the defaults. */
        public Builder config(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(overrides, secured ? new SecuredListener(tls, users) : null);
        }
    }
}
