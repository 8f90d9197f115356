package io.leadstream.stream.cadence;

import io.leadstream.schemas.cadence.CadenceDefinition;
import java.util.Optional;

/** Current cadence definitions by cadenceId ({@code cadence.definitions.v1} as a GlobalKTable in the topology). */
@FunctionalInterface
public interface CadenceDefinitionLookup {
    Optional<CadenceDefinition> find(String cadenceId);
}
