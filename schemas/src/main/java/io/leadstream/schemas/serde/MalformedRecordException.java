package io.leadstream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The bytes of a record are not a valid Confluent wire-format Avro record: bad header, truncated or corrupt body. */
public class MalformedRecordException extends SerializationException {
    public MalformedRecordException(String topic, String problem) {
        super("Malformed record on topic " + topic + ": " + problem);
    }

    public MalformedRecordException(String topic, String problem, Throwable cause) {
        super("Malformed record on topic " + topic + ": " + problem, cause);
    }
}
