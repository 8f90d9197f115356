package io.leadstream.access;

import io.leadstream.leaddb.access.Caller;
import io.leadstream.leaddb.access.TokenVerifier;
import java.util.Optional;

/**
 * Decides who a request comes from (SPEC §14): the normalized path picks the rule of the {@link
 * AccessPolicy}, the bearer credential is the operator key or an API token verified by {@link
 * TokenVerifier}. Scopes are checked later, per endpoint ({@link ScopeInterceptor}).
 */
public final class Authenticator {

  /** The outcome for one request. */
  public sealed interface Decision {
    /** Go on; {@code caller} is empty on public paths. */
    record Allowed(String path, Optional<Caller> caller) implements Decision {
    }

    record Denied(int status, String detail, boolean challenge, Integer retryAfterSeconds) implements Decision {
    }
  }

  private final AccessPolicy policy;
  private final TokenVerifier tokens;
  private final OperatorKey operatorKey;

  /** @param operatorKey null when the service has no admin API or none is configured */
  public Authenticator(AccessPolicy policy, TokenVerifier tokens, OperatorKey operatorKey) {
    this.policy = policy;
    this.tokens = tokens;
    this.operatorKey = operatorKey;
  }

  public Decision decide(String rawUri, String contextPath, String authorizationHeader) {
    Optional<String> normalized = RequestPaths.normalized(rawUri, contextPath);
    if (normalized.isEmpty()) {
      return new Decision.Denied(400, "The request path is ambiguous (path parameters, encoded separators or dots, "
          + "dot segments): send the plain path.", false, null);
    }
    String path = normalized.get();
    if (policy.isPublic(path)) {
      return new Decision.Allowed(path, Optional.empty());
    }
    String credential = bearer(authorizationHeader);
    if (policy.isOperatorPath(path)) {
      if (operatorKey == null) {
        return new Decision.Denied(401, "The admin API is disabled: no operator key (LEADSTREAM_ADMIN_KEY) is "
            + "configured.", true, null);
      }
      return operatorKey.matches(credential) ? new Decision.Allowed(path, Optional.of(Caller.forOperator()))
          : new Decision.Denied(401, "The operator key is required.", true, null);
    }
    if (credential == null) {
      return new Decision.Denied(401, "A valid bearer token is required.", true, null);
    }
    TokenVerifier.Result result = tokens.verify(credential);
    if (result instanceof TokenVerifier.Result.Verified v) {
      return new Decision.Allowed(path, Optional.of(v.caller()));
    }
    if (result instanceof TokenVerifier.Result.Unavailable) {
      return new Decision.Denied(503, "Tokens cannot be verified right now; retry shortly.", false, 5);
    }
    // One answer for unknown, revoked, expired and disabled: the reason is for the token's owner, not a prober.
    return new Decision.Denied(401, "A valid bearer token is required.", true, null);
  }

  private static String bearer(String header) {
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String value = header.substring(7).strip();
    return value.isEmpty() || value.length() > 512 ? null : value;
  }
}
