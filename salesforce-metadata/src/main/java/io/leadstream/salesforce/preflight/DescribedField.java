package io.leadstream.salesforce.preflight;

/**
 * A field as the org's describe reports it for the integration user: {@code createable} and
 * {@code updateable} already include its field-level security.
 */
public record DescribedField(String name, String type, int length, boolean externalId, boolean unique,
                             boolean createable, boolean updateable) {
}
