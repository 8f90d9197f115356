package io.leadstream.schemas.registry.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A log that lives as long as the process. For a registry whose schemas need not survive it,
 * e.g. a throw-away registry inside one test; {@link KafkaSchemaLog} is the durable one.
 */
public final class InMemorySchemaLog implements SchemaLog {
    private final List<SchemaLogEntry> entries = new ArrayList<>();
    private Consumer<SchemaLogEntry> listener;

    @Override
    public synchronized void open(Consumer<SchemaLogEntry> listener) {
        this.listener = listener;
        entries.forEach(listener);
    }

    @Override
    public synchronized void append(SchemaLogEntry entry) {
        entries.add(entry);
        if (listener != null) {
            listener.accept(entry);
        }
    }

    @Override
    public synchronized void close() {
        listener = null;
    }
}
