package io.leadstream.bench.e2e;

import io.leadstream.bench.Bench;
import io.leadstream.bench.Latencies;
import io.leadstream.bench.report.KeyFigure;
import io.leadstream.bench.report.KeyFigures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** e2e-latency.md (figures, baselines, verdicts) and e2e-latency.csv (latency per 10 s window). */
final class E2eReport {

    /** SPEC §13: end-to-end p99 ≤ 1 s at 1,000 events/s sustained for 10 minutes. */
    static final double TARGET_RATE = 1_000;
    static final double TARGET_P99_MS = 1_000;
    static final double TARGET_SECONDS = 600;

    private E2eReport() {
    }

    /** What the run was, besides its results. */
    record Setup(String command, String serviceJvms, int partitions, WarmUp.Result warmUp,
                 Latencies.Summary salesforceRoundTrip, int roundTrips, int drainTimeoutSeconds,
                 double loadAverageAtStart) {
    }

    static void write(Path dir, Setup setup, List<LoadResult> loads) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("e2e-latency.md"), markdown(setup, loads));
        Files.writeString(dir.resolve("e2e-latency.csv"), csv(loads));
    }

    /** Once, when every load has run (the report itself is rewritten after each load). */
    static void appendKeyFigures(Path dir, Setup setup, List<LoadResult> loads) {
        KeyFigures.append(dir, loads.stream().map(r -> keyFigure(setup, r)).toArray(KeyFigure[]::new));
    }

    /** p99 beside the direct Salesforce round trip it replaces; the SPEC target only at 1,000 events/s. */
    static KeyFigure keyFigure(Setup s, LoadResult r) {
        String figure = f("end-to-end latency at %s events/s offered, %.0f s (%s)", rate(r.offeredPerSecond()), r.seconds(),
                r.sustained() ? "sustained" : "not sustained");
        String value = f("p50 %s / p99 %s / max %s ms", ms(r.acceptToAck().p50()), ms(r.acceptToAck().p99()), ms(r.acceptToAck().max()));
        String baseline = f("p99 %s ms (direct Salesforce upsert)", ms(s.salesforceRoundTrip().p99()));
        String ratio = f("%.1f×", r.acceptToAck().p99() / s.salesforceRoundTrip().p99());
        if (r.offeredPerSecond() != TARGET_RATE) {
            return KeyFigure.context("e2e-latency", figure, value, baseline, ratio, "e2e-latency.md");
        }
        boolean met = r.sustained() && r.missing() == 0 && r.acceptToAck().p99() <= TARGET_P99_MS;
        String target = r.seconds() < TARGET_SECONDS
                ? f("p99 ≤ 1 s sustained for 10 min (this run: %.0f s only)", r.seconds()) : "p99 ≤ 1 s sustained for 10 min";
        return new KeyFigure("e2e-latency", figure, value, baseline, ratio, target, KeyFigure.Verdict.of(met), "e2e-latency.md");
    }

    static String markdown(Setup s, List<LoadResult> loads) {
        StringBuilder md = new StringBuilder();
        md.append("# End-to-end latency: event-api accepted → Salesforce acknowledged — ")
                .append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
        md.append(f("Machine: %d cores, %d GiB RAM, %s %s. Everything on this one host: Kafka (KRaft), the schema"
                        + " registry, PostgreSQL and the Salesforce emulator in the bench JVM (devstack's `Stack`, temp"
                        + " files under %s), stream-app (exactly_once_v2, 100 ms commits), crm-sink and event-api as child"
                        + " JVMs (%s), %d partitions; the open-loop sender shares the same cores.%n%n",
                Runtime.getRuntime().availableProcessors(), Bench.totalMemoryGiB(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("java.io.tmpdir"), s.serviceJvms(),
                s.partitions()));
        md.append("Command: `").append(s.command()).append("`\n\n");
        double loadNow = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        md.append(f("System load average (1 min): %.1f when the bench started, %.1f when this report was written. With"
                        + " %d cores, much more than that means other processes were competing for the CPU during the"
                        + " run, and these latencies are higher than the pipeline would show on a machine of its own.%n%n",
                s.loadAverageAtStart(), loadNow, Runtime.getRuntime().availableProcessors()));
        md.append("Each measured event is a CALL_COMPLETED with a fresh call id, posted to `POST /api/v1/crm/events`"
                + " with the dev token on a fixed schedule (open loop: the schedule never waits for the pipeline, so"
                + " queueing shows as latency). It becomes exactly one Task upserted on `Voice_Call_Id__c`."
                + " **accepted** = the 202 reached the sender; **acknowledged** = the emulator stored the Task (an"
                + " in-JVM listener, same `System.nanoTime` clock, just before it answers crm-sink); **scheduled** ="
                + " when the schedule said to send, so scheduled → ack also counts any lag of the sender itself.");
        md.append(f(" Warm-up: devstack's demo org (Contacts with Accounts, and Leads); %,d of %,d leads with a CRM"
                        + " record matched by crm-sink (one LEAD_UPSERTED and one call each, %,d events, %.0f s); calls"
                        + " go round-robin over the matched leads, so no lookup is on the measured path.",
                s.warmUp().matchedLeadIds().size(), s.warmUp().leadsWithCrmRecord(), s.warmUp().events(),
                s.warmUp().seconds()));
        md.append(" Two emulator artifacts are kept out of the figures: the bench purges acknowledged Tasks every"
                + " 0.5 s (its external-id lookup scans all records of a type, where Salesforce uses an index, so a"
                + " long run would otherwise measure a growing scan), and its HTTP server runs with TCP_NODELAY"
                + " (the emulator sets `sun.net.httpserver.nodelay=true`; without it every response waits ~40 ms for"
                + " the client's delayed ACK).\n\n");

        md.append("## Baselines (same run)\n\n");
        md.append("| baseline | n | p50 ms | p90 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|\n");
        Latencies.Summary rt = s.salesforceRoundTrip();
        md.append(f("| Salesforce emulator round trip: one Task upsert sent directly, as crm-sink sends it | %d | %s | %s |"
                + " %s | %s |%n", rt.count(), ms(rt.p50()), ms(rt.p90()), ms(rt.p99()), ms(rt.max())));
        for (LoadResult r : loads) {
            Latencies.Summary a = r.sendToAccept();
            md.append(f("| event-api accept (request → 202) at %s events/s | %,d | %s | %s | %s | %s |%n",
                    rate(r.offeredPerSecond()), a.count(), ms(a.p50()), ms(a.p90()), ms(a.p99()), ms(a.max())));
        }
        md.append("\nThe end-to-end latency is compared with the **direct Salesforce round trip**: an API that wrote the"
                + " Task synchronously would make the caller wait that long past the accept, so the ratio says how many"
                + " times longer the pipeline (Kafka, stream-app's exactly-once transaction, crm-sink's batches with"
                + " their PostgreSQL writes) takes to land the same Task; everything above one round trip is the"
                + " pipeline's share. event-api's accept latency is not inside accepted → ack (the clock starts at the"
                + " 202) but is inside scheduled → ack; it is listed to show when event-api, not the pipeline behind"
                + " it, was the bottleneck. A real org's round trip (typically 100–300 ms over the internet) would add"
                + " to both sides of the ratio.\n\n");

        md.append("## Results\n\n");
        md.append("| offered events/s | events/request | seconds | accepted events/s | sent | accepted | acknowledged"
                + " | missing | duplicate Tasks | requests > 10 ms late | sustained |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (LoadResult r : loads) {
            md.append(f("| %s | %d | %.0f | %,.0f | %,d | %,d | %,d | %,d | %,d | %,d | %s |%n", rate(r.offeredPerSecond()),
                    r.eventsPerRequest(), r.seconds(), r.achievedPerSecond(), r.events(), r.accepted(), r.acked(),
                    r.missing(), r.duplicates(), r.behindSchedule(),
                    r.sustained() ? "yes" : "**no** (" + r.verdictReasons() + ")"));
        }
        md.append("\n| offered events/s | accepted → ack p50 ms | p90 | p99 | p99.9 | max | scheduled → ack p99 |"
                + " scheduled → ack max | p50 ÷ direct round trip p50 | p99 ÷ direct round trip p99 | SPEC §13 target |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (LoadResult r : loads) {
            Latencies.Summary e = r.acceptToAck();
            Latencies.Summary sch = r.scheduleToAck();
            md.append(f("| %s | %s | %s | %s | %s | %s | %s | %s | %,.0f× | %,.0f× | %s |%n", rate(r.offeredPerSecond()),
                    ms(e.p50()), ms(e.p90()), ms(e.p99()), ms(e.p999()), ms(e.max()), ms(sch.p99()), ms(sch.max()),
                    e.p50() / rt.p50(), e.p99() / rt.p99(), target(r)));
        }
        md.append(f("%nSustained = no accepted event without its Task after the drain (waiting up to %d s after the last"
                        + " answer from event-api; missing = still without one then), every event accepted, accepted"
                        + " rate ≥ %.0f%% of offered, p99 of each third of the schedule ≤ %.0f× the best third's"
                        + " + %.0f ms (in runs of %d windows or more the thirds start after the first %d s window, the"
                        + " load's ramp, which still counts in every percentile), and the last Task landed ≤ %.0f s after"
                        + " the last event was accepted.%n%n",
                s.drainTimeoutSeconds(), LoadResult.ACHIEVED_SHARE * 100, LoadResult.DRIFT_FACTOR,
                LoadResult.DRIFT_SLACK_MS, LoadResult.RAMP_EXCLUDED_FROM_WINDOWS, LoadResult.WINDOW_SECONDS,
                LoadResult.DRAIN_LIMIT_SECONDS));
        for (LoadResult r : loads) {
            md.append(f("- %s events/s: p99 per third of the schedule %s / %s / %s ms; last Task %s s after the last"
                            + " accept; p99 per %d s window (ms): %s%n", rate(r.offeredPerSecond()), ms(r.thirdsP99()[0]),
                    ms(r.thirdsP99()[1]), ms(r.thirdsP99()[2]), Double.isNaN(r.drainSeconds()) ? "-" : f("%.1f", r.drainSeconds()),
                    LoadResult.WINDOW_SECONDS, r.windows().stream().map(w -> ms(w.p99())).collect(Collectors.joining(", "))));
        }
        md.append("\nLatency over time (p50, p99, max and count per 10 s window of scheduled send time): `e2e-latency.csv`.\n");
        return md.toString();
    }

    private static String target(LoadResult r) {
        if (r.offeredPerSecond() != TARGET_RATE) {
            return "—";
        }
        boolean met = r.sustained() && r.acceptToAck().p99() <= TARGET_P99_MS;
        String verdict = met ? "met" : "**missed**";
        if (r.seconds() < TARGET_SECONDS) {
            return f("p99 ≤ 1 s for 10 min: %s over %.0f s (the full run measures the 10 min)", verdict, r.seconds());
        }
        return "p99 ≤ 1 s for 10 min: " + verdict;
    }

    static String csv(List<LoadResult> loads) {
        StringBuilder csv = new StringBuilder("offered_events_per_s,events_per_request,window_start_s,window_end_s,"
                + "events,acknowledged,p50_ms,p99_ms,max_ms,scheduled_p99_ms\n");
        for (LoadResult r : loads) {
            for (LoadResult.Window w : r.windows()) {
                csv.append(f("%.0f,%d,%d,%d,%d,%d,%s,%s,%s,%s%n", r.offeredPerSecond(), r.eventsPerRequest(),
                        w.fromSecond(), w.toSecond(), w.events(), w.acked(), csvMs(w.p50()), csvMs(w.p99()),
                        csvMs(w.max()), csvMs(w.scheduledP99())));
            }
        }
        return csv.toString();
    }

    private static String rate(double r) {
        return f("%,.0f", r);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : v < 10 ? f("%.1f", v) : f("%,.0f", v);
    }

    private static String csvMs(double v) {
        return Double.isNaN(v) ? "" : f("%.1f", v);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
