package io.leadstream.schemas.registry;

import java.util.Locale;

/** Confluent compatibility levels. BACKWARD: a new schema must read data written with the previous one. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    public boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    public boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    public static CompatibilityLevel parse(String value) {
        if (value == null) {
            throw new SchemaRegistryException(RegistryError.INVALID_COMPATIBILITY_LEVEL,
                    "Invalid compatibility level. Valid values are none, backward, forward, full, and their transitive forms");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(RegistryError.INVALID_COMPATIBILITY_LEVEL,
                    "Invalid compatibility level '" + value + "'. Valid values are none, backward, forward, full, and their transitive forms");
        }
    }
}
