package io.leadstream.salesforce.metadata;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields crm-sink writes, each by its logical key (a workspace may map it to another API name,
 * SPEC §8) with its default API name. What a custom field must be — type, length, External ID,
 * Unique — is not here: it is the field's definition in the SFDX project ({@link SalesforceMetadata}).
 */
public enum SinkField {
  LAST_CALL_DATE("lastCallDate", "Voice_Agent_Last_Call_Date__c", Write.UPDATE, "Lead", "Contact"),
  TOTAL_CALLS("totalCalls", "Voice_Agent_Total_Calls__c", Write.UPDATE, "Lead", "Contact"),
  ENGAGEMENT_SCORE("engagementScore", "Voice_Agent_Engagement_Score__c", Write.UPDATE, "Lead", "Contact"),
  USE_CASE("useCase", "Voice_Agent_Identified_Use_Case__c", Write.UPDATE, "Lead", "Contact"),
  TEAM_SIZE("teamSize", "Voice_Agent_Team_Size__c", Write.UPDATE, "Lead", "Contact"),
  MEETING_BOOKED("meetingBooked", "Voice_Agent_Meeting_Booked__c", Write.UPDATE, "Lead", "Contact"),
  /** Standard checkbox: the opt-out lane sets it. */
  DO_NOT_CALL("doNotCall", "DoNotCall", Write.UPDATE, "Lead", "Contact"),
  EMAIL_OPT_OUT("emailOptOut", "HasOptedOutOfEmail", Write.UPDATE, "Lead", "Contact"),
  /** Tasks are upserted on it: created and updated. */
  TASK_EXTERNAL_ID("taskExternalId", "Voice_Call_Id__c", Write.UPSERT, "Task"),
  EVENT_EXTERNAL_ID("eventExternalId", "Voice_Appointment_Id__c", Write.UPSERT, "Event"),
  /** Only for a workspace that creates Leads for unmatched leads (createMissingLeads): upserted on it. */
  LEAD_EXTERNAL_ID("leadExternalId", "Voice_Lead_Key__c", Write.UPSERT, "Lead");

  /** What the integration user does with the field: its field-level security must allow it. */
  public enum Write {
    UPDATE(false),
    UPSERT(true);

    private final boolean creates;

    Write(boolean creates) {
      this.creates = creates;
    }

    public boolean creates() {
      return creates;
    }
  }

  private final String key;
  private final String defaultApiName;
  private final Write write;
  private final List<String> objects;

  SinkField(String key, String defaultApiName, Write write, String... objects) {
    this.key = key;
    this.defaultApiName = defaultApiName;
    this.write = write;
    this.objects = List.of(objects);
  }

  public String key() {
    return key;
  }

  public String defaultApiName() {
    return defaultApiName;
  }

  public Write write() {
    return write;
  }

  /** The sObjects the sink writes the field on. */
  public List<String> objects() {
    return objects;
  }

  /** A custom field, defined by the SFDX project; otherwise a standard field every org has. */
  public boolean custom() {
    return defaultApiName.endsWith("__c");
  }

  /** Only needed by a workspace that creates Leads. */
  public boolean onlyWhenCreatingLeads() {
    return this == LEAD_EXTERNAL_ID;
  }

  public static Optional<SinkField> byKey(String key) {
    return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
  }

  /** Logical key → default API name, in declaration order. */
  public static Map<String, String> defaults() {
    Map<String, String> out = new LinkedHashMap<>();
    for (SinkField f : values()) {
      out.put(f.key, f.defaultApiName);
    }
    return out;
  }
}
