package io.leadstream.stream.topology;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds dead-letter records: the input record's original key, value and headers, plus
 * {@code error.*} headers saying what went wrong and where the record came from, so it can be
 * inspected and replayed. Shared by both Kafka Streams exception handlers.
 */
public final class DeadLetters {
    public static final String TOPIC_CONFIG = "leadstream.dlq.topic";
    public static final String ERROR_CLASS = "error.class";
    public static final String ERROR_MESSAGE = "error.message";
    public static final String ERROR_STAGE = "error.stage";
    public static final String SOURCE_TOPIC = "error.source.topic";
    public static final String SOURCE_PARTITION = "error.source.partition";
    public static final String SOURCE_OFFSET = "error.source.offset";
    public static final String PROCESSOR = "error.processor";

    private DeadLetters() {
    }

    /** What both exception handlers read from the Streams config: where dead letters go, whom to tell. */
    record Target(String topic, StreamMetrics metrics) {
        static Target from(Map<String, ?> configs) {
            Object topic = configs.get(TOPIC_CONFIG);
            if (topic == null) {
                throw new IllegalStateException(TOPIC_CONFIG + " must name the dead-letter topic");
            }
            StreamMetrics metrics = configs.get(StreamMetrics.CONFIG_KEY) instanceof StreamMetrics m ? m : StreamMetrics.NONE;
            return new Target(topic.toString(), metrics);
        }

        List<ProducerRecord<byte[], byte[]>> record(ErrorHandlerContext context, byte[] key, byte[] value, Exception exception, String stage) {
            metrics.deadLettered(stage);
            return DeadLetters.record(topic, context, key, value, exception, stage);
        }
    }

    static List<ProducerRecord<byte[], byte[]>> record(String dlqTopic, ErrorHandlerContext context, byte[] key, byte[] value,
                                                       Exception exception, String stage) {
        Headers headers = new RecordHeaders(context.headers() == null ? new RecordHeaders().toArray() : context.headers().toArray());
        put(headers, ERROR_CLASS, exception.getClass().getName());
        put(headers, ERROR_MESSAGE, message(exception));
        put(headers, ERROR_STAGE, stage);
        put(headers, SOURCE_TOPIC, context.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(context.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(context.offset()));
        put(headers, PROCESSOR, context.processorNodeId());
        return List.of(new ProducerRecord<>(dlqTopic, null, key, value, headers));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        // Kafka header values are small in practice; keep the cause chain but not a novel.
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + " (caused by " + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return message.length() > 4000 ? message.substring(0, 4000) + "…" : message;
    }
}
