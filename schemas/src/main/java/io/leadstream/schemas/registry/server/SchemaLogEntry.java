package io.leadstream.schemas.registry.server;

import io.leadstream.schemas.registry.CompatibilityLevel;

/** One fact of the registry's log. */
public sealed interface SchemaLogEntry {

    /** A version of a subject: the schema text and its global id. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements SchemaLogEntry {
    }

    /** A compatibility setting, global when {@code subject} is null. */
    record CompatibilityConfig(String subject, CompatibilityLevel level) implements SchemaLogEntry {
    }
}
