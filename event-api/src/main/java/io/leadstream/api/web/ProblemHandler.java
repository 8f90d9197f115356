package io.leadstream.api.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@code application/problem+json}: {@link ApiException}s with their field list,
 * Spring MVC's own (405, 415, 406, missing parameters, …) via {@link ResponseEntityExceptionHandler},
 * and anything unexpected as a 500 that is logged without the request body.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  public ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
    return Problems.response(e, request.getRequestURI());
  }

  /** Multipart is disabled; should a container still try to parse one, it is the client's malformed body. */
  @ExceptionHandler(MultipartException.class)
  public ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest request) {
    return Problems.response(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be "
        + "application/json."), request.getRequestURI());
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");
    problem.setInstance(URI.create(request.getRequestURI()));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(Problems.PROBLEM_JSON);
    return new ResponseEntity<>(problem, headers, HttpStatus.INTERNAL_SERVER_ERROR);
  }
}
