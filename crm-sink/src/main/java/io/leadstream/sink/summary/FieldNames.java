package io.leadstream.sink.summary;

import java.util.HashMap;
import java.util.Map;

/**
 * API names of the Lead/Contact fields the sink writes, per workspace (SPEC §8: configurable).
 * Logical keys: lastCallDate, totalCalls, engagementScore, useCase, teamSize, meetingBooked,
 * doNotCall, emailOptOut; Task/Event external ids: taskExternalId, eventExternalId; the external id
 * of a Lead the sink creates for a lead nothing matched: leadExternalId.
 */
public final class FieldNames {
  public static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("lastCallDate", "Voice_Agent_Last_Call_Date__c"),
      Map.entry("totalCalls", "Voice_Agent_Total_Calls__c"),
      Map.entry("engagementScore", "Voice_Agent_Engagement_Score__c"),
      Map.entry("useCase", "Voice_Agent_Identified_Use_Case__c"),
      Map.entry("teamSize", "Voice_Agent_Team_Size__c"),
      Map.entry("meetingBooked", "Voice_Agent_Meeting_Booked__c"),
      Map.entry("doNotCall", "DoNotCall"),
      Map.entry("emailOptOut", "HasOptedOutOfEmail"),
      Map.entry("taskExternalId", "Voice_Call_Id__c"),
      Map.entry("eventExternalId", "Voice_Appointment_Id__c"),
      Map.entry("leadExternalId", "Voice_Lead_Key__c"));

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

  public String get(String logical) {
    String name = names.get(logical);
    if (name == null) {
      throw new IllegalArgumentException("Unknown field key " + logical);
    }
    return name;
  }
}
