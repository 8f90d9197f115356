package io.leadstream.stream.compliance;

import io.leadstream.schemas.compliance.DncEntry;
import java.util.Optional;

/**
 * The do-not-call list by E.164 phone ({@code compliance.dnc.v1}, read as a GlobalKTable in the
 * topology). The gate decides whether an entry is still in force ({@code expiresAt}).
 */
@FunctionalInterface
public interface DncLookup {
    DncLookup EMPTY = phone -> Optional.empty();

    Optional<DncEntry> find(String e164Phone);
}
