package io.leadstream.bench.footprint;

import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.bench.stream.VoiceEventLoad;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Times "back in business": from an action (starting a process, killing one) to (a) the watched
 * instance answering {@code /health/readiness} (on its management port) and (b) a probe event,
 * produced right after the action, being processed — its lead's state committed to
 * {@code lead.state.v1} (read_committed, so an aborted transaction of a killed process does not count).
 */
final class ProbeClock {
    /** Seconds from the action; {@code readySeconds} is NaN when readiness was not watched. */
    record Timeline(double readySeconds, double probeSeconds) {
    }

    private final KafkaProducer<String, VoiceEvent> producer;
    private final String bootstrapServers;
    private final int partitions;

    ProbeClock(KafkaProducer<String, VoiceEvent> producer, String bootstrapServers, int partitions) {
        this.producer = producer;
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
    }

    /** The partition of {@code leadKey} in every lead-keyed topic (the producer's default partitioner). */
    int partitionOf(String leadKey) {
        return Utils.toPositive(Utils.murmur2(leadKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Runs {@code action}, sends a profile upsert for {@code probeLead} (a leadId of {@link VoiceEventLoad#WORKSPACE}),
     * and waits for its state.
     *
     * @param readyWatch the instance whose readiness to time, or null
     */
    Timeline time(Runnable action, StreamAppChild readyWatch, StreamAppChild aliveWatch, String probeLead, Duration timeout)
            throws Exception {
        String probeKey = LeadKey.of(VoiceEventLoad.WORKSPACE, probeLead);
        try (KafkaConsumer<String, byte[]> states = stateConsumer()) {
            TopicPartition partition = new TopicPartition(Topics.LEAD_STATE.name(), partitionOf(probeKey));
            states.assign(List.of(partition));
            states.seekToEnd(List.of(partition));
            states.position(partition);

            long start = System.nanoTime();
            action.run();
            producer.send(new ProducerRecord<>(Topics.VOICE_EVENTS.name(), probeKey, probe(probeLead))).get();
            double ready = readyWatch == null ? Double.NaN : -1;
            double processed = -1;
            long deadline = start + timeout.toNanos();
            while (processed < 0 || ready < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("probe " + probeLead + " not processed within " + timeout.toSeconds() + " s; see "
                            + aliveWatch.logFile());
                }
                if (!aliveWatch.isAlive()) {
                    throw new IllegalStateException(aliveWatch.name() + " exited; see " + aliveWatch.logFile());
                }
                if (ready < 0 && readyWatch.isReady()) {
                    ready = seconds(start);
                }
                if (processed < 0) {
                    for (ConsumerRecord<String, byte[]> r : states.poll(Duration.ofMillis(100))) {
                        if (probeKey.equals(r.key())) {
                            processed = seconds(start);
                        }
                    }
                } else {
                    Thread.sleep(50);
                }
            }
            return new Timeline(ready, processed);
        }
    }

    private KafkaConsumer<String, byte[]> stateConsumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static VoiceEvent probe(String leadId) {
        Instant now = Instant.now();
        return VoiceEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(EventType.LEAD_UPSERTED)
                .setLeadId(leadId).setWorkspaceId(VoiceEventLoad.WORKSPACE).setOccurredAt(now).setReceivedAt(now)
                .setPayload(LeadUpserted.newBuilder().setEmail(leadId + "@probe.example").setCompany("Probe").build())
                .build();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
