package io.leadstream.sfemu.org;

import java.util.List;

/** One Salesforce error: the {@code errorCode}/{@code statusCode}, message and affected fields. */
public record SfError(String errorCode, String message, List<String> fields) {

  public SfError {
    fields = List.copyOf(fields);
  }

  public static SfError of(String errorCode, String message, String... fields) {
    return new SfError(errorCode, message, List.of(fields));
  }
}
