package io.leadstream.devstack;

import io.leadstream.devstack.demo.DemoPlan;
import io.leadstream.devstack.services.ServiceProcess;
import io.leadstream.devstack.services.Services;
import io.leadstream.devstack.summary.Counters;
import io.leadstream.devstack.summary.Summary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar devstack/target/devstack.jar [--demo|--no-demo] ...}: the whole pipeline in one
 * command (see {@link DevstackOptions} for every option). Starts the KRaft broker, the schema
 * registry, PostgreSQL and the Salesforce emulator in this JVM, stream-app, crm-sink and event-api
 * as child processes from their jars, prints every URL, drives demo traffic with a progress line
 * and prints a summary; Ctrl-C stops everything.
 */
public final class Devstack {

    private Devstack() {
    }

    public static void main(String[] args) throws Exception {
        DevstackOptions options;
        try {
            options = DevstackOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path root = Services.locateRoot();
        Path runDir = options.runDir().orElse(root.resolve("devstack/target/runs")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
                .toAbsolutePath().normalize();
        Files.createDirectories(runDir.resolve("logs"));
        // Before the first logger: the in-process broker, registry and PostgreSQL log to infra.log.
        System.setProperty("devstack.logdir", runDir.resolve("logs").toString());
        PrintStream out = System.out;

        AtomicReference<Stack> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println();
            out.println("Stopping the dev stack ...");
            Stack s = running.getAndSet(null);
            if (s != null) {
                s.close();
            }
            ServiceProcess.stopAllStarted();
            out.println("Stopped. Logs kept in " + runDir.resolve("logs"));
            stopped.countDown();
        }, "devstack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Stack stack;
        try {
            stack = Stack.start(options, root, runDir, System.getenv(), out);
        } catch (RuntimeException e) {
            System.err.println("devstack: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        running.set(stack);
        stack.printUrls(out);

        if (options.demo()) {
            String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
            DemoPlan plan = stack.prepareDemo(options.leads(), options.seed(), runId, out);
            Counters c = stack.runDemo(plan, out, Duration.ofSeconds(6), Duration.ofMinutes(10));
            Summary summary = stack.summary();
            out.println();
            out.println(summary.render());
            out.printf("Expected from the demo plan: %,d Tasks and %,d Events for the %,d leads with a CRM record"
                            + " (%,d leads have none); sent %,d events, processed %,d.%n",
                    plan.expectedTaskCallIds().size(), plan.expectedEventAppointmentIds().size(),
                    plan.leads().stream().filter(DemoPlan.DemoLead::inSalesforce).count(),
                    plan.leads().stream().filter(l -> !l.inSalesforce()).count(), c.sent(), c.processed());
        }
        if (options.exitAfterDemo()) {
            System.exit(0);
        }
        out.println();
        out.println("The dev stack keeps running (cadence triggers keep firing on the wall clock); press Ctrl-C to stop.");
        stopped.await();
    }

}
