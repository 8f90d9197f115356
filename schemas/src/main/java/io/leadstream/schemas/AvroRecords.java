package io.leadstream.schemas;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.util.Objects;
import java.util.Set;

/**
 * Cheap copies and comparisons of generated records. Avro's {@code newBuilder(other)} deep-copies
 * every field (nested records, lists, maps); on a hot path that derives a new value from an old
 * one field by field, a shallow copy is enough as long as nested values are replaced, never mutated.
 */
public final class AvroRecords {
    private AvroRecords() {
    }

    /** A new record of the same class sharing {@code record}'s field values. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T shallowCopy(T record) {
        Schema schema = record.getSchema();
        T copy = (T) SpecificData.newInstance(record.getClass(), schema);
        for (int i = 0; i < schema.getFields().size(); i++) {
            copy.put(i, record.get(i));
        }
        return copy;
    }

    /** Whether two records of one schema are equal in every field but the named ones. */
    public static boolean equalExcept(SpecificRecord a, SpecificRecord b, Set<String> ignored) {
        for (Schema.Field field : a.getSchema().getFields()) {
            if (!ignored.contains(field.name()) && !Objects.equals(a.get(field.pos()), b.get(field.pos()))) {
                return false;
            }
        }
        return true;
    }
}
