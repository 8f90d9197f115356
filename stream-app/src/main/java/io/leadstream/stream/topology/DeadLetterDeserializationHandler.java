package io.leadstream.stream.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** A record that cannot be read (bad wire format, unknown schema id) goes to the DLQ as it was; processing continues. */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private DeadLetters.Target deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.Target.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        log.warn("Dead-lettering unreadable record {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), exception.getMessage());
        return Response.resume(deadLetters.record(context, record.key(), record.value(), exception, "deserialization"));
    }
}
