package io.leadstream.sfemu.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 2.0 as Salesforce's /services/oauth2 implements it for one connected app: web-server flow
 * (authorize → code → token + refresh token), refresh_token, client_credentials and the JWT bearer
 * grant; revocation; access tokens that expire after a configurable time. Token responses carry
 * access_token, instance_url, id, token_type, issued_at, signature and scope (refresh_token only
 * for the web flow, and for refreshes when rotation is on), the signature being
 * Base64(HMAC-SHA256(secret, id + issued_at)) as documented.
 *
 * <p>A web-flow authorization is a grant: its refresh token (the current one, with rotation) and every
 * access token issued from it. Revoking the refresh token, or the admin fault revoking grants, ends all of
 * them; a dead refresh token answers 400 invalid_grant "expired access/refresh token", as real orgs do
 * (https://help.salesforce.com/apex/HTViewHelpDoc?id=remoteaccess_oauth_refresh_token_flow.htm).
 *
 * <p>The token endpoint is reached either on the org's My Domain host (the emulator's base URL) or on its
 * login host (the base URL + {@code /login}, standing for login.salesforce.com / test.salesforce.com). Like
 * real login hosts, that one refuses client_credentials with "request not supported on this domain"
 * (https://github.com/pozil/pub-sub-api-node-client/issues/58): the flow needs the My Domain URL.
 *
 * <p>PKCE (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_pkce.htm): a code issued for an
 * authorize request with a {@code code_challenge} is exchanged only with the {@code code_verifier} whose
 * BASE64URL(SHA-256) it is; otherwise 400 invalid_grant "invalid code verifier", the body real orgs send
 * (cognizant-ai-lab/nsflow#249; the REST guide's web-server flow page names invalid_grant for a missing
 * verifier). With {@code requirePkce}, as an External Client App, an authorize request without a challenge is
 * redirected back with error=invalid_request "missing required code challenge" (activepieces/activepieces#15615).
 */
public final class OAuthService {

  public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final Duration CODE_TTL = Duration.ofMinutes(15);
  private static final String DEFAULT_SCOPE = "api refresh_token";

  private final OAuthSettings settings;
  private final Supplier<String> instanceUrl;
  private final String orgId;
  private final String userId;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Supplier<String> loginHostUrl;

  /** {@code grant}: the web-flow authorization the token was issued from, if any. */
  private record AccessToken(String clientId, Instant expiresAt, Optional<String> grant) {
  }

  /** {@code codeChallenge}: the PKCE challenge of the authorize request, null without one. */
  private record Code(String redirectUri, String scope, Instant expiresAt, String codeChallenge) {
  }

  private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
  /** Live refresh token → its grant. */
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();

  public OAuthService(OAuthSettings settings, Supplier<String> instanceUrl, String orgId, String userId, Clock clock) {
    this(settings, instanceUrl, () -> instanceUrl.get() + "/login", orgId, userId, clock);
  }

  /** {@code loginHostUrl}: the URL clients use for the login host, accepted as a JWT audience. */
  public OAuthService(OAuthSettings settings, Supplier<String> instanceUrl, Supplier<String> loginHostUrl, String orgId,
                      String userId, Clock clock) {
    this.settings = settings;
    this.instanceUrl = instanceUrl;
    this.loginHostUrl = loginHostUrl;
    this.orgId = orgId;
    this.userId = userId;
    this.clock = clock;
  }

  /** Validates an authorize request and returns the redirect target carrying code and state. */
  public String authorize(Map<String, String> params) {
    if (!"code".equals(params.get("response_type"))) {
      throw new OAuthException(400, "unsupported_response_type", "response type not supported");
    }
    if (!settings.clientId().equals(params.get("client_id"))) {
      throw new OAuthException(400, "invalid_client_id", "client identifier invalid");
    }
    String redirectUri = params.get("redirect_uri");
    if (redirectUri == null || !callbackAllowed(redirectUri)) {
      throw new OAuthException(400, "redirect_uri_mismatch", "redirect_uri must match configuration");
    }
    String challenge = params.get("code_challenge");
    StringBuilder target = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
    if ((challenge == null || challenge.isEmpty()) && settings.requirePkce()) {
      target.append("error=invalid_request&error_description=").append(urlEncode("missing required code challenge"));
    } else {
      String code = "aPrx" + randomToken(24);
      codes.put(code, new Code(redirectUri, params.getOrDefault("scope", DEFAULT_SCOPE), clock.instant().plus(CODE_TTL),
          challenge == null || challenge.isEmpty() ? null : challenge));
      target.append("code=").append(urlEncode(code));
    }
    if (params.get("state") != null) {
      target.append("&state=").append(urlEncode(params.get("state")));
    }
    return target.toString();
  }

  private boolean callbackAllowed(String redirectUri) {
    return settings.callbackUrls().isEmpty() || settings.callbackUrls().contains(redirectUri);
  }

  /** The token endpoint on the My Domain host, see {@link #token(Map, Optional, boolean)}. */
  public Map<String, Object> token(Map<String, String> form, Optional<String[]> basicAuth) {
    return token(form, basicAuth, false);
  }

  /**
   * The token endpoint; {@code basicAuth} is the decoded client_id:client_secret of an Authorization: Basic header,
   * {@code onLoginHost} whether the request came to the login host rather than the org's My Domain.
   */
  public Map<String, Object> token(Map<String, String> form, Optional<String[]> basicAuth, boolean onLoginHost) {
    String grant = form.get("grant_type");
    if (grant == null) {
      throw new OAuthException(400, "unsupported_grant_type", "grant type not supported");
    }
    String clientId = basicAuth.map(b -> b[0]).orElse(form.get("client_id"));
    String secret = basicAuth.map(b -> b[1]).orElse(form.get("client_secret"));
    return switch (grant) {
      case "authorization_code" -> {
        checkClient(clientId, secret);
        Code code = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (code == null) {
          throw OAuthException.invalidGrant("invalid authorization code");
        }
        if (code.expiresAt().isBefore(clock.instant())) {
          throw OAuthException.invalidGrant("expired authorization code");
        }
        if (!code.redirectUri().equals(form.get("redirect_uri"))) {
          throw new OAuthException(400, "redirect_uri_mismatch", "redirect_uri must match configuration");
        }
        if (code.codeChallenge() != null && !verifies(form.get("code_verifier"), code.codeChallenge())) {
          throw OAuthException.invalidGrant("invalid code verifier");
        }
        String refresh = newRefreshToken();
        String grantId = "grant-" + randomToken(16);
        refreshTokens.put(refresh, grantId);
        Map<String, Object> response = issue(Optional.of(grantId), code.scope());
        response.put("refresh_token", refresh);
        yield reorderRefreshFirst(response);
      }
      case "refresh_token" -> {
        if (!settings.clientId().equals(clientId)) {
          throw new OAuthException(400, "invalid_client_id", "client identifier invalid");
        }
        if (secret != null && !settings.clientSecret().equals(secret)) {
          throw new OAuthException(400, "invalid_client", "invalid client credentials");
        }
        String refresh = form.get("refresh_token");
        String grantId = refresh == null ? null : refreshTokens.get(refresh);
        if (grantId == null) {
          throw OAuthException.invalidGrant("expired access/refresh token");
        }
        if (!settings.rotateRefreshTokens()) {
          yield issue(Optional.of(grantId), DEFAULT_SCOPE);
        }
        // Rotation: the old refresh token dies with this use, its successor is in the response.
        if (!refreshTokens.remove(refresh, grantId)) {
          throw OAuthException.invalidGrant("expired access/refresh token");
        }
        String next = newRefreshToken();
        refreshTokens.put(next, grantId);
        Map<String, Object> response = issue(Optional.of(grantId), DEFAULT_SCOPE);
        response.put("refresh_token", next);
        yield reorderRefreshFirst(response);
      }
      case "client_credentials" -> {
        if (onLoginHost) {
          throw OAuthException.invalidGrant("request not supported on this domain");
        }
        checkClient(clientId, secret);
        yield issue(Optional.empty(), "api");
      }
      case JWT_BEARER -> {
        if (settings.jwtKey().isEmpty()) {
          throw OAuthException.invalidGrant("invalid assertion");
        }
        // Real orgs take login.salesforce.com, test.salesforce.com or an Experience Cloud URL, never My Domain
        // (https://www.npmjs.com/package/salesforce-jwt-bearer-token-flow); the emulator's own URL is accepted too
        // unless the strict behaviour is configured.
        Set<String> audiences = new HashSet<>(settings.extraAudiences());
        audiences.add(loginHostUrl.get());
        if (!settings.strictJwtAudience()) {
          audiences.add(instanceUrl.get());
        }
        new JwtBearerVerifier(settings.jwtKey().get(), settings.clientId(), audiences, clock).verify(form.get("assertion"));
        yield issue(Optional.empty(), "api");
      }
      default -> throw new OAuthException(400, "unsupported_grant_type", "grant type not supported");
    };
  }

  /** RFC 7636 S256: BASE64URL(SHA-256(ASCII(verifier))), unpadded, equals the challenge. */
  private static boolean verifies(String verifier, String challenge) {
    if (verifier == null || verifier.length() < 43 || verifier.length() > 128) {
      return false;
    }
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
      return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
          challenge.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> reorderRefreshFirst(Map<String, Object> response) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("access_token", response.get("access_token"));
    ordered.put("refresh_token", response.get("refresh_token"));
    response.forEach(ordered::putIfAbsent);
    return ordered;
  }

  private void checkClient(String clientId, String secret) {
    if (!settings.clientId().equals(clientId)) {
      throw new OAuthException(400, "invalid_client_id", "client identifier invalid");
    }
    if (!settings.clientSecret().equals(secret)) {
      throw new OAuthException(400, "invalid_client", "invalid client credentials");
    }
  }

  private String newRefreshToken() {
    return "5Aep" + randomToken(40);
  }

  private Map<String, Object> issue(Optional<String> grant, String scope) {
    // Real access tokens are "<org id>!<opaque>"; clients sometimes rely on that shape.
    String token = orgId.substring(0, 15) + "!" + randomToken(60);
    Instant now = clock.instant();
    accessTokens.put(token, new AccessToken(settings.clientId(), now.plus(settings.accessTokenTtl()), grant));
    String issuedAt = Long.toString(now.toEpochMilli());
    String id = instanceUrl.get() + "/id/" + orgId + "/" + userId;
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("access_token", token);
    response.put("signature", sign(id + issuedAt));
    response.put("scope", scope);
    response.put("instance_url", instanceUrl.get());
    response.put("id", id);
    response.put("token_type", "Bearer");
    response.put("issued_at", issuedAt);
    return response;
  }

  /** True for a known, unexpired, unrevoked access token. */
  public boolean isValid(String accessToken) {
    AccessToken t = accessToken == null ? null : accessTokens.get(accessToken);
    return t != null && clock.instant().isBefore(t.expiresAt());
  }

  /** Revokes an access token, or a refresh token together with the access tokens issued from it. */
  public void revoke(String token) {
    if (token != null && accessTokens.remove(token) != null) {
      return;
    }
    if (token != null && revokeRefreshToken(token)) {
      return;
    }
    throw new OAuthException(400, "unsupported_token_type", "this token type is not supported");
  }

  /** Ends the grant of a live refresh token: the token and every access token issued from the grant. */
  public boolean revokeRefreshToken(String refreshToken) {
    String grantId = refreshTokens.remove(refreshToken);
    if (grantId == null) {
      return false;
    }
    accessTokens.values().removeIf(t -> t.grant().filter(grantId::equals).isPresent());
    return true;
  }

  /**
   * Admin fault: every web-flow grant is revoked (as when a user or an admin revokes the app's access, or the
   * refresh token expires by policy): its refresh token answers invalid_grant, its access tokens 401.
   */
  public void revokeAllRefreshTokens() {
    refreshTokens.clear();
    accessTokens.values().removeIf(t -> t.grant().isPresent());
  }

  /** Admin fault: every access token issued so far is expired now (refresh tokens stay valid). */
  public void expireAllAccessTokens() {
    Instant past = clock.instant().minusSeconds(1);
    accessTokens.replaceAll((k, v) -> new AccessToken(v.clientId(), past, v.grant()));
  }

  /** Test convenience: a valid access token without an HTTP round trip. */
  public String issueAccessToken() {
    return (String) issue(Optional.empty(), "api").get("access_token");
  }

  public void reset() {
    accessTokens.clear();
    refreshTokens.clear();
    codes.clear();
  }

  private String sign(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(settings.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private String randomToken(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'x').replace('_', 'y')
        .substring(0, length);
  }

  private static String urlEncode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
