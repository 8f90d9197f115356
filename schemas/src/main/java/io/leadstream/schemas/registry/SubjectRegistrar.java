package io.leadstream.schemas.registry;

import io.leadstream.schemas.topic.TopicSpec;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers the value subject ({@code <topic>-value}, TopicNameStrategy) of every Avro topic of the contract when a
 * service starts, so an external producer or consumer (kafkajs with {@code @kafkajs/confluent-schema-registry},
 * a Confluent client with {@code auto.register.schemas=false}) finds the subject before the first record is
 * written (SPEC §10).
 * <p>
 * Idempotent: a subject that already holds this exact schema is left as it is. Compatibility-checked: a subject
 * whose latest version this schema is not compatible with (by the subject's configured level) stops the start
 * with the subject named, instead of the first write failing later. Keys are plain strings, so topics have no
 * key subject; raw-bytes topics (DLQs) have none either.
 */
public final class SubjectRegistrar {

    /** What a start did: subjects newly registered (or given a new version) and subjects already current. */
    public record Report(List<String> registered, List<String> current) {
    }

    private SubjectRegistrar() {
    }

    public static String valueSubject(TopicSpec topic) {
        return topic.name() + "-value";
    }

    public static Report ensure(SchemaRegistryClient registry, List<TopicSpec> topics) {
        List<String> registered = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (TopicSpec topic : topics) {
            if (!SpecificRecord.class.isAssignableFrom(topic.valueType())) {
                continue;
            }
            String subject = valueSubject(topic);
            Schema schema = SpecificData.get().getSchema(topic.valueType());
            try {
                registry.lookupId(subject, schema);
                current.add(subject);
                continue;
            } catch (SchemaRegistryException e) {
                if (e.is(RegistryError.SCHEMA_NOT_FOUND)) {
                    if (!registry.isCompatible(subject, schema)) {
                        throw new IllegalStateException("Schema of " + topic.valueType().getSimpleName() + " is not compatible with "
                                + "the latest version of subject " + subject + " in the schema registry; refusing to start "
                                + "(SPEC §4: every change must be BACKWARD compatible)");
                    }
                } else if (!e.is(RegistryError.SUBJECT_NOT_FOUND)) {
                    throw e;
                }
            }
            registry.register(subject, schema);
            registered.add(subject);
        }
        return new Report(List.copyOf(registered), List.copyOf(current));
    }
}
