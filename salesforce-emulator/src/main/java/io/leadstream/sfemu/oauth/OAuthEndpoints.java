package io.leadstream.sfemu.oauth;

import io.leadstream.sfemu.rest.ApiRequest;
import io.leadstream.sfemu.rest.HttpReply;
import io.leadstream.sfemu.rest.RequestStats;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * /services/oauth2/authorize|token|revoke, on the org's My Domain host or on its login host (see {@link
 * OAuthService}). Parameters come from the query string or a form body.
 */
public final class OAuthEndpoints {

  private final OAuthService oauth;
  private final RequestStats stats;

  public OAuthEndpoints(OAuthService oauth, RequestStats stats) {
    this.oauth = oauth;
    this.stats = stats;
  }

  public HttpReply handle(String method, String endpoint, Map<String, String> query,
                          Function<String, String> headers, byte[] body) {
    return handle(method, endpoint, query, headers, body, false);
  }

  /** {@code onLoginHost}: the request came to the login host (login/test.salesforce.com), not to My Domain. */
  public HttpReply handle(String method, String endpoint, Map<String, String> query,
                          Function<String, String> headers, byte[] body, boolean onLoginHost) {
    Map<String, String> params = new LinkedHashMap<>(query);
    String contentType = Optional.ofNullable(headers.apply("Content-Type")).orElse("");
    if (body.length > 0 && contentType.startsWith("application/x-www-form-urlencoded")) {
      params.putAll(ApiRequest.parseQuery(new String(body, StandardCharsets.UTF_8)));
    }
    stats.record("oauth." + endpoint);
    try {
      return switch (endpoint) {
        // Auto-approves: no login page, the user is always the org's one integration user.
        case "authorize" -> HttpReply.redirect(oauth.authorize(params));
        case "token" -> {
          if (!method.equals("POST")) {
            throw new OAuthException(400, "invalid_request", "must use HTTP POST");
          }
          yield HttpReply.json(200, oauth.token(params, basicAuth(headers.apply("Authorization")), onLoginHost));
        }
        case "revoke" -> {
          oauth.revoke(params.get("token"));
          yield new HttpReply(200, new LinkedHashMap<>(), new byte[0]);
        }
        default -> new HttpReply(404, new LinkedHashMap<>(), new byte[0]);
      };
    } catch (OAuthException e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", e.error());
      error.put("error_description", e.description());
      return HttpReply.json(e.status(), error);
    }
  }

  private static Optional<String[]> basicAuth(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(new String[] {
          java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static List<String> endpoints() {
    return List.of("authorize", "token", "revoke");
  }
}
