package io.leadstream.api.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** An answer other than success, rendered as RFC 7807 problem+json by {@link ProblemHandler}. */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final List<FieldError> errors;
  private final Map<String, Object> extra;
  private final Integer retryAfterSeconds;

  public ApiException(HttpStatus status, String detail) {
    this(status, detail, List.of(), Map.of(), null);
  }

  public ApiException(HttpStatus status, String detail, List<FieldError> errors, Map<String, Object> extra,
                      Integer retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.errors = List.copyOf(errors);
    this.extra = extra;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException invalid(List<FieldError> errors) {
    return new ApiException(HttpStatus.BAD_REQUEST, "The request has " + errors.size() + " invalid field"
        + (errors.size() == 1 ? "" : "s") + "; nothing was accepted.", errors, Map.of(), null);
  }

  public static ApiException invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public HttpStatus status() { return status; }
  public List<FieldError> errors() { return errors; }
  public Map<String, Object> extra() { return extra; }
  public Integer retryAfterSeconds() { return retryAfterSeconds; }
}
