package io.leadstream.devstack.summary;

import io.leadstream.devstack.infra.Infrastructure;
import io.leadstream.devstack.services.Services;
import io.leadstream.sfemu.SalesforceEmulator;
import java.util.Locale;
import java.util.Optional;

/**
 * The four numbers of the progress line: events sent (202s), processed by stream-app (applied +
 * duplicates skipped), synced to Salesforce (Task and Event records in the emulator; with a real
 * org, records the sink wrote), and dead-lettered (both DLQ topics).
 */
public record Counters(long sent, long processed, long synced, long dlq, long sinkConsumed, long apiRequests) {

    public static Counters read(long sent, Infrastructure infra, Services services, Topics topics) {
        String stream = services.streamApp().metrics();
        long processed = (long) (Prometheus.sum(stream, "leadstream_events_applied_total")
                + Prometheus.sum(stream, "leadstream_events_duplicates_total"));
        String sink = services.crmSink().metrics();
        long consumed = (long) Prometheus.sum(sink, "crm_sink_records_consumed_total");
        Optional<SalesforceEmulator> emu = infra.emulator();
        long synced = emu.map(e -> (long) (e.records("Task").size() + e.records("Event").size()))
                .orElseGet(() -> (long) Prometheus.sum(sink, "crm_sink_salesforce_records_written_total"));
        long api = emu.map(e -> e.admin().totalApiRequests())
                .orElseGet(() -> (long) Prometheus.sum(sink, "crm_sink_salesforce_requests_total"));
        long dlq = topics.countRecords("voice.events.dlq.v1") + topics.countRecords("crm-sink.dlq.v1");
        return new Counters(sent, processed, synced, dlq, consumed, api);
    }

    public String line() {
        return String.format(Locale.ROOT, "events sent %,d | processed %,d | synced to Salesforce %,d | DLQ %,d",
                sent, processed, synced, dlq);
    }

    /** Same pipeline position (ignoring the API request count, which budget probes move). */
    public boolean sameAs(Counters o) {
        return o != null && sent == o.sent && processed == o.processed && synced == o.synced && dlq == o.dlq
                && sinkConsumed == o.sinkConsumed;
    }
}
