package io.leadstream.sink.salesforce;

import java.util.List;

/** Per-record outcome of an sObject Collections call (allOrNone=false). */
public record SaveResult(String id, boolean success, boolean created, List<SfError> errors) {
  public SaveResult {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public static SaveResult ok(String id, boolean created) {
    return new SaveResult(id, true, created, List.of());
  }

  public static SaveResult failed(SfError... errors) {
    return new SaveResult(null, false, false, List.of(errors));
  }

  public String errorText() {
    return errors.stream().map(SfError::toString).reduce((a, b) -> a + "; " + b).orElse("");
  }
}
