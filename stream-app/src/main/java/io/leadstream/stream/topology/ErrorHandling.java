package io.leadstream.stream.topology;

import io.leadstream.schemas.topic.Topics;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

/** The Kafka Streams settings that route unreadable and invalid records to the DLQ and keep processing. */
public final class ErrorHandling {
    private ErrorHandling() {
    }

    public static Properties deadLetterConfig(StreamMetrics metrics) {
        Properties props = new Properties();
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        // Also for global stores (cadence definitions, DNC list): the behaviour Kafka 5.0 makes the default.
        props.put("processing.exception.handler.global.enabled", true);
        props.put(DeadLetters.TOPIC_CONFIG, Topics.VOICE_EVENTS_DLQ.name());
        props.put(StreamMetrics.CONFIG_KEY, metrics);
        return props;
    }
}
