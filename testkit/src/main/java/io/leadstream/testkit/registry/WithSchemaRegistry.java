package io.leadstream.testkit.registry;

import io.leadstream.testkit.kafka.KafkaExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Gives a test class the JVM-shared broker and the schema registry that stores its schemas on it. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
public @interface WithSchemaRegistry {
}
