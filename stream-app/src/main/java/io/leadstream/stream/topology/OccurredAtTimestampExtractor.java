package io.leadstream.stream.topology;

import io.leadstream.schemas.event.VoiceEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is {@code occurredAt}. A timestamp far in the future (a producer's broken clock) would
 * drag stream time forward and expire the dedup window for every later event, so such records keep
 * the partition's current time instead; validation then sends them to the DLQ.
 */
public final class OccurredAtTimestampExtractor implements TimestampExtractor {
    static final long MAX_AHEAD_MS = 24L * 3600 * 1000;

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof VoiceEvent event) {
            long occurredAt = event.getOccurredAt().toEpochMilli();
            long horizon = Math.max(partitionTime, System.currentTimeMillis()) + MAX_AHEAD_MS;
            if (occurredAt <= horizon && occurredAt >= 0) {
                return occurredAt;
            }
        }
        return partitionTime >= 0 ? partitionTime : Math.max(0, record.timestamp());
    }
}
