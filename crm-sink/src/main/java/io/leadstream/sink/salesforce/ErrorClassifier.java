package io.leadstream.sink.salesforce;

import java.util.List;
import java.util.Set;

/** Maps Salesforce errors to {@link ErrorClass}es; plain rules, no I/O. */
public final class ErrorClassifier {
  private static final Set<String> THROTTLE = Set.of("REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "TOO_MANY_REQUESTS",
      "REQUEST_TIMEOUT", "WRITE_DEADLINE_EXCEEDED");
  private static final Set<String> RETRY = Set.of("UNABLE_TO_LOCK_ROW", "ALL_OR_NONE_OPERATION_ROLLED_BACK",
      "UNKNOWN_EXCEPTION", "REQUEST_RUNNING_TOO_LONG", "QUERY_TIMEOUT");
  private static final Set<String> RELINK = Set.of("CANNOT_UPDATE_CONVERTED_LEAD", "ENTITY_IS_DELETED",
      "INVALID_CROSS_REFERENCE_KEY");

  private ErrorClassifier() {
  }

  /** The class of a per-record failure inside an sObject Collections response. */
  public static ErrorClass ofRecord(List<SfError> errors) {
    ErrorClass worst = null;
    for (SfError e : errors) {
      ErrorClass c = ofCode(e.code());
      if (c == null) {
        return ErrorClass.PARK;
      }
      worst = worst == null || c.ordinal() < worst.ordinal() ? c : worst;
    }
    return worst == null ? ErrorClass.PARK : worst;
  }

  /** The class of a failed request. */
  public static ErrorClass ofRequest(int status, List<SfError> errors) {
    if (status == 401) {
      return ErrorClass.REFRESH;
    }
    if (status == 503 || status == 429 || errors.stream().anyMatch(e -> THROTTLE.contains(e.code()))) {
      return ErrorClass.THROTTLE;
    }
    if (status >= 500 || status == 0 || errors.stream().anyMatch(e -> RETRY.contains(e.code()))) {
      return ErrorClass.RETRY;
    }
    return ErrorClass.PARK;
  }

  private static ErrorClass ofCode(String code) {
    if (code == null) {
      return null;
    }
    if ("INVALID_SESSION_ID".equals(code)) {
      return ErrorClass.REFRESH;
    }
    if (THROTTLE.contains(code)) {
      return ErrorClass.THROTTLE;
    }
    if (RETRY.contains(code)) {
      return ErrorClass.RETRY;
    }
    if (RELINK.contains(code)) {
      return ErrorClass.RELINK;
    }
    return null;
  }
}
