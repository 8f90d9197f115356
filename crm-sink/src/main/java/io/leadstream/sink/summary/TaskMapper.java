package io.leadstream.sink.summary;

import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CallStage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** A call as the Task upserted on its external id (SPEC §8, seed 000). */
public final class TaskMapper {
  private final FieldNames fields;

  public TaskMapper(FieldNames fields) {
    this.fields = fields;
  }

  /**
   * @param whoId  the matched Lead or Contact
   * @param create whether the Task may not exist yet: TaskSubtype can only be set on create
   */
  public Map<String, Object> task(CallActivity call, String whoId, boolean create) {
    Map<String, Object> task = new LinkedHashMap<>();
    LocalDate day = LocalDate.ofInstant(callTime(call), ZoneOffset.UTC);
    task.put(fields.get("taskExternalId"), call.getCallId());
    task.put("Subject", "Voice AI Call - " + day);
    task.put("WhoId", whoId);
    task.put("ActivityDate", day.toString());
    boolean over = call.getStage() == CallStage.COMPLETED || call.getStage() == CallStage.NO_ANSWER;
    task.put("Status", over ? "Completed" : "In Progress");
    if (create) {
      task.put("TaskSubtype", "Call");
    }
    task.put("Type", "Call");
    if (call.getDirection() == CallDirection.OUTBOUND) {
      task.put("CallType", "Outbound");
    } else if (call.getDirection() == CallDirection.INBOUND) {
      task.put("CallType", "Inbound");
    }
    task.put("CallDurationInSeconds", call.getDurationSeconds());
    task.put("CallDisposition", disposition(call));
    task.put("Description", CallSummary.describe(call));
    return task;
  }

  static Instant callTime(CallActivity call) {
    if (call.getPlacedAt() != null) {
      return call.getPlacedAt();
    }
    if (call.getAnsweredAt() != null) {
      return call.getAnsweredAt();
    }
    return call.getOccurredAt();
  }

  private static String disposition(CallActivity call) {
    if (call.getDisposition() != null && !call.getDisposition().isBlank()) {
      return call.getDisposition();
    }
    return switch (call.getStage()) {
      case NO_ANSWER -> "No Answer";
      case COMPLETED -> "Completed";
      case ANSWERED -> "Answered";
      default -> "Placed";
    };
  }
}
