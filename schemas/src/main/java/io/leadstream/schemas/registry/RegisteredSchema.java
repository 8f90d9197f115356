package io.leadstream.schemas.registry;

/** One version of a subject, as {@code GET /subjects/{s}/versions/{v}} returns it. */
public record RegisteredSchema(String subject, int version, int id, String schema) {
}
