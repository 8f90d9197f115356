package io.leadstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.devstack.demo.DemoDriver;
import io.leadstream.devstack.demo.DemoPlan;
import io.leadstream.devstack.summary.Counters;
import io.leadstream.devstack.summary.Summary;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ops dashboard (SPEC §12) in Debian's headless Chromium, driven by npm playwright-core
 * (interop/browser/dashboard-check.mjs), against the running pipeline devstack starts: demo leads, a lead whose
 * first cadence call the calling-window gate defers, and a record stream-app cannot read (dead-lettered). The page must
 * load without console errors; its numbers must be the ones the test posted (events applied, leads by status,
 * the dead letter, the deferred first call); a number must change without a reload when more events arrive; a workspace
 * token with dashboard:read sees the same numbers for its workspace. The screenshot stays in
 * devstack/target/dashboard.png for the reviewer.
 */
class DashboardBrowserTest {
    private static final PrintStream OUT = System.out;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path ROOT = Path.of(System.getProperty("leadstream.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        Path runDir = ROOT.resolve("devstack/target/dashboard-run-" + System.currentTimeMillis());
        Files.createDirectories(runDir.resolve("logs"));
        System.setProperty("devstack.logdir", runDir.resolve("logs").toString());
        DevstackOptions options = DevstackOptions.parse(new String[] {"--port-base", "0", "--partitions", "3"}, Map.of());
        stack = Stack.start(options, ROOT, runDir, Map.of(), OUT);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theDashboardShowsWhatThePipelineWasGivenAndUpdatesLive() throws Exception {
        String api = stack.services().eventApi().url();
        String token = stack.services().devToken();
        DemoPlan plan = stack.prepareDemo(12, 5L, "dash", OUT);
        Counters c = stack.runDemo(plan, OUT, Duration.ofSeconds(3), Duration.ofMinutes(3));
        assertThat(c.processed()).isEqualTo(plan.totalEvents());

        // A Kentucky lead (calls 10:00-21:00 by state law) in a zone where it is 09:xx now: the cadence step's own
        // window (09:00-19:00) lets its first call be planned now, and the calling-window gate defers it to 10:00
        // local, within the hour (SPEC §7 gate 4).
        if (Instant.now().atZone(java.time.ZoneOffset.UTC).getMinute() >= 55) {
            Thread.sleep(Duration.ofMinutes(6).toMillis()); // stay clear of the hour's edge
        }
        String capped = "dash-deferred-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int offset = Math.floorMod(9 - now.atZone(java.time.ZoneOffset.UTC).getHour() + 12, 24) - 12;
        String zone = offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" + offset : "+" + (-offset));
        assertThat(now.atZone(java.time.ZoneId.of(zone)).getHour()).isEqualTo(9);
        List<Map<String, Object>> cappedEvents = new ArrayList<>();
        cappedEvents.add(event("LEAD_UPSERTED", capped, now.minusSeconds(900), Map.of("phone", "+12125550" + (100 + (int) (Math.random() * 899)),
                "timeZone", zone, "state", "KY", "email", capped + "@acme.example")));
        cappedEvents.add(event("CONSENT_RECORDED", capped, now.minusSeconds(800), Map.of("kind", "OUTREACH_WRITTEN",
                "granted", true, "capturedAt", now.minusSeconds(800).toString())));
        cappedEvents.add(event("CADENCE_ENROLLED", capped, now.minusSeconds(10), Map.of("cadenceId", "new-lead-outbound",
                "startAt", now.plusSeconds(1).toString())));
        HttpResponse<String> posted = post(api + "/api/v1/crm/events", token, JSON.writeValueAsString(cappedEvents));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

        // A direct producer's unreadable record: stream-app dead-letters it.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infra().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("voice.events.v1", "default/dash-poison",
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        // Input on the lead's partition past the due time, so a timer that waits for its partition's input (fail
        // closed) is released too.
        Thread.sleep(3_000);
        assertThat(post(api + "/api/v1/crm/events", token, JSON.writeValueAsString(List.of(event("LEAD_UPSERTED", capped,
                Instant.now().minusSeconds(1), Map.of("preferredContactTime", "morning"))))).statusCode()).isEqualTo(202);
        long eventsPosted = plan.totalEvents() + cappedEvents.size() + 1;
        String operator = stack.services().operatorKey();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode dlq = JSON.readTree(get(api + "/admin/v1/dlq?topic=voice.events.dlq.v1", operator).body());
            assertThat(dlq.path("count").asInt()).isEqualTo(1);
            assertThat(stack.summary().gates("DEFER")).isPositive();
        });
        JsonNode dlqListed = JSON.readTree(get(api + "/admin/v1/dlq?topic=voice.events.dlq.v1", operator).body());
        String dlqReason = dlqListed.at("/records/0/reason").asString();
        assertThat(dlqReason).isNotBlank();
        await().atMost(Duration.ofSeconds(60)).until(() -> eventsApplied() == eventsPosted);
        Summary summary = stack.summary();
        Map<String, Long> expectedStatus = new TreeMap<>(plan.leads().stream()
                .collect(Collectors.groupingBy(DemoPlan.DemoLead::expectedStatus, Collectors.counting())));
        // The deferred lead (never called): its status as the lead API reads it.
        String cappedStatus = JSON.readTree(get(api + "/api/v1/crm/leads/" + capped, token).body()).path("status")
                .asString().toLowerCase(java.util.Locale.ROOT);
        assertThat(cappedStatus).isNotBlank();
        expectedStatus.merge(cappedStatus, 1L, Long::sum);
        assertThat(summary.leadsByStatus()).isEqualTo(expectedStatus);

        // ---------------------------------------------------------------- the operator's view, in Chromium
        Path screenshot = ROOT.resolve("devstack/target/dashboard.png");
        Files.deleteIfExists(screenshot);
        try (Browser browser = Browser.open(api + "/dashboard#operator=" + operator, screenshot)) {
            JsonNode loaded = browser.next();
            assertThat(loaded.path("phase").asString()).as(loaded.toString()).isEqualTo("loaded");
            assertThat(loaded.path("scope").asString()).isEqualTo("all workspaces (operator)");
            assertThat(loaded.path("fragmentKept").asBoolean()).as("the key is taken out of the address bar").isFalse();
            assertThat(number(loaded.path("eventsApplied").asString())).isEqualTo(eventsPosted);
            JsonNode rows = loaded.path("rows");
            Map<String, Long> funnel = new TreeMap<>();
            rows.properties().forEach(e -> {
                if (e.getKey().startsWith("status-")) {
                    funnel.put(e.getValue().get(0).asString(), number(e.getValue().get(1).asString()));
                }
            });
            assertThat(funnel).isEqualTo(expectedStatus);
            String dlqRow = "dlq-voice-events-dlq-v1-" + dlqReason;
            assertThat(rows.has(dlqRow)).as(rows.toString()).isTrue();
            assertThat(number(rows.path(dlqRow).get(2).asString())).isEqualTo(1);
            assertThat(rows.path(dlqRow).get(3).asString()).isEqualTo("Replay");
            long deferredOnPage = 0;
            for (Map.Entry<String, JsonNode> e : rows.properties()) {
                if (e.getKey().startsWith("gate-DEFER-")) {
                    deferredOnPage += number(e.getValue().get(2).asString());
                }
            }
            assertThat(deferredOnPage).isEqualTo(stack.summary().gates("DEFER")).isPositive();
            assertThat(rows.has("crm-default")).isTrue();
            assertThat(rows.has("topic-voice-events-v1")).isTrue();

            // More events while the page is open: the number changes, the document stays the same.
            String late = "dash-late-" + UUID.randomUUID().toString().substring(0, 8);
            browser.send("changed events-applied");
            assertThat(post(api + "/api/v1/crm/events", token, JSON.writeValueAsString(List.of(
                    event("CALL_PLACED", late, Instant.now().minusSeconds(5), Map.of()),
                    event("CALL_NO_ANSWER", late, Instant.now().minusSeconds(2), Map.of("attemptNumber", 1)))))
                    .statusCode()).isEqualTo(202);
            JsonNode updated = browser.next();
            assertThat(updated.path("phase").asString()).as(updated.toString()).isEqualTo("updated");
            assertThat(number(updated.path("eventsApplied").asString())).isGreaterThan(eventsPosted)
                    .isLessThanOrEqualTo(eventsPosted + 2);
            assertThat(updated.path("sameDocument").asString()).isEqualTo("yes");

            JsonNode done = browser.next();
            assertThat(done.path("phase").asString()).as(done.toString()).isEqualTo("done");
            assertThat(done.path("consoleErrors")).as(done.toString()).isEmpty();
            assertThat(done.path("navigations").asInt()).isEqualTo(1);
        }
        assertThat(screenshot).isRegularFile();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        OUT.println("Dashboard screenshot: " + screenshot);

        // ---------------------------------------------------------------- a workspace token with dashboard:read
        HttpResponse<String> issued = post(api + "/admin/v1/workspaces/default/tokens", operator,
                "{\"scopes\": [\"dashboard:read\"], \"name\": \"dashboard\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String dashboardToken = JSON.readTree(issued.body()).path("token").asString();
        HttpResponse<String> own = get(api + "/api/v1/dashboard", dashboardToken);
        assertThat(own.statusCode()).isEqualTo(200);
        JsonNode data = JSON.readTree(own.body());
        assertThat(data.path("scope").asString()).isEqualTo("default");
        assertThat(data.at("/throughput/topicRecords").isMissingNode()).as("broker-wide totals are the operator's").isTrue();
        assertThat(data.at("/dlq/voice.events.dlq.v1/byReason/" + dlqReason).asLong()).isEqualTo(1);
        assertThat(get(api + "/admin/v1/dashboard", dashboardToken).statusCode()).isEqualTo(401);
        assertThat(get(api + "/api/v1/dashboard", token).statusCode()).as("the dev token has every scope").isEqualTo(200);
        HttpResponse<String> eventsOnly = post(api + "/admin/v1/workspaces/default/tokens", operator,
                "{\"scopes\": [\"events:write\"], \"name\": \"no-dashboard\"}");
        String writer = JSON.readTree(eventsOnly.body()).path("token").asString();
        assertThat(get(api + "/api/v1/dashboard", writer).statusCode()).isEqualTo(403);
        assertThat(get(api + "/api/v1/dashboard", null).statusCode()).isEqualTo(401);
        // The page itself carries no data and needs no credential; its policy allows only its own script.
        HttpResponse<String> page = get(api + "/dashboard", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'"));
    }

    private static long eventsApplied() {
        try {
            return JSON.readTree(get(stack.services().eventApi().url() + "/admin/v1/dashboard",
                    stack.services().operatorKey()).body()).at("/throughput/eventsApplied").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", "").strip());
    }

    private static Map<String, Object> event(String type, String leadId, Instant at, Map<String, Object> fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("eventType", type);
        e.put("leadId", leadId);
        e.put("timestamp", at.toString());
        e.putAll(fields);
        return e;
    }

    private static HttpResponse<String> post(String url, String bearer, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** interop/browser/dashboard-check.mjs in node: one JSON line per phase on its stdout. */
    private static final class Browser implements AutoCloseable {
        private final Process process;
        private final BufferedReader lines;
        private final Writer commands;

        private Browser(Process process) {
            this.process = process;
            this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Browser open(String url, Path screenshot) throws Exception {
            Path dir = ROOT.resolve("interop/browser");
            assertThat(dir.resolve("node_modules/playwright-core")).as("npm ci in interop/browser (devstack's pom runs it)")
                    .isDirectory();
            assertThat(Path.of("/usr/bin/chromium")).as("Debian chromium (.ci/run installs it)").isExecutable();
            Path profile = Files.createTempDirectory(ROOT.resolve("devstack/target"), "chromium-profile-");
            ProcessBuilder pb = new ProcessBuilder("node", "dashboard-check.mjs").directory(dir.toFile())
                    .redirectError(ROOT.resolve("devstack/target/dashboard-browser.log").toFile());
            pb.environment().put("DASHBOARD_URL", url);
            pb.environment().put("SCREENSHOT", screenshot.toString());
            pb.environment().put("PROFILE_DIR", profile.toString());
            return new Browser(pb.start());
        }

        JsonNode next() throws Exception {
            String line = lines.readLine();
            assertThat(line).as("node ended early; see devstack/target/dashboard-browser.log").isNotNull();
            OUT.println("browser: " + (line.length() > 2000 ? line.substring(0, 2000) + "…" : line));
            return JSON.readTree(line);
        }

        void send(String command) throws Exception {
            commands.write(command + "\n");
            commands.flush();
        }

        @Override
        public void close() throws Exception {
            commands.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            assertThat(process.exitValue()).as("node exit").isZero();
        }
    }
}
