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
 * <p>{@link Builder#nodes(int)} makes it a cluster of several combined nodes (a static KRaft quorum of
 * all of them) with a real cluster's durability settings: replication factor 3 and {@code min.insync.replicas}
 * 2 from three nodes on for the internal topics (offsets, transactions); other topics get Kafka's own defaults. {@link #stopNode} and
 * {@link #startNode} take one node down and bring it back, keeping its data and ports, while the others serve.
 *
 * <p>{@link Builder#secured()} starts it as a secured cluster (SPEC §14): SASL (SCRAM-SHA-512,
 * SCRAM-SHA-256, PLAIN) on the client listener, TLS too with {@link Builder#tls()}, ACLs enforced, named
 * users from {@link Builder#user}; {@link #clientEnvironment} and {@link #clientProperties} say how a
 * client logs in, {@link #grant} gives a user a service's ACLs.
 */
public final class EmbeddedKafkaBroker implements KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "localhost";
    private static final int PORT_ATTEMPTS = 5;

    private final Map<String, String> overrides;
    /** Null for a plaintext broker. */
    private final SecuredListener security;
    private final int nodeCount;
    private Path certificateDir;
    /** The one node's log dir, or the parent of every node's with several nodes. */
    private Path logDir;
    private String clusterId;
    private final List<Node> nodes = new ArrayList<>();
    private boolean shutdownHookRegistered;

    /** One combined broker + controller of the cluster. */
    private static final class Node {
        final int id;
        Path logDir;
        int brokerPort;
        int controllerPort;
        KafkaRaftServer server;

        Node(int id) {
            this.id = id;
        }
    }

    private EmbeddedKafkaBroker(Map<String, String> overrides, SecuredListener security, int nodeCount) {
        if (nodeCount < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, not " + nodeCount);
        }
        if (security != null && nodeCount > 1) {
            throw new IllegalArgumentException("a secured cluster has one node here");
        }
        this.overrides = Map.copyOf(overrides);
        this.security = security;
        this.nodeCount = nodeCount;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
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
            // Same dirs and ports as before: the quorum's voter endpoints were written at format time.
            launchAll(nodes.stream().filter(n -> n.server == null).toList());
        }
        LOG.info("Embedded Kafka cluster of {} node(s) {} started in {} ms (log dir {})", nodeCount,
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
                clusterId = Uuid.randomUuid().toString();
                nodes.clear();
                List<Integer> ports = new ArrayList<>();
                for (int id = 1; id <= nodeCount; id++) {
                    Node node = new Node(id);
                    node.logDir = nodeCount == 1 ? logDir : Files.createDirectory(logDir.resolve("node-" + id));
                    node.brokerPort = freePort(ports);
                    node.controllerPort = freePort(ports);
                    nodes.add(node);
                }
                for (Node node : nodes) {
                    format(node, config(node));
                }
                launchAll(nodes);
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (KafkaException e) {
                last = e;
                LOG.warn("Embedded Kafka cluster failed to start on ports {} (attempt {}): {}",
                        nodes.stream().map(n -> n.brokerPort + "/" + n.controllerPort).toList(), attempt, e.toString());
                nodes.forEach(n -> {
                    if (n.server != null) {
                        shutdown(n.server);
                        n.server = null;
                    }
                });
                deleteQuietly(logDir);
                logDir = null;
                nodes.clear();
            }
        }
        throw new IllegalStateException("Embedded Kafka broker did not start after " + PORT_ATTEMPTS + " attempts", last);
    }

    private static int freePort(List<Integer> taken) throws IOException {
        int port = freePort();
        while (taken.contains(port)) {
            port = freePort();
        }
        taken.add(port);
        return port;
    }

    // Together: a node's startup waits for an elected controller, which needs a majority of the voters running.
    private void launchAll(List<Node> toStart) {
        if (toStart.size() == 1) {
            Node node = toStart.get(0);
            node.server = launch(node, config(node));
            return;
        }
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Node node : toStart) {
            Thread thread = new Thread(() -> {
                try {
                    KafkaRaftServer started = launch(node, config(node));
                    synchronized (node) {
                        node.server = started;
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "leadstream-kafka-start-" + node.id);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while starting the cluster", e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0) instanceof KafkaException ke ? ke : new KafkaException("cluster startup failed", failures.get(0));
        }
    }

    // One hook per instance: a forgotten close() must not leave broker threads or temp dirs behind.
    private void registerShutdownHookOnce() {
        if (!shutdownHookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "leadstream-kafka-shutdown"));
            shutdownHookRegistered = true;
        }
    }

    private KafkaRaftServer launch(Node node, KafkaConfig config) {
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
            awaitReady(HOST + ":" + node.brokerPort);
            return candidate;
        } catch (RuntimeException e) {
            shutdown(candidate);
            throw e instanceof KafkaException ke ? ke : new KafkaException("broker startup failed", e);
        }
    }

    // startup() returns once the sockets are bound; wait until the broker has caught up with the
    // metadata log and is unfenced, i.e. until it can serve an admin request.
    private void awaitReady(String nodeAddress) {
        try (Admin admin = nodeCount == 1 ? adminClient() : Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, nodeAddress,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            admin.describeCluster().nodes().get(nodeCount == 1 ? 30 : 90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("broker did not become ready", e);
        }
    }

    private void format(Node node, KafkaConfig config) {
        try {
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(node.id)
                    .setClusterId(clusterId)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(node.logDir.toString());
            if (nodeCount == 1) {
                // Standalone dynamic quorum, as `kafka-storage format --standalone` does.
                formatter.setHasDynamicQuorum(true)
                        .setInitialControllers(DynamicVoters.parse(
                                node.id + "@" + HOST + ":" + node.controllerPort + ":" + Uuid.randomUuid()));
            }
            // Several nodes: a static quorum (controller.quorum.voters), as `kafka-storage format` without --standalone.
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka storage in " + node.logDir, e);
        }
    }

    /** Replicas of internal topics and the brokers' default: a real cluster's 3 from three nodes on. */
    private int replication() {
        return Math.min(3, nodeCount);
    }

    /** 2 of 3: one node may be down and acks=all writes still succeed. */
    private int minInsync() {
        return nodeCount >= 3 ? 2 : 1;
    }

    private KafkaConfig config(Node node) {
        Map<String, String> props = new HashMap<>();
        String listener = security == null ? "PLAINTEXT" : SecuredListener.LISTENER;
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(node.id));
        if (nodeCount == 1) {
            props.put("controller.quorum.bootstrap.servers", HOST + ":" + node.controllerPort);
        } else {
            props.put("controller.quorum.voters", String.join(",", nodes.stream()
                    .map(n -> n.id + "@" + HOST + ":" + n.controllerPort).toList()));
        }
        props.put("listeners", listener + "://" + HOST + ":" + node.brokerPort + ",CONTROLLER://" + HOST + ":" + node.controllerPort);
        props.put("advertised.listeners", listener + "://" + HOST + ":" + node.brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", listener);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (security != null) {
            props.putAll(security.brokerConfig());
        }
        props.put("log.dirs", node.logDir.toString());
        // Internal topics: one replica on one node, so transactions (exactly_once_v2) and consumer groups work;
        // on three nodes or more, 3 replicas and min ISR 2 as a production cluster.
        String replication = String.valueOf(replication());
        String minIsr = String.valueOf(minInsync());
        props.put("offsets.topic.replication.factor", replication);
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", replication);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", replication);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        // Kafka's out-of-the-box defaults for every other topic (1 replica, min ISR 1), as on a cluster nobody tuned:
        // the services must ask for their topics' replication themselves (TopicReplication), and tests see it when they don't.
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
        if (!isRunning()) {
            return;
        }
        long began = System.nanoTime();
        // All at once: one by one, the last nodes would wait on a quorum that has already gone.
        List<Thread> threads = new ArrayList<>();
        for (Node node : nodes) {
            KafkaRaftServer running = node.server;
            if (running != null) {
                node.server = null;
                Thread thread = new Thread(() -> shutdown(running), "leadstream-kafka-stop-" + node.id);
                threads.add(thread);
                thread.start();
            }
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while stopping the cluster", e);
            }
        }
        LOG.info("Embedded Kafka broker {} stopped in {} ms",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    /** How many nodes the cluster has (running or not). */
    public int nodeCount() {
        return nodeCount;
    }

    /** The node ids, 1 to {@link #nodeCount()}. */
    public List<Integer> nodeIds() {
        return nodes.stream().map(n -> n.id).toList();
    }

    /**
     * Takes node {@code id} down (its broker and its controller vote), keeping its data and ports; the others
     * keep serving: partition leadership moves to in-sync replicas, and the quorum holds while a majority runs.
     */
    public synchronized void stopNode(int id) {
        Node node = node(id);
        if (node.server != null) {
            long began = System.nanoTime();
            shutdown(node.server);
            node.server = null;
            LOG.info("Embedded Kafka node {} ({}:{}) stopped in {} ms", id, HOST, node.brokerPort,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        }
    }

    /** Brings node {@code id} back with its data; it catches up as a follower. */
    public synchronized void startNode(int id) {
        Node node = node(id);
        if (node.server == null) {
            node.server = launch(node, config(node));
            LOG.info("Embedded Kafka node {} ({}:{}) started", id, HOST, node.brokerPort);
        }
    }

    public synchronized boolean isNodeRunning(int id) {
        return node(id).server != null;
    }

    /** {@code host:port} of node {@code id}'s client listener. */
    public synchronized String nodeAddress(int id) {
        return HOST + ":" + node(id).brokerPort;
    }

    private Node node(int id) {
        return nodes.stream().filter(n -> n.id == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in " + nodeIds()));
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
        return nodes.stream().anyMatch(n -> n.server != null);
    }

    /** Every node's client listener, so a client finds the cluster while any one node is down. */
    @Override
    public synchronized String bootstrapServers() {
        if (logDir == null) {
            throw new IllegalStateException("broker has not been started");
        }
        return String.join(",", nodes.stream().map(n -> HOST + ":" + n.brokerPort).toList());
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
        return "EmbeddedKafkaBroker[" + (nodeCount > 1 ? nodeCount + " nodes, " : "") + (logDir == null ? "not started" : bootstrapServers())
                + (security == null ? "" : ", " + security) + "]";
    }

    /** Options for an embedded broker; every broker setting can be overridden with {@link #config}. */
    public static final class Builder {
        private final Map<String, String> overrides = new HashMap<>();
        private final Map<String, String> users = new LinkedHashMap<>();
        private boolean secured;
        private boolean tls;
        private int nodes = 1;

        private Builder() {
        }

        /**
         * A cluster of {@code count} combined broker + controller nodes in this JVM (one by default); from three
         * nodes on, the internal topics (offsets, transactions) take replication factor 3 and min ISR 2. Plaintext only.
         */
        public Builder nodes(int count) {
            nodes = count;
            return this;
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
            return new EmbeddedKafkaBroker(overrides, secured ? new SecuredListener(tls, users) : null, nodes);
        }
    }
}
