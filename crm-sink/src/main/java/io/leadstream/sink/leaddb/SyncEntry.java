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
}
