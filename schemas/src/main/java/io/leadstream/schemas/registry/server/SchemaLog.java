package io.leadstream.schemas.registry.server;

import java.util.function.Consumer;

/**
 * The registry's durable, ordered log of facts. The registry's state is a fold over it, so a
 * registry restarted on the same log has the same subjects, versions and ids.
 */
public interface SchemaLog extends AutoCloseable {

    /**
     * Replays every entry already in the log to {@code listener}, in order, before returning, then
     * keeps delivering entries appended later (by this or another process) on a background thread.
     */
    void open(Consumer<SchemaLogEntry> listener);

    /** Appends an entry; returns once it is durable and has been delivered to the listener. */
    void append(SchemaLogEntry entry);

    @Override
    void close();
}
