package io.leadstream.sink.pipeline;

import io.leadstream.schemas.crm.Appointment;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One decoded record on its way through the sink: which entity of which lead it is, its version
 * (newer replaces older: a state's version, a call's revision, an appointment's booking time, a
 * score's asOf), the typed value and the Kafka record it came from (kept for the DLQ and for holding
 * it in {@code crm_pending} byte for byte).
 */
public record Item(EntityType type, String workspaceId, String leadId, String entityId, long version, Object value,
                   ConsumerRecord<String, byte[]> source) {

  /** Identifies an entity across batches: newest-wins and the pending table are keyed by it. */
  public record Key(EntityType type, String workspaceId, String entityId) {
  }

  public Key key() {
    return new Key(type, workspaceId, entityId);
  }

  public LeadState state() {
    return (LeadState) value;
  }

  public EngagementScore score() {
    return (EngagementScore) value;
  }

  public CallActivity call() {
    return (CallActivity) value;
  }

  public Appointment appointment() {
    return (Appointment) value;
  }

  /** A lead state whose opt-out flags are set: it goes first and is never held behind a budget or throttle. */
  public boolean isOptOut() {
    return type == EntityType.LEAD && (state().getDoNotCall() || state().getDoNotEmail());
  }

  public static Item of(LeadState s, ConsumerRecord<String, byte[]> source) {
    return new Item(EntityType.LEAD, s.getWorkspaceId(), s.getLeadId(), s.getLeadId(), s.getVersion(), s, source);
  }

  public static Item of(EngagementScore e, ConsumerRecord<String, byte[]> source) {
    return new Item(EntityType.ENGAGEMENT, e.getWorkspaceId(), e.getLeadId(), e.getLeadId(),
        e.getAsOf().toEpochMilli(), e, source);
  }

  public static Item of(CallActivity c, ConsumerRecord<String, byte[]> source) {
    return new Item(EntityType.CALL, c.getWorkspaceId(), c.getLeadId(), c.getCallId(), c.getRevision(), c, source);
  }

  public static Item of(Appointment a, ConsumerRecord<String, byte[]> source) {
    return new Item(EntityType.APPOINTMENT, a.getWorkspaceId(), a.getLeadId(), a.getAppointmentId(),
        a.getBookedAt().toEpochMilli(), a, source);
  }

  @Override
  public String toString() {
    return "Item[" + type + " " + workspaceId + "/" + entityId + " v" + version + "]";
  }
}
