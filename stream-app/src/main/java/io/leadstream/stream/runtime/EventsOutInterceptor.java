package io.leadstream.stream.runtime;

import io.leadstream.schemas.topic.TopicSpec;
import io.leadstream.schemas.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.HashMap;
import java.util.Map;

/**
 * SPEC §12 "events out per type": counts what the topology writes to each contract topic as
 * {@code leadstream_events_out_total{topic,type}}, {@code type} being the topic's value type
 * ({@code LeadState}, {@code EngagementScore}, {@code CrmActivity}, {@code CadenceTrigger}, {@code GateDecision},
 * {@code DncEntry}, {@code bytes} for the DLQ). Installed as an interceptor of Kafka Streams' producers, so no
 * processor has to know about it; changelog and repartition topics are not counted.
 * <p>
 * Counted when the broker acknowledged the send. Under exactly-once an aborted transaction's records were
 * acknowledged too, so after a task failure the counter can run slightly ahead of what a read_committed
 * consumer sees; for a throughput panel and alerting that is the honest number available without reading back.
 */
public final class EventsOutInterceptor implements ProducerInterceptor<byte[], byte[]> {
    /** Config key carrying the {@link MeterRegistry} (Streams passes unprefixed object configs to its producers). */
    public static final String REGISTRY_CONFIG = "leadstream.events.out.registry";

    private final Map<String, Counter> counters = new HashMap<>();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(REGISTRY_CONFIG) instanceof MeterRegistry registry) {
            for (TopicSpec spec : Topics.ALL) {
                if (spec == Topics.VOICE_EVENTS) {
                    continue; // stream-app's input (it writes only DLQ copies of it, counted under the DLQ topic)
                }
                String type = spec.valueType() == byte[].class ? "bytes" : spec.valueType().getSimpleName();
                counters.put(spec.name(), Counter.builder("leadstream.events.out").tag("topic", spec.name())
                        .tag("type", type).description("Records stream-app wrote to each output topic, by value type")
                        .register(registry));
            }
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (exception == null && metadata != null) {
            Counter c = counters.get(metadata.topic());
            if (c != null) {
                c.increment();
            }
        }
    }

    @Override
    public void close() {
    }
}
