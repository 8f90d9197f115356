package io.leadstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker engine), so its shape is checked instead: it parses,
 * has the services SPEC §12 names, each with an image or a build context holding a Dockerfile, a
 * healthcheck, and depends_on only on services that exist and have healthchecks; and the environment
 * of every Leadstream service is in sync with what that service reads — every variable set is one its
 * {@code application.properties} reads as a {@code ${NAME...}} placeholder (the emulator: one its
 * EmulatorConfig reads), and every placeholder without a default is set.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of(System.getProperty("leadstream.root", "..")).toAbsolutePath().normalize();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:?)");
    private static final Map<String, String> MODULES = Map.of("stream-app", "stream-app", "crm-sink", "crm-sink",
            "event-api", "event-api");

    @Test
    void composeFileHasEveryComponentWithHealthchecksAndValidDependencies() throws IOException {
        Map<String, Object> compose = load();
        assertThat(compose).containsKey("services");
        Map<String, Map<String, Object>> services = services(compose);
        assertThat(services).containsKeys("kafka", "schema-registry", "postgres", "salesforce-emulator", "stream-app",
                "crm-sink", "event-api");
        assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:");
        assertThat((String) services.get("schema-registry").get("image")).startsWith("confluentinc/cp-schema-registry:");
        assertThat(asMap(services.get("kafka").get("environment"))).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        List<String> problems = new ArrayList<>();
        services.forEach((name, s) -> {
            Set<String> keys = s.keySet();
            for (String k : keys) {
                if (!Set.of("image", "build", "environment", "ports", "volumes", "healthcheck", "depends_on", "command",
                        "profiles", "entrypoint", "networks", "hostname")
                        .contains(k)) {
                    problems.add(name + ": unexpected key " + k);
                }
            }
            if (s.get("image") == null && s.get("build") == null) {
                problems.add(name + ": neither image nor build");
            }
            if (s.get("build") instanceof String ctx) {
                Path dockerfile = ROOT.resolve(ctx).resolve("Dockerfile");
                if (!Files.isRegularFile(dockerfile)) {
                    problems.add(name + ": no " + dockerfile);
                }
            }
            Map<String, Object> hc = asMap(s.get("healthcheck"));
            if (!(hc.get("test") instanceof List<?> test) || test.isEmpty()
                    || !List.of("CMD", "CMD-SHELL").contains(String.valueOf(test.get(0)))) {
                problems.add(name + ": healthcheck.test must be [CMD|CMD-SHELL, ...]");
            }
            asMap(s.get("depends_on")).forEach((dep, cond) -> {
                if (!services.containsKey(dep)) {
                    problems.add(name + ": depends on unknown service " + dep);
                }
                if (!"service_healthy".equals(asMap(cond).get("condition"))) {
                    problems.add(name + ": depends_on " + dep + " should wait for service_healthy");
                }
            });
            Object ports = s.get("ports");
            if (ports != null && !(ports instanceof List<?>)) {
                problems.add(name + ": ports must be a list");
            }
            if (s.get("environment") != null && !(s.get("environment") instanceof Map<?, ?>)) {
                problems.add(name + ": environment must be a map");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void serviceEnvironmentsMatchWhatEachServiceReads() throws IOException {
        Map<String, Map<String, Object>> services = services(load());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> m : MODULES.entrySet()) {
            String properties = Files.readString(ROOT.resolve(m.getValue()).resolve("src/main/resources/application.properties"));
            Map<String, Boolean> read = placeholders(properties);
            Set<String> set = asMap(services.get(m.getKey()).get("environment")).keySet();
            for (String name : set) {
                if (!read.containsKey(name)) {
                    problems.add(m.getKey() + " sets " + name + ", which its application.properties does not read");
                }
            }
            read.forEach((name, hasDefault) -> {
                if (!hasDefault && !set.contains(name)) {
                    problems.add(m.getKey() + " does not set " + name + ", which has no default");
                }
            });
        }
        String emulatorConfig = Files.readString(ROOT.resolve(
                "salesforce-emulator/src/main/java/io/leadstream/sfemu/EmulatorConfig.java"));
        for (String name : asMap(services.get("salesforce-emulator").get("environment")).keySet()) {
            if (!emulatorConfig.contains("\"" + name + "\"")) {
                problems.add("salesforce-emulator sets " + name + ", which EmulatorConfig does not read");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServiceIsHealthCheckedOnItsManagementPortOpenedToTheComposeNetwork() throws IOException {
        Map<String, Map<String, Object>> services = services(load());
        for (String name : MODULES.keySet()) {
            Map<String, Object> env = asMap(services.get(name).get("environment"));
            String healthcheck = String.valueOf(asMap(services.get(name).get("healthcheck")).get("test"));

            assertThat(env).as(name).containsKey("MANAGEMENT_PORT").containsEntry("MANAGEMENT_ADDRESS", "0.0.0.0");
            assertThat(env.get("MANAGEMENT_PORT")).as(name).isNotEqualTo(env.get("PORT"));
            assertThat(healthcheck).as(name).contains("localhost:" + env.get("MANAGEMENT_PORT") + "/health/readiness");
        }
    }

    @Test
    void managementPortsArePublishedOnTheHostsLoopbackOnly() throws IOException {
        Map<String, Map<String, Object>> services = services(load());
        for (String name : MODULES.keySet()) {
            String management = String.valueOf(asMap(services.get(name).get("environment")).get("MANAGEMENT_PORT"));
            for (String mapping : published(services.get(name))) {
                if (containerPort(mapping).equals(management)) {
                    assertThat(mapping).as(name).startsWith("127.0.0.1:");
                }
            }
        }
    }

    @Test
    void theEmulatorsAdminApiStaysOnLoopbackAndIsNotPublished() throws IOException {
        Map<String, Object> emulator = services(load()).get("salesforce-emulator");
        Map<String, Object> env = asMap(emulator.get("environment"));
        String adminPort = String.valueOf(env.getOrDefault("SF_EMULATOR_ADMIN_PORT", "8788"));

        assertThat(String.valueOf(env.getOrDefault("SF_EMULATOR_ADMIN_HOST", "127.0.0.1"))).isEqualTo("127.0.0.1");
        assertThat(published(emulator)).extracting(ComposeFileTest::containerPort).doesNotContain(adminPort);
    }

    @Test
    void theObservabilityProfileRunsPrometheusWithTheShippedRulesAndGrafanaWithTheDashboardProvisioned() throws IOException {
        Map<String, Map<String, Object>> services = services(load());
        Map<String, Object> prometheus = services.get("prometheus");
        Map<String, Object> grafana = services.get("grafana");
        assertThat(prometheus).as("prometheus service").isNotNull();
        assertThat(grafana).as("grafana service").isNotNull();
        assertThat(prometheus.get("profiles")).isEqualTo(List.of("observability"));
        assertThat(grafana.get("profiles")).isEqualTo(List.of("observability"));
        // Services of the default profile never depend on an optional one.
        services.forEach((name, s) -> {
            if (s.get("profiles") == null) {
                assertThat(asMap(s.get("depends_on")).keySet()).as(name).doesNotContain("prometheus", "grafana");
            }
        });

        Map<String, String> promMounts = bindMounts(prometheus);
        assertThat(promMounts).containsEntry("/etc/prometheus", "./ops/prometheus");
        String config = String.valueOf(prometheus.get("command"));
        assertThat(config).contains("--config.file=/etc/prometheus/prometheus.yml");
        Path promDir = ROOT.resolve("ops/prometheus");
        assertThat(promDir.resolve("prometheus.yml")).isRegularFile();
        Map<String, Object> promConfig = asMap(new Yaml().load(Files.readString(promDir.resolve("prometheus.yml"))));
        for (Object rules : (List<?>) promConfig.get("rule_files")) {
            assertThat(promDir.resolve(String.valueOf(rules))).as("rule file").isRegularFile();
        }
        // Each Leadstream service is scraped on the management port compose gives it, at its /metrics.
        Map<String, String> scraped = new LinkedHashMap<>();
        for (Object job : (List<?>) promConfig.get("scrape_configs")) {
            Map<String, Object> j = asMap(job);
            assertThat(j.get("metrics_path")).isEqualTo("/metrics");
            for (Object sd : (List<?>) j.getOrDefault("static_configs", List.of())) {
                for (Object target : (List<?>) asMap(sd).get("targets")) {
                    String t = String.valueOf(target);
                    scraped.put(t.substring(0, t.indexOf(':')), t.substring(t.indexOf(':') + 1));
                }
            }
            for (Object sd : (List<?>) j.getOrDefault("dns_sd_configs", List.of())) {
                Map<String, Object> d = asMap(sd);
                for (Object name : (List<?>) d.get("names")) {
                    scraped.put(String.valueOf(name), String.valueOf(d.get("port")));
                }
            }
        }
        for (String name : MODULES.keySet()) {
            assertThat(scraped).as("scrape target of " + name)
                    .containsEntry(name, String.valueOf(asMap(services.get(name).get("environment")).get("MANAGEMENT_PORT")));
        }

        Map<String, String> grafanaMounts = bindMounts(grafana);
        assertThat(grafanaMounts).containsEntry("/etc/grafana/provisioning", "./ops/grafana/provisioning");
        String dashboardsDir = grafanaMounts.entrySet().stream().filter(e -> e.getValue().equals("./ops/grafana/dashboards"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Object> provider = asMap(((List<?>) asMap(new Yaml().load(Files.readString(ROOT.resolve(
                "ops/grafana/provisioning/dashboards/leadstream.yml")))).get("providers")).get(0));
        assertThat(asMap(provider.get("options")).get("path")).isEqualTo(dashboardsDir);
        assertThat(ROOT.resolve("ops/grafana/dashboards/leadstream.json")).isRegularFile();
        String datasource = Files.readString(ROOT.resolve("ops/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(datasource).contains("url: http://prometheus:" + containerPort(published(prometheus).get(0)));
        // No default secret: the admin password is the user's or generated at start.
        Map<String, Object> genv = asMap(grafana.get("environment"));
        assertThat(String.valueOf(genv.get("GF_SECURITY_ADMIN_PASSWORD"))).isEqualTo("${GRAFANA_ADMIN_PASSWORD:-}");
        assertThat(String.valueOf(grafana.get("entrypoint"))).contains("/dev/urandom").contains("exec /run.sh");
    }

    @Test
    void theEmulatorHasOneUrlThatContainersAndTheHostsBrowserBothReach() throws IOException {
        Map<String, Map<String, Object>> services = services(load());
        Map<String, Object> emulator = services.get("salesforce-emulator");
        Map<String, Object> env = asMap(emulator.get("environment"));
        URI publicUrl = URI.create(resolvedDefault(env.get("SF_EMULATOR_PUBLIC_URL")));
        String port = String.valueOf(env.get("SF_EMULATOR_PORT"));
        // Containers: the host name is the emulator's alias on the compose network, at the port it listens on.
        assertThat(aliases(emulator)).contains(publicUrl.getHost());
        assertThat(String.valueOf(publicUrl.getPort())).isEqualTo(port);
        // The host's browser: *.localhost is loopback (RFC 6761), where that same port is published.
        assertThat(publicUrl.getHost()).endsWith(".localhost");
        assertThat(published(emulator)).anyMatch(m -> hostPort(m).equals(port) && containerPort(m).equals(port));
        // Both services that talk to it use that URL, so the instance_url it hands out is the one they reach.
        for (String name : List.of("crm-sink", "event-api")) {
            assertThat(resolvedDefault(asMap(services.get(name).get("environment")).get("SALESFORCE_LOGIN_URL")))
                    .as(name).isEqualTo(publicUrl.toString());
        }
        // The connect flow's callback is one the emulator accepts and lands on event-api's published port.
        Map<String, Object> api = asMap(services.get("event-api").get("environment"));
        String callback = resolvedDefault(api.get("SALESFORCE_CALLBACK_URL"));
        assertThat(resolvedDefault(env.get("SF_EMULATOR_CALLBACK_URLS"))).isEqualTo(callback);
        URI cb = URI.create(callback);
        assertThat(cb.getHost()).isEqualTo("localhost");
        assertThat(published(services.get("event-api"))).anyMatch(m -> hostPort(m).equals(String.valueOf(cb.getPort()))
                && containerPort(m).equals(String.valueOf(api.get("PORT"))));
        assertThat(Files.readString(ROOT.resolve("salesforce-emulator/src/main/java/io/leadstream/sfemu/EmulatorConfig.java")))
                .contains("\"SF_EMULATOR_PUBLIC_URL\"");
    }

    @Test
    void scaledStreamAppReplicasEachAdvertiseTheirOwnHostAndKeepTheirOwnState() throws IOException {
        Map<String, Object> streamApp = services(load()).get("stream-app");
        Map<String, Object> env = asMap(streamApp.get("environment"));
        assertThat(env).containsEntry("ADVERTISED_HOST", "auto");
        assertThat(Files.readString(ROOT.resolve("stream-app/src/main/java/io/leadstream/stream/runtime/LeadStreams.java")))
                .contains("AdvertisedHost.resolve(");
        // No fixed host port (replicas would collide) and no named volume (replicas would share a state dir).
        assertThat(published(streamApp)).allSatisfy(m -> assertThat(hostPort(m)).as(m).isEmpty());
        String stateDir = String.valueOf(env.get("STREAMS_STATE_DIR"));
        assertThat(volumes(streamApp)).hasSize(1).allSatisfy(v -> {
            assertThat(v).as("anonymous volume").doesNotContain(":");
            assertThat(stateDir).startsWith(v + "/");
        });
    }

    @Test
    void kafkaKeepsItsLogInTheVolume() throws IOException {
        Map<String, Object> kafka = services(load()).get("kafka");
        String logDirs = String.valueOf(asMap(kafka.get("environment")).get("KAFKA_LOG_DIRS"));
        assertThat(volumes(kafka)).contains("kafka-data:" + logDirs);
        assertThat(String.valueOf(asMap(kafka.get("environment")).get("CLUSTER_ID"))).isNotBlank();
    }

    @Test
    void everyPublishedPortIsOnLoopbackByDefault() throws IOException {
        List<String> problems = new ArrayList<>();
        services(load()).forEach((name, s) -> {
            for (String m : published(s)) {
                if (!m.startsWith("127.0.0.1:") && !m.startsWith("${LEADSTREAM_PUBLISH_ADDRESS:-127.0.0.1}:")) {
                    problems.add(name + " publishes " + m);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void noSecretHasADefaultValue() throws IOException {
        Pattern secret = Pattern.compile("(PASSWORD|SECRET|_KEY|_KEYS_PREVIOUS)$");
        Pattern required = Pattern.compile("^\\$\\{[A-Z0-9_]+:\\?[^}]*\\}$");
        Pattern emptyDefault = Pattern.compile("^\\$\\{[A-Z0-9_]+:-\\}$");
        List<String> problems = new ArrayList<>();
        int secrets = 0;
        for (Map.Entry<String, Map<String, Object>> s : services(load()).entrySet()) {
            for (Map.Entry<String, Object> e : asMap(s.getValue().get("environment")).entrySet()) {
                if (!secret.matcher(e.getKey()).find()) {
                    continue;
                }
                secrets++;
                String v = String.valueOf(e.getValue());
                if (!required.matcher(v).matches() && !emptyDefault.matcher(v).matches()) {
                    problems.add(s.getKey() + " " + e.getKey() + "=" + v);
                }
            }
        }
        assertThat(secrets).isGreaterThanOrEqualTo(10);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyAddressAServiceIsGivenIsAServiceAndAPortThatServiceListensOn() throws IOException {
        Map<String, Map<String, Object>> services = services(load());
        Map<String, Set<String>> listening = new LinkedHashMap<>();
        Map<String, String> hosts = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            Map<String, Object> env = asMap(s.get("environment"));
            Set<String> ports = new java.util.TreeSet<>();
            for (String k : List.of("PORT", "MANAGEMENT_PORT", "SF_EMULATOR_PORT")) {
                if (env.containsKey(k)) {
                    ports.add(String.valueOf(env.get(k)));
                }
            }
            for (String k : List.of("KAFKA_LISTENERS", "SCHEMA_REGISTRY_LISTENERS")) {
                Matcher m = Pattern.compile(":(\\d+)").matcher(String.valueOf(env.getOrDefault(k, "")));
                while (m.find()) {
                    ports.add(m.group(1));
                }
            }
            String image = String.valueOf(s.get("image"));
            if (image.startsWith("postgres:")) {
                ports.add("5432");
            } else if (image.startsWith("prom/prometheus:")) {
                ports.add("9090");
            } else if (image.startsWith("grafana/grafana:")) {
                ports.add("3000");
            }
            listening.put(name, ports);
            hosts.put(name, name);
            aliases(s).forEach(a -> hosts.put(a, name));
        });
        Pattern address = Pattern.compile("(?:[A-Za-z]+://|^|,)([a-z0-9][a-z0-9.-]*):(\\d+)");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            for (Map.Entry<String, Object> e : asMap(s.getValue().get("environment")).entrySet()) {
                if (e.getKey().startsWith("KAFKA_") && !e.getKey().endsWith("BOOTSTRAP_SERVERS")) {
                    continue; // the broker's own listener definitions
                }
                String value = resolvedDefault(e.getValue());
                Matcher m = address.matcher(value);
                while (m.find()) {
                    String host = m.group(1);
                    if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("0.0.0.0")) {
                        continue;
                    }
                    checked++;
                    String target = hosts.get(host);
                    if (target == null) {
                        problems.add(s.getKey() + " " + e.getKey() + ": no service " + host);
                    } else if (!listening.get(target).contains(m.group(2))) {
                        problems.add(s.getKey() + " " + e.getKey() + ": " + target + " does not listen on " + m.group(2)
                                + " (" + listening.get(target) + ")");
                    }
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(12);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyVolumeIsMountedWhereItsImageWritesAndEveryNamedVolumeIsDeclared() throws IOException {
        Map<String, Object> compose = load();
        Map<String, Map<String, Object>> services = services(compose);
        Map<String, String> named = new LinkedHashMap<>();
        services.forEach((name, s) -> volumes(s).forEach(v -> {
            String[] parts = v.split(":");
            if (parts.length >= 2 && !parts[0].startsWith(".") && !parts[0].startsWith("/")) {
                named.put(parts[0], name + ":" + parts[1]);
            }
        }));
        assertThat(asMap(compose.get("volumes")).keySet()).containsExactlyInAnyOrderElementsOf(named.keySet());
        Map<String, Object> pgEnv = asMap(services.get("postgres").get("environment"));
        assertThat(named.get("postgres-data")).isEqualTo("postgres:" + pgEnv.getOrDefault("PGDATA", "/var/lib/postgresql/data"));
        String dataFile = String.valueOf(asMap(services.get("salesforce-emulator").get("environment")).get("SF_EMULATOR_DATA_FILE"));
        assertThat(named.get("emulator-data")).isEqualTo("salesforce-emulator:" + Path.of(dataFile).getParent());
        assertThat(named.get("prometheus-data")).isEqualTo("prometheus:/prometheus");
        assertThat(String.valueOf(services.get("prometheus").get("command"))).contains("--storage.tsdb.path=/prometheus");
        // The Leadstream images create and own /var/lib/leadstream for their non-root user.
        for (String module : List.of("stream-app", "salesforce-emulator")) {
            assertThat(Files.readString(ROOT.resolve(module).resolve("Dockerfile")))
                    .contains("mkdir -p /app /var/lib/leadstream && chown leadstream /var/lib/leadstream");
        }
        assertThat(dataFile).startsWith("/var/lib/leadstream/");
    }

    /** {@code ${NAME:-default}} or {@code ${NAME:?message}} → the default (empty when required); other values as written. */
    private static String resolvedDefault(Object value) {
        String v = String.valueOf(value);
        Matcher m = Pattern.compile("^\\$\\{[A-Z0-9_]+:([-?])(.*)\\}$").matcher(v);
        if (m.matches()) {
            return m.group(1).equals("-") ? m.group(2) : "";
        }
        return v;
    }

    private static List<String> aliases(Map<String, Object> service) {
        Object networks = service.get("networks");
        if (!(networks instanceof Map<?, ?>)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        asMap(networks).values().forEach(n -> {
            Object a = asMap(n).get("aliases");
            if (a instanceof List<?> list) {
                list.forEach(x -> out.add(String.valueOf(x)));
            }
        });
        return out;
    }

    /** The host port of a short-syntax mapping, empty when Docker picks one. */
    private static String hostPort(String mapping) {
        String withoutIp = mapping.startsWith("${") ? mapping.substring(mapping.indexOf('}') + 2)
                : mapping.startsWith("127.0.0.1:") ? mapping.substring("127.0.0.1:".length()) : mapping;
        int colon = withoutIp.lastIndexOf(':');
        return colon < 0 ? "" : withoutIp.substring(0, colon);
    }

    /** Bind mounts of a service: container path -> host path (short syntax), named volumes excluded. */
    private static Map<String, String> bindMounts(Map<String, Object> service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : volumes(service)) {
            String[] parts = v.split(":");
            if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                out.put(parts[1], parts[0]);
            }
        }
        return out;
    }

    private static List<String> volumes(Map<String, Object> service) {
        Object v = service.get("volumes");
        return v instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    @Test
    void placeholderParsingSeesDefaultsAndNestedNames() {
        Map<String, Boolean> p = placeholders("a=${PORT:8081}\nb=${SECRET}\nc=${NEW:${OLD:}}\nd=${java.io.tmpdir}");
        assertThat(p).containsEntry("PORT", true).containsEntry("SECRET", false).containsEntry("NEW", true)
                .containsEntry("OLD", true).doesNotContainKey("java.io.tmpdir");
    }

    /** Environment names an application.properties reads, and whether each has a default. */
    static Map<String, Boolean> placeholders(String properties) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String line : properties.split("\n")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(line);
            while (m.find()) {
                out.merge(m.group(1), !m.group(2).isEmpty(), Boolean::logicalOr);
            }
        }
        return out;
    }

    /** A service's published port mappings, short syntax: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]. */
    private static List<String> published(Map<String, Object> service) {
        Object ports = service.get("ports");
        return ports instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static String containerPort(String mapping) {
        return mapping.substring(mapping.lastIndexOf(':') + 1).replaceFirst("/.*$", "");
    }

    private static Map<String, Object> load() throws IOException {
        Path file = ROOT.resolve("docker-compose.yml");
        assertThat(file).exists();
        Object doc = new Yaml().load(Files.readString(file));
        assertThat(doc).isInstanceOf(Map.class);
        return asMap(doc);
    }

    private static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        asMap(compose.get("services")).forEach((k, v) -> out.put(k, asMap(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        if (o == null) {
            return new LinkedHashMap<>();
        }
        assertThat(o).isInstanceOf(Map.class);
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) o).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
