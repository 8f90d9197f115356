package io.leadstream.sink.leaddb;

import java.util.List;

/** One row of sync_log: the latest outcome of syncing a call, an appointment or a lead. */
public record SyncEntry(String workspaceId, String entityType, String entityId, String leadId, String callId,
                        String salesforceRecordId, String taskId, String eventId, String status, String errorMessage,
                        List<String> candidates, String phone, String email) {
  public static final String SUCCESS = "success";
  public static final String NOT_FOUND = "not_found";
  public static final String AMBIGUOUS = "ambiguous";
  public static final String ERROR = "error";
  /** Waiting in crm_pending: its row there says why. */
  public static final String HELD = "held";

  /** A held item's row (its pending row says why). */
  public static SyncEntry held(io.leadstream.sink.pipeline.Item i, String detail) {
    return switch (i.type()) {
      case CALL -> new SyncEntry(i.workspaceId(), "call", i.entityId(), i.leadId(), i.entityId(), null, null, null, HELD,
          detail, null, null, null);
      case APPOINTMENT -> new SyncEntry(i.workspaceId(), "appointment", i.entityId(), i.leadId(),
          i.appointment().getCallId(), null, null, null, HELD, detail, null, null, null);
      case LEAD, ENGAGEMENT -> new SyncEntry(i.workspaceId(), "lead", i.leadId(), i.leadId(), null, null, null, null, HELD,
          detail, null, null, null);
    };
  }

  public SyncEntry withCandidates(List<String> ids) {
    return new SyncEntry(workspaceId, entityType, entityId, leadId, callId, salesforceRecordId, taskId, eventId, status,
        errorMessage, ids, phone, email);
  }
}
