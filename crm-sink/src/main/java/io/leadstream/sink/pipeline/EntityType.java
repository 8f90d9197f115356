package io.leadstream.sink.pipeline;

import java.util.Locale;

/** What a consumed record is about: the unit the sink writes, keeps newest-wins and holds. */
public enum EntityType {
  /** A lead's state (lead.state.v1): profile, counters, opt-out flags. */
  LEAD,
  /** A lead's engagement score (lead.engagement.v1). */
  ENGAGEMENT,
  /** A call (crm.activities.v1): a Task. */
  CALL,
  /** An appointment (crm.activities.v1): an Event. */
  APPOINTMENT;

  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EntityType fromDb(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
