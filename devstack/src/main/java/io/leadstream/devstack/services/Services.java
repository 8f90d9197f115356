package io.leadstream.devstack.services;

import io.leadstream.devstack.infra.Infrastructure;
import io.leadstream.devstack.infra.Ports;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * stream-app, crm-sink and event-api as child JVMs from their executable jars, configured through
 * the environment variables their {@code application.properties} read; each one's actuator on a
 * management port of its own, on loopback. stream-app starts first (it
 * creates the topics and publishes the default cadences event-api validates enrollments against).
 */
public final class Services implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(180);
    /** crm-sink's and event-api's default JVM: small and quick to start (C1 only), enough for a local demo. */
    public static final List<String> SMALL_JVM = List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** stream-app's default JVM. */
    public static final List<String> STREAMS_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");

    private final ServiceProcess streamApp;
    private final ServiceProcess crmSink;
    private final ServiceProcess eventApi;
    private final String operatorKey;
    private volatile String devToken;

    private Services(ServiceProcess streamApp, ServiceProcess crmSink, ServiceProcess eventApi, String operatorKey) {
        this.streamApp = streamApp;
        this.crmSink = crmSink;
        this.eventApi = eventApi;
        this.operatorKey = operatorKey;
    }

    /** Creates (does not start) the three services; secrets are generated here, per run. */
    public static Services create(Path root, Infrastructure infra, Ports ports, Path runDir, int partitions) {
        return create(root, infra, ports, runDir, partitions, Map.of());
    }

    /**
     * @param extraEnv more environment per service name ("stream-app", "crm-sink", "event-api"), e.g. shorter
     *                 consumer session timeouts for fault tests
     */
    public static Services create(Path root, Infrastructure infra, Ports ports, Path runDir, int partitions,
                                  Map<String, Map<String, String>> extraEnv) {
        return create(root, infra, ports, runDir, partitions, extraEnv, Map.of());
    }

    /**
     * @param jvmOptions JVM options per service name replacing its defaults ({@link #SMALL_JVM} for crm-sink and
     *                   event-api, {@link #STREAMS_JVM} for stream-app), e.g. larger heaps and the full JIT for a
     *                   bench
     */
    public static Services create(Path root, Infrastructure infra, Ports ports, Path runDir, int partitions,
                                  Map<String, Map<String, String>> extraEnv, Map<String, List<String>> jvmOptions) {
        SecureRandom random = new SecureRandom();
        String tokenKey = Base64.getEncoder().encodeToString(bytes(random, 32));
        String operatorKey = "op-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(random, 32));
        String stateKey = Base64.getEncoder().encodeToString(bytes(random, 32));

        Map<String, String> common = new LinkedHashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        common.put("SCHEMA_REGISTRY_URL", infra.registryUrl());
        common.put("TOPIC_PARTITIONS", Integer.toString(partitions));
        common.putAll(infra.clientEnvironment());
        common.put("LOG_FORMAT", "");
        // Health and metrics are for this machine only, whatever the caller's environment says.
        common.put("MANAGEMENT_ADDRESS", "127.0.0.1");

        Map<String, String> db = new LinkedHashMap<>();
        db.put("DATABASE_URL", infra.database().jdbcUrl());
        db.put("DATABASE_USER", infra.database().user());
        db.put("DATABASE_PASSWORD", infra.database().password());
        db.put("LEADSTREAM_TOKEN_KEY", tokenKey);

        Map<String, String> stream = new LinkedHashMap<>(common);
        // Its interactive queries verify API tokens in the lead database (it only reads there).
        stream.put("DATABASE_URL", infra.database().jdbcUrl());
        stream.put("DATABASE_USER", infra.database().user());
        stream.put("DATABASE_PASSWORD", infra.database().password());
        stream.put("PORT", Integer.toString(ports.streamApp()));
        stream.put("MANAGEMENT_PORT", Integer.toString(ports.streamAppManagement()));
        stream.put("STREAMS_STATE_DIR", runDir.resolve("stream-app-state").toString());
        stream.put("OUTREACH_CONSENT_REQUIRED", "true");
        stream.put("ADVERTISED_HOST", "localhost");

        Infrastructure.SalesforceOrg sf = infra.salesforce();
        Map<String, String> sink = new LinkedHashMap<>(common);
        sink.putAll(db);
        sink.put("PORT", Integer.toString(ports.crmSink()));
        sink.put("MANAGEMENT_PORT", Integer.toString(ports.crmSinkManagement()));
        sink.put("SALESFORCE_LOGIN_URL", sf.loginUrl());
        sink.put("SALESFORCE_GRANT", sf.grant());
        sink.put("SALESFORCE_CLIENT_ID", sf.clientId());
        sink.put("SALESFORCE_CLIENT_SECRET", sf.clientSecret());
        if (!sf.username().isEmpty()) {
            sink.put("SALESFORCE_USERNAME", sf.username());
        }
        if (!sf.privateKey().isEmpty()) {
            sink.put("SALESFORCE_PRIVATE_KEY", sf.privateKey());
        }

        Map<String, String> api = new LinkedHashMap<>(common);
        api.putAll(db);
        api.put("PORT", Integer.toString(ports.eventApi()));
        api.put("MANAGEMENT_PORT", Integer.toString(ports.eventApiManagement()));
        api.put("LEADSTREAM_ADMIN_KEY", operatorKey);
        api.put("LEADSTREAM_API_STATE_KEY", stateKey);
        api.put("SALESFORCE_LOGIN_URL", sf.loginUrl());
        api.put("SALESFORCE_CLIENT_ID", sf.clientId());
        api.put("SALESFORCE_CLIENT_SECRET", sf.clientSecret());
        api.put("SALESFORCE_CALLBACK_URL", "http://localhost:" + ports.eventApi() + "/api/salesforce/oauth/callback");
        // A local demo posts as fast as it can; the per-token rate limit is for shared deployments.
        api.put("LEADSTREAM_API_RATE_LIMIT_REQUESTS_PER_SECOND", "0");
        // The dashboard's API budget column reads crm-sink's own gauges.
        api.put("DASHBOARD_METRICS_URLS", "http://127.0.0.1:" + ports.crmSinkManagement() + "/metrics");

        stream.putAll(extraEnv.getOrDefault("stream-app", Map.of()));
        sink.putAll(extraEnv.getOrDefault("crm-sink", Map.of()));
        api.putAll(extraEnv.getOrDefault("event-api", Map.of()));
        Path logs = runDir.resolve("logs");
        List<String> streamJvm = jvmOptions.getOrDefault("stream-app", STREAMS_JVM);
        List<String> sinkJvm = jvmOptions.getOrDefault("crm-sink", SMALL_JVM);
        List<String> apiJvm = jvmOptions.getOrDefault("event-api", SMALL_JVM);
        return new Services(
                new ServiceProcess("stream-app", root.resolve("stream-app/target/stream-app-exec.jar"), streamJvm, stream,
                        ports.streamApp(), ports.streamAppManagement(), logs.resolve("stream-app.log")),
                new ServiceProcess("crm-sink", root.resolve("crm-sink/target/crm-sink.jar"), sinkJvm, sink,
                        ports.crmSink(), ports.crmSinkManagement(), logs.resolve("crm-sink.log")),
                new ServiceProcess("event-api", root.resolve("event-api/target/event-api.jar"), apiJvm, api,
                        ports.eventApi(), ports.eventApiManagement(), logs.resolve("event-api.log")),
                operatorKey);
    }

    /**
     * Starts stream-app, waits for it, then crm-sink and event-api side by side; then onboards the dev
     * workspace through event-api's admin API, as an operator would.
     */
    public void start() {
        streamApp.start().awaitReady(READY);
        crmSink.start();
        eventApi.start();
        CompletableFuture<Void> sink = CompletableFuture.runAsync(() -> crmSink.awaitReady(READY));
        eventApi.awaitReady(READY);
        sink.join();
        devToken = WorkspaceProvisioning.workspaceWithToken(eventApi.url(), operatorKey,
                WorkspaceProvisioning.DEV_WORKSPACE, "Dev workspace");
    }

    public ServiceProcess streamApp() {
        return streamApp;
    }

    public ServiceProcess crmSink() {
        return crmSink;
    }

    public ServiceProcess eventApi() {
        return eventApi;
    }

    /** The bearer token of the default workspace with every scope, issued at start through the admin API. */
    public String devToken() {
        if (devToken == null) {
            throw new IllegalStateException("the services have not started");
        }
        return devToken;
    }

    /** event-api's operator key of this run (LEADSTREAM_ADMIN_KEY): opens the admin API. */
    public String operatorKey() {
        return operatorKey;
    }

    public List<ServiceProcess> all() {
        return List.of(streamApp, crmSink, eventApi);
    }

    /** Stops in reverse dependency order: ingestion first, then the sink, then the stream processor. */
    @Override
    public void close() {
        List<ServiceProcess> order = new ArrayList<>(List.of(eventApi, crmSink, streamApp));
        for (ServiceProcess p : order) {
            try {
                p.stop();
            } catch (RuntimeException e) {
                System.err.println("devstack: could not stop " + p.name() + ": " + e);
            }
        }
    }

    /**
     * The repository root holding the services' {@code target/} jars: {@code -Dleadstream.root}, else the
     * directory two levels above devstack.jar, else the first parent of the working directory with a
     * {@code stream-app} module.
     */
    public static Path locateRoot() {
        Optional<Path> fromProperty = Optional.ofNullable(System.getProperty("leadstream.root"))
                .filter(s -> !s.isBlank()).map(Path::of);
        if (fromProperty.isPresent()) {
            return fromProperty.get().toAbsolutePath().normalize();
        }
        // java -jar devstack/target/devstack.jar: the class path is that jar.
        String cp = System.getProperty("java.class.path", "");
        if (cp.endsWith("devstack.jar") && !cp.contains(java.io.File.pathSeparator)) {
            Path jar = Path.of(cp).toAbsolutePath().normalize();
            Path candidate = jar.getParent() == null ? null : jar.getParent().getParent();
            candidate = candidate == null ? null : candidate.getParent();
            if (candidate != null && Files.isDirectory(candidate.resolve("stream-app"))) {
                return candidate;
            }
        }
        try {
            Path code = Path.of(Services.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("stream-app")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the working directory
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("stream-app")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
