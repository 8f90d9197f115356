package io.leadstream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The record's header names a schema id the registry does not know. */
public class UnknownSchemaException extends SerializationException {
    private final int schemaId;

    public UnknownSchemaException(String topic, int schemaId, Throwable cause) {
        super("Record on topic " + topic + " names schema id " + schemaId + ", which the schema registry does not know", cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
