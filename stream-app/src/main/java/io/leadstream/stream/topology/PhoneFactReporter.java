package io.leadstream.stream.topology;

import io.leadstream.schemas.internal.PhoneRequest;
import io.leadstream.schemas.topic.DncKey;
import io.leadstream.stream.compliance.PhoneFacts;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Tells the phone stage what each applied event says about a number ({@link PhoneFacts}: opt-outs, consents, calls
 * placed), keyed {@code <workspaceId>/<E.164>}, in the lead's event order.
 */
final class PhoneFactReporter implements Processor<String, LeadChange, String, PhoneRequest> {
    private ProcessorContext<String, PhoneRequest> context;

    @Override
    public void init(ProcessorContext<String, PhoneRequest> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, LeadChange> record) {
        LeadChange change = record.value();
        for (PhoneRequest fact : PhoneFacts.of(change.before(), change.lead(), change.event())) {
            context.forward(new Record<>(DncKey.of(fact.getWorkspaceId(), fact.getPhone()), fact, record.timestamp()));
        }
    }
}
