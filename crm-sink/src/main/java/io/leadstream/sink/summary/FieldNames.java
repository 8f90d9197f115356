package io.leadstream.sink.summary;

import io.leadstream.salesforce.metadata.SinkField;
import java.util.HashMap;
import java.util.Map;

/**
 * API names of the Lead/Contact fields the sink writes, per workspace (SPEC §8: configurable).
 * Logical keys: lastCallDate, totalCalls, engagementScore, useCase, teamSize, meetingBooked,
 * doNotCall, emailOptOut; Task/Event external ids: taskExternalId, eventExternalId; the external id
 * of a Lead the sink creates for a lead nothing matched: leadExternalId. The keys and default names
 * are salesforce-metadata's {@link SinkField}s, the fields the SFDX project in salesforce/ deploys.
 */
public final class FieldNames {
  public static final Map<String, String> DEFAULTS = Map.copyOf(SinkField.defaults());

  private final Map<String, String> names;

  private FieldNames(Map<String, String> names) {
    this.names = names;
  }

  public static FieldNames defaults() {
    return new FieldNames(DEFAULTS);
  }

  /** Defaults with {@code overrides} (logical key → API name) applied; unknown keys are rejected. */
  public static FieldNames withOverrides(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(DEFAULTS);
    overrides.forEach((k, v) -> {
      if (!DEFAULTS.containsKey(k)) {
        throw new IllegalArgumentException("Unknown field key '" + k + "'; known: " + DEFAULTS.keySet());
      }
      all.put(k, v);
    });
    return new FieldNames(Map.copyOf(all));
  }

  /** Logical key → API name, every key. */
  public Map<String, String> asMap() {
    return names;
  }

  public String get(String logical) {
    String name = names.get(logical);
    if (name == null) {
      throw new IllegalArgumentException("Unknown field key " + logical);
    }
    return name;
  }
}
