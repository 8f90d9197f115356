package io.leadstream.api.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/** RFC 7807 bodies, for controllers (via the advice) and for filters (written directly). */
public final class Problems {
  public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Problems() {
  }

  public static ProblemDetail detail(ApiException e, String instance) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setInstance(URI.create(safePath(instance)));
    if (!e.errors().isEmpty()) {
      problem.setProperty("errors", e.errors());
    }
    e.extra().forEach(problem::setProperty);
    return problem;
  }

  public static ResponseEntity<ProblemDetail> response(ApiException e, String instance) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(PROBLEM_JSON);
    if (e.retryAfterSeconds() != null) {
      headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
    }
    return new ResponseEntity<>(detail(e, instance), headers, e.status());
  }

  /** The problem as bytes, for servlet filters that answer before any controller. */
  public static byte[] bytes(ApiException e, String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", e.status().getReasonPhrase());
    body.put("status", e.status().value());
    body.put("detail", e.getMessage());
    body.put("instance", safePath(instance));
    if (!e.errors().isEmpty()) {
      body.put("errors", List.copyOf(e.errors()));
    }
    body.putAll(e.extra());
    return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
  }

  private static String safePath(String path) {
    try {
      return URI.create(path).getRawPath() == null ? "/" : path;
    } catch (IllegalArgumentException e) {
      return "/";
    }
  }
}
