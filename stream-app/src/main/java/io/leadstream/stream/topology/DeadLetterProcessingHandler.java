package io.leadstream.stream.topology;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * An event that fails validation, or whose processing throws, goes to the DLQ with its original
 * bytes and the reason; the lead's state is untouched (the processor computes everything before
 * it writes anything) and processing continues with the next record.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private DeadLetters.Target deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.Target.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String stage = exception instanceof InvalidEventException ? "validation" : "processing";
        if (stage.equals("validation")) {
            log.warn("Dead-lettering invalid event {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), exception.getMessage());
        } else {
            log.error("Dead-lettering event {}-{}@{} whose processing failed", context.topic(), context.partition(), context.offset(), exception);
        }
        return Response.resume(deadLetters.record(context, context.sourceRawKey(), context.sourceRawValue(), exception, stage));
    }
}
