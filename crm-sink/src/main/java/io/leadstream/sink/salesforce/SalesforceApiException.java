package io.leadstream.sink.salesforce;

import java.util.List;

/** A whole request failed (non-2xx after the client's own refresh and retries). */
public class SalesforceApiException extends RuntimeException {
  private final int status;
  private final String operation;
  private final List<SfError> errors;

  public SalesforceApiException(String operation, int status, List<SfError> errors) {
    super(operation + " failed with HTTP " + status + ": " + errors);
    this.operation = operation;
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public int status() {
    return status;
  }

  public String operation() {
    return operation;
  }

  public List<SfError> errors() {
    return errors;
  }

  public boolean hasCode(String code) {
    return errors.stream().anyMatch(e -> code.equals(e.code()));
  }

  public ErrorClass errorClass() {
    return ErrorClassifier.ofRequest(status, errors);
  }
}
