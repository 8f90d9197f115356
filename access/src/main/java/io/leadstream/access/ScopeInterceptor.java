package io.leadstream.access;

import io.leadstream.leaddb.access.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authorization per endpoint, after {@link AuthenticationFilter} authenticated the caller: a method
 * marked {@link RequiresScope} needs a token with that scope, one marked {@link OperatorOnly} needs
 * the operator; a method marked with neither is refused (default deny). Register it for every path
 * but the policy's public ones.
 */
public final class ScopeInterceptor implements HandlerInterceptor {

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws IOException {
    if (!(handler instanceof HandlerMethod method)) {
      return true; // no controller: the dispatcher answers 404/405 itself
    }
    Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
    if (caller == null) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"leadstream\"");
      AuthenticationFilter.writeProblem(response, 401, "A valid bearer token is required.");
      return false;
    }
    boolean operatorOnly = method.hasMethodAnnotation(OperatorOnly.class)
        || method.getBeanType().isAnnotationPresent(OperatorOnly.class);
    RequiresScope scope = method.getMethodAnnotation(RequiresScope.class);
    if (operatorOnly) {
      return allow(response, caller.operator(), "Only the operator key opens the admin API.");
    }
    if (scope == null) {
      return allow(response, false, "This endpoint declares no scope, so no token may call it.");
    }
    return allow(response, !caller.operator() && caller.has(scope.value()),
        "This token lacks the scope " + scope.value().wireName() + ".");
  }

  private static boolean allow(HttpServletResponse response, boolean allowed, String detail) throws IOException {
    if (!allowed) {
      AuthenticationFilter.writeProblem(response, 403, detail);
    }
    return allowed;
  }
}
