package io.leadstream.bench.e2e;

import io.leadstream.devstack.Stack;
import io.leadstream.devstack.demo.DemoDriver;
import io.leadstream.devstack.demo.DemoPlan;
import io.leadstream.devstack.summary.Prometheus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gets the pipeline to steady state before anything is measured: seeds the emulator's org with
 * devstack's demo leads (Contacts with Accounts, and Leads — {@link Stack#prepareDemo}), then sends
 * each lead that has a CRM record its LEAD_UPSERTED and one CALL_COMPLETED, and waits for those calls'
 * Tasks. A lead whose Task landed has been matched by crm-sink (the match is cached in crm_links), so
 * measured calls for it need no lookups; the JITs and connection pools of all three services are warm.
 */
final class WarmUp {

    /** The leads measured calls go to, and how the warm-up went. */
    record Result(List<String> matchedLeadIds, int leadsWithCrmRecord, int events, double seconds) {
    }

    private WarmUp() {
    }

    static Result run(Stack stack, TaskAcknowledgements acks, int leads, String runId, PrintStream out)
            throws InterruptedException {
        DemoPlan plan = stack.prepareDemo(leads, 42L, runId, out);
        List<DemoPlan.DemoLead> withRecord = plan.leads().stream().filter(DemoPlan.DemoLead::inSalesforce).toList();
        EventTimeline timeline = new EventTimeline("warm-" + runId + "-", withRecord.size());
        acks.track(timeline);
        List<Map<String, Object>> events = new ArrayList<>();
        Instant now = Instant.now();
        for (DemoPlan.DemoLead l : withRecord) {
            int seq = timeline.next();
            events.add(leadUpserted(l, now));
            events.add(callCompleted(l.leadId(), timeline.callId(seq), now.plusSeconds(1)));
        }
        long start = System.nanoTime();
        DemoDriver driver = new DemoDriver(stack.services().eventApi().url(), stack.services().devToken());
        driver.sendEvents(events);
        if (driver.rejected() > 0) {
            throw new IllegalStateException("event-api rejected " + driver.rejected() + " warm-up events: "
                    + driver.firstProblem());
        }
        // Until every lead's Task is there. A lead whose phone or e-mail matches several records stays unmatched
        // (as in production) and is simply not used: once crm-sink's match counter accounts for the rest, a
        // 2 s lull ends the wait; without it, 20 s without a new Task do.
        long lastCount = -1;
        long lastChange = System.nanoTime();
        long lastPrint = 0;
        while (timeline.ackedCount() < withRecord.size()) {
            long t = System.nanoTime();
            long count = timeline.ackedCount();
            if (count != lastCount) {
                lastCount = count;
                lastChange = t;
            }
            boolean accountedFor = count + unmatched(stack) >= withRecord.size();
            long lull = t - lastChange;
            if (accountedFor && lull > Duration.ofSeconds(2).toNanos() || lull > Duration.ofSeconds(20).toNanos()
                    || t - start > Duration.ofMinutes(3).toNanos()) {
                break;
            }
            if (t - lastPrint > 5_000_000_000L) {
                out.printf("warm-up: %,d / %,d leads matched (Task landed)%n", count, withRecord.size());
                lastPrint = t;
            }
            Thread.sleep(200);
        }
        List<String> matched = new ArrayList<>();
        for (int i = 0; i < withRecord.size(); i++) {
            if (timeline.ackedAt(i) != 0) {
                matched.add(withRecord.get(i).leadId());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("warm-up: %,d of %,d leads with a CRM record matched in %.1f s (%,d events)%n", matched.size(),
                withRecord.size(), seconds, events.size());
        if (matched.isEmpty()) {
            throw new IllegalStateException("no warm-up Task landed; see the crm-sink log in the run directory");
        }
        return new Result(matched, withRecord.size(), events.size(), seconds);
    }

    /** Leads crm-sink found no single Salesforce record for (its match counter). */
    private static long unmatched(Stack stack) {
        String metrics = stack.services().crmSink().metrics();
        if (metrics == null) {
            return 0;
        }
        Map<String, Double> byResult = Prometheus.byLabel(metrics, "crm_sink_matches_total", "result");
        return Math.round(byResult.getOrDefault("ambiguous", 0.0) + byResult.getOrDefault("not_found", 0.0));
    }

    private static Map<String, Object> leadUpserted(DemoPlan.DemoLead l, Instant at) {
        Map<String, Object> e = envelope("LEAD_UPSERTED", l.leadId(), at);
        e.put("email", l.email());
        e.put("firstName", l.firstName());
        e.put("lastName", l.lastName());
        e.put("phone", l.phone());
        e.put("company", l.company());
        e.put("segment", l.segment());
        e.put("state", l.state());
        if (l.timeZone() != null) {
            e.put("timeZone", l.timeZone());
        }
        return e;
    }

    private static Map<String, Object> callCompleted(String leadId, String callId, Instant at) {
        Map<String, Object> e = envelope("CALL_COMPLETED", leadId, at);
        e.put("callId", callId);
        e.put("durationSeconds", 60);
        e.put("direction", "OUTBOUND");
        e.put("disposition", "connected");
        e.put("summary", "Warm-up call.");
        return e;
    }

    private static Map<String, Object> envelope(String type, String leadId, Instant at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("eventType", type);
        e.put("leadId", leadId);
        e.put("timestamp", at.toString());
        return e;
    }
}
