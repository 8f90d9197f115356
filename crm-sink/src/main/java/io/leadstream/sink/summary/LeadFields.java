package io.leadstream.sink.summary;

import io.leadstream.schemas.lead.LeadState;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Voice_Agent_* and compliance fields of a Lead/Contact from a lead's state (SPEC §8). Opt-out
 * flags are only ever set, never cleared: an opt-out recorded in Salesforce by anyone stays.
 */
public final class LeadFields {
  private final FieldNames fields;

  public LeadFields(FieldNames fields) {
    this.fields = fields;
  }

  public Map<String, Object> fromState(LeadState s) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (s.getLastContactedAt() != null) {
      values.put(fields.get("lastCallDate"), LocalDate.ofInstant(s.getLastContactedAt(), ZoneOffset.UTC).toString());
    }
    values.put(fields.get("totalCalls"), s.getCallsPlaced());
    values.put(fields.get("engagementScore"), s.getEngagementScore());
    if (s.getUseCase() != null) {
      values.put(fields.get("useCase"), s.getUseCase());
    }
    if (s.getTeamSize() != null) {
      values.put(fields.get("teamSize"), s.getTeamSize());
    }
    values.put(fields.get("meetingBooked"), s.getMeetingBooked());
    values.putAll(optOut(s));
    return values;
  }

  /** Only the opt-out flags that are set, for the fast lane. */
  public Map<String, Object> optOut(LeadState s) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (s.getDoNotCall()) {
      values.put(fields.get("doNotCall"), true);
    }
    if (s.getDoNotEmail()) {
      values.put(fields.get("emailOptOut"), true);
    }
    return values;
  }

  public Map<String, Object> engagement(int score) {
    return Map.of(fields.get("engagementScore"), score);
  }
}
