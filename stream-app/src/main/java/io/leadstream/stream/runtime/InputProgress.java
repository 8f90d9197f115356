package io.leadstream.stream.runtime;

import io.leadstream.stream.topology.InputWatermark;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The input watermark (SPEC §7 "Fail closed"), measured on the broker: every {@code interval} it notes the instant F,
 * reads the read_committed end offsets (LSO) of every partition of the input topics, then the application's committed
 * group offsets ({@code application.id}); when those have reached the end offsets seen at some F, every record
 * appended before F has been processed and the watermark is F ({@link OffsetWatermark}). Kafka Streams commits the
 * consumer position once a partition's buffer is drained, past transaction markers, so a transactionally written
 * partition should catch up too; {@code BacklogRestartTest} proves the restart-with-a-backlog case on a real broker
 * (non-transactional input, at-least-once).
 * <p>
 * Unknown until a first snapshot is caught up (start-up, restart with a backlog): nothing is released. An admin error
 * leaves the watermark where it was — still true, only older — and it falls behind the wall clock.
 */
public final class InputProgress implements InputWatermark, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InputProgress.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final Clock clock;
    private final OffsetWatermark offsets;
    private final ScheduledExecutorService poller;
    private volatile long watermark = UNKNOWN;
    private List<TopicPartition> partitions = List.of();
    private long partitionsReadAt;
    private long lastErrorLoggedAt;

    private InputProgress(Admin admin, String groupId, List<String> topics, Clock clock, Duration interval) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.clock = clock;
        // Ten minutes of snapshots at the default interval before they are thinned.
        this.offsets = new OffsetWatermark((int) Math.max(16, Duration.ofMinutes(10).toMillis() / Math.max(1, interval.toMillis())));
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "input-progress-" + groupId);
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts polling; the admin client is the caller's and outlives {@link #close()} only if the caller closes it later. */
    public static InputProgress start(Admin admin, String applicationId, List<String> inputTopics, Duration interval) {
        return new InputProgress(admin, applicationId, inputTopics, Clock.systemUTC(), interval);
    }

    @Override
    public long processedUpToMillis() {
        return watermark;
    }

    /** How far the watermark trails the wall clock; null while unknown. */
    public Duration lag() {
        long w = watermark;
        return w == UNKNOWN ? null : Duration.ofMillis(Math.max(0, clock.millis() - w));
    }

    void poll() {
        try {
            long at = clock.millis();
            if (at - partitionsReadAt > Duration.ofSeconds(30).toMillis()) {
                partitions = partitions();
                partitionsReadAt = at;
            }
            if (partitions.isEmpty()) {
                throw new IllegalStateException("the input topics " + topics + " have no partitions");
            }
            Map<String, Long> ends = offsets(OffsetSpec.latest(), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
            Map<String, Long> starts = offsets(OffsetSpec.earliest(), new ListOffsetsOptions());
            if (ends.size() != partitions.size() || starts.size() != partitions.size()) {
                throw new IllegalStateException("offsets of " + ends.size() + " of " + partitions.size() + " input partitions");
            }
            offsets.snapshot(new OffsetWatermark.Snapshot(at, ends, starts));
            Map<TopicPartition, OffsetAndMetadata> group = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Long> committed = new HashMap<>();
            group.forEach((tp, o) -> {
                if (o != null) {
                    committed.put(tp.toString(), o.offset());
                }
            });
            watermark = offsets.advance(committed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            long now = clock.millis();
            if (now - lastErrorLoggedAt > Duration.ofMinutes(1).toMillis()) {
                lastErrorLoggedAt = now;
                log.warn("Cannot read the input's progress ({}); cadence timers wait until it is known again", e.toString());
            }
        }
    }

    private List<TopicPartition> partitions() throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> out = new ArrayList<>();
        described.values().forEach(d -> d.partitions().forEach(p -> out.add(new TopicPartition(d.name(), p.partition()))));
        return out;
    }

    private Map<String, Long> offsets(OffsetSpec spec, ListOffsetsOptions options) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request, options).all()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp.toString(), info.offset()));
        return out;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
