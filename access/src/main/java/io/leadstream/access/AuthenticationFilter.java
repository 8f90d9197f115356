package io.leadstream.access;

import io.leadstream.leaddb.access.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * First filter of every request to a service's application port: runs the {@link Authenticator}
 * and either stores the caller ({@link Caller#ATTRIBUTE}, and its workspace in {@link
 * Caller#WORKSPACE_ATTRIBUTE}) or answers with {@code application/problem+json} — 400 for an
 * ambiguous path, 401 with a Bearer challenge, 503 with Retry-After.
 */
public final class AuthenticationFilter extends OncePerRequestFilter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Authenticator authenticator;

  public AuthenticationFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authenticator.Decision decision = authenticator.decide(request.getRequestURI(), request.getContextPath(),
        request.getHeader("Authorization"));
    if (decision instanceof Authenticator.Decision.Allowed allowed) {
      allowed.caller().ifPresent(caller -> {
        request.setAttribute(Caller.ATTRIBUTE, caller);
        if (caller.workspaceId() != null) {
          request.setAttribute(Caller.WORKSPACE_ATTRIBUTE, caller.workspaceId());
        }
      });
      chain.doFilter(request, response);
      return;
    }
    Authenticator.Decision.Denied denied = (Authenticator.Decision.Denied) decision;
    if (denied.challenge()) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"leadstream\"");
    }
    if (denied.retryAfterSeconds() != null) {
      response.setHeader("Retry-After", Integer.toString(denied.retryAfterSeconds()));
    }
    writeProblem(response, denied.status(), denied.detail());
  }

  /** An RFC 9457 problem body, for answers given before any controller runs. */
  static void writeProblem(HttpServletResponse response, int status, String detail) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", org.springframework.http.HttpStatus.valueOf(status).getReasonPhrase());
    body.put("status", status);
    body.put("detail", detail);
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.getOutputStream().write(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
  }
}
