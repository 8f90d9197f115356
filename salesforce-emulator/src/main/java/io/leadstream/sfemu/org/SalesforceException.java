package io.leadstream.sfemu.org;

import java.util.List;

/** A request-level failure carrying the HTTP status and the Salesforce error body. */
public class SalesforceException extends RuntimeException {

  private final int status;
  private final transient List<SfError> errors;

  public SalesforceException(int status, SfError error) {
    this(status, List.of(error));
  }

  public SalesforceException(int status, List<SfError> errors) {
    super(errors.isEmpty() ? "" : errors.get(0).errorCode() + ": " + errors.get(0).message());
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public static SalesforceException badRequest(String code, String message, String... fields) {
    return new SalesforceException(400, SfError.of(code, message, fields));
  }

  public static SalesforceException notFound() {
    return new SalesforceException(404, SfError.of("NOT_FOUND", "The requested resource does not exist"));
  }

  public int status() {
    return status;
  }

  public List<SfError> errors() {
    return errors;
  }

  public SfError first() {
    return errors.get(0);
  }
}
