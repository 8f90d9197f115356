package io.leadstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.devstack.demo.DemoDriver;
import io.leadstream.devstack.demo.DemoPlan;
import io.leadstream.devstack.services.ServiceProcess;
import io.leadstream.devstack.summary.Counters;
import io.leadstream.devstack.summary.Summary;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.testkit.postgres.EmbeddedPostgresDatabase;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline as the launcher runs it — broker, registry, PostgreSQL and emulator in this
 * JVM, stream-app, crm-sink and event-api as child processes from their jars (so {@code mvn -B
 * verify} must have packaged them; devstack's pom orders the reactor so it has) — first with a
 * small demo, then under continuous load with faults: kill -9 of stream-app (three times), crm-sink
 * stopped mid-batch and killed, emulator 503 burst, token expiry, PostgreSQL stopped and started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {

    private static final PrintStream OUT = System.out;
    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        Path root = Path.of(System.getProperty("leadstream.root", "..")).toAbsolutePath().normalize();
        Path runDir = root.resolve("devstack/target/test-run-" + System.currentTimeMillis());
        Files.createDirectories(runDir.resolve("logs"));
        System.setProperty("devstack.logdir", runDir.resolve("logs").toString());
        DevstackOptions options = DevstackOptions.parse(new String[] {"--port-base", "0", "--partitions", "3"}, Map.of());
        // Dead members of a killed instance leave their groups after 6 s instead of 45 s.
        String fastGroups = "{\"leadstream.streams.config.consumer.session.timeout.ms\":\"6000\","
                + "\"leadstream.streams.config.consumer.heartbeat.interval.ms\":\"1000\"}";
        String fastSink = "{\"spring.kafka.consumer.properties[session.timeout.ms]\":\"6000\","
                + "\"spring.kafka.consumer.properties[heartbeat.interval.ms]\":\"1000\","
                + "\"leadstream.sink.retry-pause\":\"500ms\","
                + "\"leadstream.sink.salesforce.circuit-open-for\":\"1s\"}";
        stack = Stack.start(options, root, runDir, Map.of(),
                Map.of("stream-app", Map.of("SPRING_APPLICATION_JSON", fastGroups),
                        "crm-sink", Map.of("SPRING_APPLICATION_JSON", fastSink)), OUT);
        stack.printUrls(OUT);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void demoTrafficEndsAsTheRightSalesforceRecordsAndLeadRowsAndTheSummarySaysSo() throws Exception {
        DemoPlan plan = stack.prepareDemo(50, 7L, "e2e", OUT);
        Counters c = stack.runDemo(plan, OUT, Duration.ofSeconds(5), Duration.ofMinutes(3));
        Summary summary = stack.summary();
        OUT.println(summary.render());

        assertThat(c.sent()).isEqualTo(plan.totalEvents());
        assertThat(c.processed()).isEqualTo(plan.totalEvents());
        Outcome outcome = Outcome.check(plan, stack);
        assertThat(outcome.problems()).isEmpty();

        Map<String, Long> expectedStatus = plan.leads().stream()
                .collect(Collectors.groupingBy(DemoPlan.DemoLead::expectedStatus, Collectors.counting()));
        assertThat(summary.leads()).isEqualTo(plan.leads().size());
        assertThat(summary.leadsByStatus()).isEqualTo(expectedStatus);
        assertThat(summary.scoreBuckets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(plan.leads().size());
        assertThat(summary.tasks()).isEqualTo(plan.expectedTaskCallIds().size());
        assertThat(summary.events()).isEqualTo(plan.expectedEventAppointmentIds().size());
        long unknownCalls = plan.leads().stream().filter(l -> !l.inSalesforce()).mapToLong(l -> l.callIds().size()).sum();
        assertThat(summary.syncLog().getOrDefault("call success", 0L)).isEqualTo(plan.expectedTaskCallIds().size());
        assertThat(summary.syncLog().getOrDefault("call not_found", 0L)).isEqualTo(unknownCalls);
        long optOuts = plan.leads().stream().filter(DemoPlan.DemoLead::optedOut).count();
        assertThat(summary.gateDecisions().getOrDefault("OPT_OUT OPT_OUT_REQUEST", 0L)).isEqualTo(optOuts);
        assertThat(summary.apiRequests()).isPositive();
        assertThat(summary.dlq()).isZero();
    }

    @Test
    @Order(2)
    void underContinuousLoadKillsRestartsAndOutagesLoseAndDuplicateNothing() throws Exception {
        DemoPlan plan = stack.prepareDemo(240, 11L, "fault", OUT);
        SalesforceEmulator emulator = stack.infra().emulator().orElseThrow();
        EmbeddedPostgresDatabase postgres = stack.infra().embeddedPostgres().orElseThrow();
        DemoDriver driver = new DemoDriver(stack.services().eventApi().url(), stack.services().devToken());
        AtomicBoolean sending = new AtomicBoolean(true);
        // Continuous load: 3 leads' events every 500 ms (~40 s of traffic), one array per step.
        Thread load = new Thread(() -> {
            List<DemoPlan.DemoLead> leads = plan.leads();
            for (int i = 0; i < leads.size(); i += 3) {
                List<Map<String, Object>> events = new ArrayList<>();
                leads.subList(i, Math.min(leads.size(), i + 3)).forEach(l -> events.addAll(l.events()));
                driver.sendEvents(events);
                sleep(500);
            }
            sending.set(false);
        }, "fault-load");
        load.start();

        long began = System.nanoTime();
        List<String> faults = new ArrayList<>() {
            @Override
            public boolean add(String fault) {
                return super.add(fault + " at +" + Duration.ofNanos(System.nanoTime() - began).toSeconds() + " s"
                        + (sending.get() ? " under load" : " after the load"));
            }
        };
        ServiceProcess streamApp = stack.services().streamApp();
        ServiceProcess crmSink = stack.services().crmSink();
        sleep(2000);
        killAndRestart(streamApp, faults);
        emulator.admin().failNextRequestsWithServerUnavailable(10);
        faults.add("Salesforce 503 burst (10 requests)");
        sleep(1500);
        awaitSinkBusy(crmSink);
        crmSink.stop();
        faults.add("crm-sink stopped (SIGTERM) mid-batch, restarted");
        crmSink.start().awaitReady(Duration.ofSeconds(120));
        emulator.admin().expireAccessTokens();
        faults.add("Salesforce access tokens expired");
        killAndRestart(streamApp, faults);
        postgres.stop();
        faults.add("PostgreSQL stopped for 4 s, restarted");
        sleep(4000);
        postgres.start();
        awaitSinkBusy(crmSink);
        crmSink.kill();
        faults.add("crm-sink killed (kill -9) mid-batch, restarted");
        crmSink.start().awaitReady(Duration.ofSeconds(120));
        killAndRestart(streamApp, faults);
        emulator.admin().expireAccessTokens();
        faults.add("Salesforce access tokens expired");
        load.join();

        // stream-app's counters restart with it: caught up means every lead row's version adds up to the input.
        String pattern = plan.leads().get(0).leadId().replaceAll("-\\d+$", "-%");
        Counters c = stack.awaitQuiet(driver::accepted, x -> !sending.get() && Outcome.versionSum(stack, pattern)
                >= plan.totalEvents(), OUT, Duration.ofSeconds(8), Duration.ofMinutes(3));
        Outcome outcome = Outcome.check(plan, stack);
        String report = String.format("Fault suite: %,d events sent to event-api (%,d accepted, %,d rejected, %,d retried"
                        + " requests), %,d leads, %d faults injected %s; expected %,d Tasks + %,d Events:"
                        + " lost = %d, duplicated = %d, lead rows differing from the input's replay = %d, DLQ = %d",
                plan.totalEvents(), driver.accepted(), driver.rejected(), driver.retries(), plan.leads().size(),
                faults.size(), faults, plan.expectedTaskCallIds().size(), plan.expectedEventAppointmentIds().size(),
                outcome.lost(), outcome.duplicated(), outcome.stateMismatches(), c.dlq());
        OUT.println(report);
        Files.writeString(stack.runDir().resolve("fault-suite-report.txt"), report + "\n" + outcome.problems() + "\n");

        assertThat(driver.rejected()).isZero();
        assertThat(driver.accepted()).isEqualTo(plan.totalEvents());
        assertThat(outcome.problems()).isEmpty();
        assertThat(c.dlq()).isZero();
    }

    private static void killAndRestart(ServiceProcess p, List<String> faults) {
        p.kill();
        faults.add(p.name() + " killed (kill -9), restarted");
        p.start().awaitReady(Duration.ofSeconds(150));
    }

    /** Waits (briefly) until the sink's consumed counter moves, so a stop lands mid-batch when there is work. */
    private static void awaitSinkBusy(ServiceProcess sink) {
        double before = io.leadstream.devstack.summary.Prometheus.sum(sink.metrics(), "crm_sink_records_consumed_total");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            double now = io.leadstream.devstack.summary.Prometheus.sum(sink.metrics(), "crm_sink_records_consumed_total");
            if (now > before) {
                return;
            }
            sleep(100);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What landed versus what the input implies: each expected Task and Event exactly once in the org
     * (lost / duplicated), none for leads without a CRM record, and each lead's row equal to a replay of
     * its input events (status, call counters, meeting flag, and version = number of events applied).
     */
    record Outcome(int lost, int duplicated, int stateMismatches, List<String> problems) {

        static Outcome check(DemoPlan plan, Stack stack) throws Exception {
            SalesforceEmulator emulator = stack.infra().emulator().orElseThrow();
            List<String> problems = new ArrayList<>();
            Map<Object, Long> tasks = emulator.records("Task").stream().filter(r -> r.get("Voice_Call_Id__c") != null)
                    .collect(Collectors.groupingBy(r -> r.get("Voice_Call_Id__c"), Collectors.counting()));
            Map<Object, Long> events = emulator.records("Event").stream()
                    .filter(r -> r.get("Voice_Appointment_Id__c") != null)
                    .collect(Collectors.groupingBy(r -> r.get("Voice_Appointment_Id__c"), Collectors.counting()));
            int lost = 0;
            int duplicated = 0;
            for (String id : plan.expectedTaskCallIds()) {
                long n = tasks.getOrDefault(id, 0L);
                lost += n == 0 ? 1 : 0;
                duplicated += n > 1 ? (int) (n - 1) : 0;
                if (n != 1) {
                    problems.add("Task for " + id + ": " + n);
                }
            }
            for (String id : plan.expectedEventAppointmentIds()) {
                long n = events.getOrDefault(id, 0L);
                lost += n == 0 ? 1 : 0;
                duplicated += n > 1 ? (int) (n - 1) : 0;
                if (n != 1) {
                    problems.add("Event for " + id + ": " + n);
                }
            }
            for (DemoPlan.DemoLead l : plan.leads()) {
                if (!l.inSalesforce()) {
                    l.callIds().stream().filter(tasks::containsKey).forEach(id -> problems.add("Task for unknown lead's " + id));
                }
            }
            Map<String, Map<String, Object>> rows = leadRows(stack, plan.leads().get(0).leadId().replaceAll("-\\d+$", "-%"));
            int mismatches = 0;
            for (DemoPlan.DemoLead l : plan.leads()) {
                Map<String, Object> row = rows.get(l.leadId());
                Map<String, Object> expected = new HashMap<>();
                expected.put("status", l.expectedStatus());
                expected.put("calls_placed", l.callIds().size());
                expected.put("calls_answered", l.answered());
                expected.put("meeting_booked", !l.appointmentIds().isEmpty());
                expected.put("version", (long) l.events().size());
                if (row == null || !expected.equals(row)) {
                    mismatches++;
                    problems.add("lead " + l.leadId() + ": expected " + expected + " but was " + row);
                }
            }
            return new Outcome(lost, duplicated, mismatches, problems);
        }

        static long versionSum(Stack stack, String likePattern) {
            try {
                return leadRows(stack, likePattern).values().stream().mapToLong(r -> (Long) r.get("version")).sum();
            } catch (Exception e) {
                return -1;
            }
        }

        private static Map<String, Map<String, Object>> leadRows(Stack stack, String likePattern) throws Exception {
            Properties p = new Properties();
            p.setProperty("user", stack.infra().database().user());
            Map<String, Map<String, Object>> rows = new HashMap<>();
            try (Connection c = new org.postgresql.Driver().connect(stack.infra().database().jdbcUrl(), p);
                 PreparedStatement st = c.prepareStatement("SELECT lead_id, status, calls_placed, calls_answered,"
                         + " meeting_booked, version FROM leads WHERE lead_id LIKE ?")) {
                st.setString(1, likePattern);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> row = new HashMap<>();
                        row.put("status", rs.getString("status"));
                        row.put("calls_placed", rs.getInt("calls_placed"));
                        row.put("calls_answered", rs.getInt("calls_answered"));
                        row.put("meeting_booked", rs.getBoolean("meeting_booked"));
                        row.put("version", rs.getLong("version"));
                        rows.put(rs.getString("lead_id"), row);
                    }
                }
            }
            return rows;
        }
    }
}
