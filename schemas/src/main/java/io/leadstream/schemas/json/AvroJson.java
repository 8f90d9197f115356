package io.leadstream.schemas.json;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecordBase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Avro records as the JSON people expect from an HTTP API: timestamps as ISO-8601 instants, enums
 * as their names, unions as their value (a record branch of a union of records gains a {@code type}
 * field naming it), nulls kept. Not Avro's JSON encoding, which wraps every union branch.
 */
public final class AvroJson {
    private static final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private static final JsonMapper json = JsonMapper.builder().build();

    private AvroJson() {
    }

    public static ObjectNode toJson(IndexedRecord record) {
        // The generated class's model knows its logical-type conversions (Instant for timestamp-millis).
        GenericData model = record instanceof SpecificRecordBase specific ? specific.getSpecificData() : GenericData.get();
        return (ObjectNode) value(record, record.getSchema(), model);
    }

    public static String toJsonString(IndexedRecord record) {
        return json.writeValueAsString(toJson(record));
    }

    private static JsonNode value(Object datum, Schema schema, GenericData model) {
        if (datum == null) {
            return nodes.nullNode();
        }
        switch (schema.getType()) {
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) datum;
                ObjectNode object = nodes.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    object.set(field.name(), value(record.get(field.pos()), field.schema(), model));
                }
                return object;
            }
            case UNION -> {
                Schema branch = schema.getTypes().get(model.resolveUnion(schema, datum));
                JsonNode value = value(datum, branch, model);
                long records = schema.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).count();
                if (records > 1 && value instanceof ObjectNode object) {
                    ObjectNode typed = nodes.objectNode().put("type", branch.getName());
                    typed.setAll(object);
                    return typed;
                }
                return value;
            }
            case ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                for (Object item : (Collection<?>) datum) {
                    array.add(value(item, schema.getElementType(), model));
                }
                return array;
            }
            case MAP -> {
                ObjectNode object = nodes.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
                    object.set(e.getKey().toString(), value(e.getValue(), schema.getValueType(), model));
                }
                return object;
            }
            case ENUM, STRING -> {
                return nodes.textNode(datum.toString());
            }
            case LONG -> {
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis || schema.getLogicalType() instanceof LogicalTypes.TimestampMicros) {
                    Instant instant = datum instanceof Instant i ? i : Instant.ofEpochMilli((Long) datum);
                    return nodes.textNode(instant.toString());
                }
                return nodes.numberNode(((Number) datum).longValue());
            }
            case INT -> {
                return nodes.numberNode(((Number) datum).intValue());
            }
            case DOUBLE, FLOAT -> {
                return nodes.numberNode(((Number) datum).doubleValue());
            }
            case BOOLEAN -> {
                return nodes.booleanNode((Boolean) datum);
            }
            case BYTES, FIXED -> {
                byte[] bytes = datum instanceof ByteBuffer b ? toArray(b) : ((GenericContainer) datum) instanceof GenericData.Fixed f ? f.bytes() : new byte[0];
                return nodes.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            default -> {
                return nodes.nullNode();
            }
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
