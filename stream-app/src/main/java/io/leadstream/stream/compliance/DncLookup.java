package io.leadstream.stream.compliance;

import io.leadstream.schemas.compliance.DncEntry;
import java.util.Optional;

/**
 * The do-not-call lists ({@code compliance.dnc.v1}, read as a GlobalKTable in the topology), keyed
 * {@code <scope>/<E.164>} ({@link io.leadstream.schemas.topic.DncKey}): the scope is
 * {@link io.leadstream.schemas.topic.DncKey#GLOBAL} for national and other external lists or a
 * workspaceId for that workspace's internal list. The gate decides whether an entry is still in
 * force ({@code expiresAt}).
 */
@FunctionalInterface
public interface DncLookup {
    DncLookup EMPTY = (scope, phone) -> Optional.empty();

    /** The entry for {@code e164Phone} on the list of {@code scope}, if any. */
    Optional<DncEntry> find(String scope, String e164Phone);
}
