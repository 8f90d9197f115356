package io.leadstream.devstack;

import io.leadstream.devstack.demo.CrmSeeder;
import io.leadstream.devstack.demo.DemoDriver;
import io.leadstream.devstack.demo.DemoPlan;
import io.leadstream.devstack.infra.Infrastructure;
import io.leadstream.devstack.infra.Ports;
import io.leadstream.devstack.services.ServiceProcess;
import io.leadstream.devstack.services.Services;
import io.leadstream.devstack.summary.Counters;
import io.leadstream.devstack.summary.Summary;
import io.leadstream.devstack.summary.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The running pipeline: infrastructure in this JVM, the three services as child processes. Used by
 * the launcher ({@link Devstack}) and by the tests, which drive the same pieces.
 */
public final class Stack implements AutoCloseable {

    private final Infrastructure infra;
    private final Services services;
    private final Topics topics;
    private final Path runDir;
    private final Ports ports;

    private Stack(Infrastructure infra, Services services, Topics topics, Path runDir, Ports ports) {
        this.infra = infra;
        this.services = services;
        this.topics = topics;
        this.runDir = runDir;
        this.ports = ports;
    }

    public static Stack start(DevstackOptions options, Path root, Path runDir, Map<String, String> env, PrintStream out) {
        return start(options, root, runDir, env, Map.of(), out);
    }

    public static Stack start(DevstackOptions options, Path root, Path runDir, Map<String, String> env,
                              Map<String, Map<String, String>> extraServiceEnv, PrintStream out) {
        return start(options, root, runDir, env, extraServiceEnv, Map.of(), out);
    }

    /** @param serviceJvmOptions JVM options per service name replacing its defaults (see {@link Services#create}) */
    public static Stack start(DevstackOptions options, Path root, Path runDir, Map<String, String> env,
                              Map<String, Map<String, String>> extraServiceEnv,
                              Map<String, List<String>> serviceJvmOptions, PrintStream out) {
        Ports ports = Ports.from(options.portBase());
        out.println("Starting infrastructure (Kafka, schema registry, PostgreSQL, Salesforce emulator) ...");
        Infrastructure infra = Infrastructure.start(options, ports, env);
        Services services = null;
        Topics topics = null;
        try {
            services = Services.create(root, infra, ports, runDir, options.partitions(), extraServiceEnv,
                    serviceJvmOptions);
            out.println("Starting stream-app, then crm-sink and event-api (logs in " + runDir.resolve("logs") + ") ...");
            services.start();
            topics = new Topics(infra.kafkaClientConfig(), infra.registryClient());
            return new Stack(infra, services, topics, runDir, ports);
        } catch (RuntimeException e) {
            if (services != null) {
                services.close();
            }
            infra.close();
            throw e;
        }
    }

    public Infrastructure infra() {
        return infra;
    }

    public Services services() {
        return services;
    }

    public Topics topics() {
        return topics;
    }

    public Path runDir() {
        return runDir;
    }

    public void printUrls(PrintStream out) {
        out.println();
        out.println("Leadstream dev stack is up:");
        out.println("  event-api          " + services.eventApi().url() + "   (POST /api/v1/crm/events, /v3/api-docs; "
                + operations(services.eventApi()) + ")");
        out.println("  stream-app         " + services.streamApp().url() + "   (" + operations(services.streamApp()) + ")");
        out.println("  crm-sink           " + services.crmSink().url() + "   (" + operations(services.crmSink()) + ")");
        out.println("  Salesforce         " + infra.salesforce().loginUrl() + "   (" + infra.describe("salesforce")
                + infra.emulator().map(e -> "; admin API at " + e.adminBaseUrl() + "/__admin, loopback only").orElse("")
                + ")");
        out.println("  schema registry    " + infra.registryUrl() + "   (" + infra.describe("registry") + ")");
        out.println("  Kafka bootstrap    " + infra.bootstrapServers() + "   (" + infra.describe("kafka") + ")");
        out.println("  PostgreSQL         " + infra.database().jdbcUrl() + "   (" + infra.describe("postgres")
                + ", user " + infra.database().user() + ")");
        out.println("  logs               " + runDir.resolve("logs") + "   (stream-app.log, crm-sink.log, event-api.log, infra.log)");
        out.println("  dev API token      " + services.devToken() + "   (workspace 'default', every scope)");
        out.println("  operator key       " + services.operatorKey() + "   (LEADSTREAM_ADMIN_KEY of this run: "
                + "admin API /admin/v1, e.g. java -jar event-api/target/event-api.jar admin --url "
                + services.eventApi().url() + " workspaces list)");
        out.println("  try: curl -H 'Authorization: Bearer " + services.devToken() + "' "
                + services.eventApi().url() + "/api/v1/crm/leads/<leadId>");
        out.println();
    }

