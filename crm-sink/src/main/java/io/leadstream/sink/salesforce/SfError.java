package io.leadstream.sink.salesforce;

import java.util.List;

/** One Salesforce error: {@code errorCode} (REST) or {@code statusCode} (collections), message, fields. */
public record SfError(String code, String message, List<String> fields) {
  public SfError {
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  public static SfError of(String code, String message) {
    return new SfError(code, message, List.of());
  }

  @Override
  public String toString() {
    return code + ": " + message + (fields.isEmpty() ? "" : " " + fields);
  }
}
