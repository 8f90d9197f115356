package io.leadstream.bench.footprint;

import io.leadstream.bench.stream.VoiceEventLoad;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fills stream-app's store with distinct leads: per lead a profile upsert (the CRM import) and then
 * {@code eventsPerLead - 1} events of {@link VoiceEventLoad}'s realistic mix (calls, outcomes,
 * qualifications, trials, meetings), so each lead's state carries what a real one does. Then waits
 * until the application's consumer group has committed every input offset (lag 0).
 */
final class LeadLoader {
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final KafkaProducer<String, VoiceEvent> producer;
    private final Admin admin;
    private final VoiceEventLoad load;
    private final int eventsPerLead;

    LeadLoader(KafkaProducer<String, VoiceEvent> producer, Admin admin, VoiceEventLoad load, int eventsPerLead) {
        this.producer = producer;
        this.admin = admin;
        this.load = load;
        this.eventsPerLead = eventsPerLead;
    }

    int eventsPerLead() {
        return eventsPerLead;
    }

    /** Produces the events of leads {@code [from, to)}; returns the number of events sent. */
    long produce(int from, int to) {
        long total = (long) (to - from) * eventsPerLead;
        long sent = 0;
        long start = System.nanoTime();
        long lastReport = start;
        for (int lead = from; lead < to; lead++) {
            VoiceEvent created = load.leadCreated(lead);
            send(created);
            for (int e = 1; e < eventsPerLead; e++) {
                // The mix picks random lead ids; pin each event to this lead so every lead gets its share.
                VoiceEvent event = load.next(sent, total);
                event.setLeadId(created.getLeadId());
                event.setCallId(created.getLeadId() + "-c" + e);
                send(event);
                sent++;
            }
            sent++;
            if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
                System.out.printf(Locale.ROOT, "  produced %,d / %,d events (%,.0f/s)%n", sent, total, sent / seconds(start));
                lastReport = System.nanoTime();
            }
        }
        producer.flush();
        System.out.printf(Locale.ROOT, "  produced %,d events for leads %,d..%,d in %.1f s%n", sent, from, to - 1, seconds(start));
        return sent;
    }

    private void send(VoiceEvent event) {
        producer.send(new ProducerRecord<>(Topics.VOICE_EVENTS.name(), LeadKey.of(event.getWorkspaceId(), event.getLeadId()), event));
    }

    /** Waits until {@code applicationId} has committed the end offset of every input partition; returns the seconds waited. */
    double awaitProcessed(String applicationId, StreamAppChild child, long timeoutSeconds) throws Exception {
        long start = System.nanoTime();
        long lastReport = start;
        Map<TopicPartition, Long> ends = endOffsets();
        long endTotal = ends.values().stream().mapToLong(Long::longValue).sum();
        long firstCommitted = -1;
        while (true) {
            if (!child.isAlive()) {
                throw new IllegalStateException(child.name() + " died while processing; see " + child.logFile());
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            long done = 0;
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                long offset = c == null ? 0 : c.offset();
                done += offset;
                lag += Math.max(0, end.getValue() - offset);
            }
            if (firstCommitted < 0) {
                firstCommitted = done;
            }
            if (lag == 0) {
                return seconds(start);
            }
            if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
                System.out.printf(Locale.ROOT, "  %s: %,d / %,d input offsets committed, lag %,d (%,.0f events/s)%n", applicationId, done,
                        endTotal, lag, (done - firstCommitted) / seconds(start));
                lastReport = System.nanoTime();
            }
            if (seconds(start) > timeoutSeconds) {
                throw new IllegalStateException(applicationId + " still lags " + lag + " events after " + timeoutSeconds + " s; see "
                        + child.logFile());
            }
            Thread.sleep(250);
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        int partitions = admin.describeTopics(java.util.List.of(Topics.VOICE_EVENTS.name())).allTopicNames().get()
                .get(Topics.VOICE_EVENTS.name()).partitions().size();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(Topics.VOICE_EVENTS.name(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