    /** Actuator is on a management port of its own, not on the service's URL (SPEC §14). */
    private static String operations(ServiceProcess service) {
        return "/health, /metrics at " + service.managementUrl();
    }

    /** Generates the demo, seeds the emulator (never a real org) and returns the plan. */
    public DemoPlan prepareDemo(int leads, long seed, String runId, PrintStream out) {
        DemoPlan plan = DemoPlan.generate(leads, seed, runId, Instant.now());
        infra.emulator().ifPresent(e -> out.println("Seeded Salesforce emulator: " + CrmSeeder.seed(e, plan)));
        return plan;
    }

    /**
     * Sends the plan through event-api, printing the progress line while it runs, then waits until the
     * pipeline is quiet (no counter moves for {@code quietFor}) or {@code timeout}.
     */
    public Counters runDemo(DemoPlan plan, PrintStream out, Duration quietFor, Duration timeout) {
        DemoDriver driver = new DemoDriver(services.eventApi().url(), services.devToken());
        out.printf("Demo: %,d leads, %,d events %s%n", plan.leads().size(), plan.totalEvents(), plan.eventsByType());
        Thread sender = new Thread(() -> driver.send(plan.leads(), 2), "demo-sender");
        sender.setDaemon(true);
        sender.start();
        Instant cadencesDue = plan.latestCadenceStart().plusSeconds(3);
        Counters last = awaitQuiet(driver::accepted, c -> !sender.isAlive() && Instant.now().isAfter(cadencesDue)
                && c.processed() >= c.sent(), out, quietFor, timeout);
        if (driver.rejected() > 0) {
            out.println("event-api rejected " + driver.rejected() + " events: " + driver.firstProblem());
        }
        return last;
    }

    /** Prints the progress line until {@code done} holds and the counters stop moving for {@code quietFor}. */
    public Counters awaitQuiet(LongSupplier sent, java.util.function.Predicate<Counters> done, PrintStream out,
                               Duration quietFor, Duration timeout) {
        boolean console = System.console() != null && out == System.out;
        long deadline = System.nanoTime() + timeout.toNanos();
        Counters previous = null;
        long stableSince = System.nanoTime();
        long lastPrinted = 0;
        while (true) {
            Counters now = Counters.read(sent.getAsLong(), infra, services, topics);
            long t = System.nanoTime();
            if (!now.sameAs(previous)) {
                stableSince = t;
            }
            previous = now;
            if (console) {
                out.print("\r" + now.line() + "   ");
                out.flush();
            } else if (t - lastPrinted > 5_000_000_000L) {
                out.println(now.line());
                lastPrinted = t;
            }
            boolean quiet = t - stableSince >= quietFor.toNanos() && done.test(now);
            if (quiet || t > deadline) {
                if (console) {
                    out.println();
                } else {
                    out.println(now.line());
                }
                if (!quiet) {
                    out.println("(not quiet after " + timeout.toSeconds() + " s; summarising what has landed so far)");
                }
                return now;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
        }
    }

    public Summary summary() {
        return Summary.collect(infra, topics);
    }

    @Override
    public void close() {
        try {
            topics.close();
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        services.close();
        infra.close();
    }
}
