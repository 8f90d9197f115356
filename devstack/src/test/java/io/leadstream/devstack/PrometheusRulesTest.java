package io.leadstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The shipped alert rules and Grafana dashboard (ops/, SPEC §12): {@code promtool check config} (which checks
 * the rules it loads), {@code promtool test rules} with a unit test for every alert, and every metric the
 * rules and the dashboard query is one the services' code registers, so a renamed meter breaks the build
 * instead of silencing an alert.
 * <p>
 * promtool comes from Debian's {@code prometheus} package, which {@code .ci/run} installs. Without it this
 * test fails: an alert file nobody checked is not a shipped alert file.
 */
class PrometheusRulesTest {

    private static final Path ROOT = Path.of(System.getProperty("leadstream.root", "..")).toAbsolutePath().normalize();
    private static final Path OPS = ROOT.resolve("ops");
    /** Meter names registered in code: builders and registry.counter/timer/gauge calls. */
    private static final Pattern METER = Pattern.compile(
            "(?:Counter|Timer|Gauge|MultiGauge|DistributionSummary)\\.builder\\(\"([a-z0-9_.]+)\"|\\.(?:counter|timer|gauge)\\(\"([a-z0-9_.]+)\"");
    /** Series names in PromQL: identifiers of our prefixes, and the Kafka client binders' ones. */
    private static final Pattern SERIES = Pattern.compile("\\b((?:leadstream|crm_sink|kafka)_[a-z0-9_]+)\\b");
    /** Micrometer binders' metrics the rules use; the services' own tests assert each of them is exposed. */
    private static final Set<String> BINDER_SERIES = Set.of("kafka_consumer_fetch_manager_records_lag");

    @Test
    void prometheusConfigAndAlertRulesPassPromtoolCheck() throws Exception {
        Result r = promtool("check", "config", "prometheus.yml");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("SUCCESS: 1 rule files found").contains("SUCCESS: 7 rules found");
    }

    @Test
    void everyAlertHasAUnitTestThatFiresItAndTheyPass() throws Exception {
        List<String> alerts = alertNames();
        assertThat(alerts).contains("ConsumerLagGrowing", "StreamAppDeadLetters", "CrmSinkDeadLetters",
                "WorkspaceNeedsReconnect", "SalesforceApiBudgetOver80Percent", "CadenceTimerLag", "OptOutSlowerThan10s");

        Map<String, Object> tests = new Yaml().load(Files.readString(OPS.resolve("prometheus/alerts.test.yml")));
        Set<String> fired = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Object t : (List<?>) tests.get("tests")) {
            for (Object a : (List<?>) ((Map<?, ?>) t).get("alert_rule_test")) {
                Map<?, ?> art = (Map<?, ?>) a;
                List<?> expected = (List<?>) art.get("exp_alerts");
                (expected == null || expected.isEmpty() ? quiet : fired).add(String.valueOf(art.get("alertname")));
            }
        }
        assertThat(fired).as("alerts with a test case where they fire").containsAll(alerts);
        assertThat(quiet).as("alerts with a case where they stay quiet").isNotEmpty();

        Result r = promtool("test", "rules", "alerts.test.yml");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("SUCCESS");
    }

    @Test
    void aBrokenAlertExpectationFailsPromtoolSoTheTestAboveCanFail() throws Exception {
        String broken = Files.readString(OPS.resolve("prometheus/alerts.test.yml"))
                .replace("workspace: acme\n            exp_annotations:\n              summary: \"Workspace acme needs",
                        "workspace: globex\n            exp_annotations:\n              summary: \"Workspace acme needs");
        assertThat(broken).contains("workspace: globex\n");
        Path tmp = Files.createTempFile(OPS.resolve("prometheus"), "broken-", ".test.yml");
        try {
            Files.writeString(tmp, broken);
            Result r = promtool("test", "rules", tmp.getFileName().toString());
            assertThat(r.exit).as(r.output).isNotZero();
            assertThat(r.output).contains("WorkspaceNeedsReconnect");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Test
    void everySeriesTheRulesAndTheDashboardQueryIsRegisteredByTheServices() throws IOException {
        Set<String> exposed = exposedSeries();
        assertThat(exposed).contains("leadstream_events_out_total", "crm_sink_optout_latency_seconds_bucket",
                "crm_sink_workspace_state", "leadstream_cadence_timer_lag_seconds");

        Set<String> queried = new TreeSet<>();
        Matcher m = SERIES.matcher(Files.readString(OPS.resolve("prometheus/alerts.yml")));
        while (m.find()) {
            queried.add(m.group(1));
        }
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(OPS.resolve("grafana/dashboards/leadstream.json")));
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (!"leadstream-prometheus".equals(panel.path("datasource").path("uid").asString())) {
                problems.add(panel.path("title").asString() + ": datasource is not the provisioned one");
            }
            assertThat(panel.get("targets")).as(panel.path("title").asString()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                Matcher e = SERIES.matcher(target.path("expr").asString());
                while (e.find()) {
                    queried.add(e.group(1));
                }
            }
        }
        for (String series : queried) {
            if (!exposed.contains(series) && !BINDER_SERIES.contains(series)) {
                problems.add(series + " is queried but no service registers it");
            }
        }
        assertThat(queried).contains("leadstream_events_out_total", "kafka_consumer_fetch_manager_records_lag");
        assertThat(problems).isEmpty();
        String datasource = Files.readString(OPS.resolve("grafana/provisioning/datasources/prometheus.yml"));
        assertThat(datasource).contains("uid: leadstream-prometheus").contains("url: http://prometheus:9090");
    }

    /** Prometheus series names of every meter the three services register (Micrometer's naming). */
    static Set<String> exposedSeries() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String module : List.of("event-api", "stream-app", "crm-sink")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = METER.matcher(Files.readString(f));
                    while (m.find()) {
                        String base = (m.group(1) != null ? m.group(1) : m.group(2)).replace('.', '_');
                        for (String suffix : List.of("", "_total", "_seconds_bucket", "_seconds_count", "_seconds_sum",
                                "_seconds_max")) {
                            out.add(base + suffix);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static List<String> alertNames() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(OPS.resolve("prometheus/alerts.yml")));
        List<String> names = new ArrayList<>();
        for (Object g : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) g).get("rules")) {
                names.add(String.valueOf(((Map<?, ?>) rule).get("alert")));
            }
        }
        return names;
    }

    private record Result(int exit, String output) {
    }

    private static Result promtool(String... args) throws Exception {
        Path promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
        assertThat(promtool).as("promtool on PATH (Debian package prometheus; .ci/run installs it)").isNotNull();
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(OPS.resolve("prometheus").toFile()).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(p.exitValue(), out);
    }
}
