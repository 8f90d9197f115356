package io.leadstream.sink.salesforce;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens of one workspace's org by OAuth 2.0 (client credentials, JWT bearer or refresh
 * token). Refreshes are single-flight: callers holding a stale token all wait for one token request,
 * and a caller whose stale token was already replaced gets the new one without another request. A
 * refresh-token grant is also single-flight across processes (the store's lock, shared with event-api):
 * with rotation each refresh kills the refresh token it used.
 */
public final class OAuthTokenSource {

  /**
   * Connection settings; secrets never appear in {@link #toString()}. {@code loginUrlSetting} names where the
   * login URL was configured, for configuration errors.
   */
  public record Settings(String workspaceId, OAuthGrant grant, String loginUrl, String clientId, String clientSecret,
                         String username, String privateKeyPem, String audience, Duration sessionTtl,
                         String loginUrlSetting) {
    @Override
    public String toString() {
      return "OAuth[" + workspaceId + ", " + grant + ", " + loginUrl + ", client " + clientId + "]";
    }
  }

  private final Settings settings;
  private final HttpClient http;
  private final JsonMapper json;
  private final TokenStore store;
  private final Clock clock;
  private final Runnable onTokenRequest;
  private AccessToken current;

  public OAuthTokenSource(Settings settings, HttpClient http, JsonMapper json, TokenStore store, Clock clock,
                          Runnable onTokenRequest) {
    this.settings = settings;
    this.http = http;
    this.json = json;
    this.store = store;
    this.clock = clock;
    this.onTokenRequest = onTokenRequest;
  }

  /** A token believed valid: cached, else stored, else a new one. */
  public synchronized AccessToken current() {
    if (current == null) {
      current = store.accessToken(settings.workspaceId()).orElse(null);
    }
    if (current == null || current.expiredAt(clock.instant())) {
      current = obtain(current);
    }
    return current;
  }

  /** Replaces {@code stale} (rejected with 401); if another caller already did, returns theirs. */
  public synchronized AccessToken refresh(AccessToken stale) {
    if (current != null && stale != null && !current.value().equals(stale.value())) {
      return current;
    }
    current = obtain(stale);
    return current;
  }

  private AccessToken obtain(AccessToken stale) {
    Map<String, String> form = new LinkedHashMap<>();
    switch (settings.grant()) {
      case CLIENT_CREDENTIALS -> {
        if (LoginUrls.isGenericLoginHost(settings.loginUrl())) {
          throw new SalesforceApiException("oauth.token", 400, List.of(myDomainRequired(settings)));
        }
        form.put("grant_type", "client_credentials");
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
      }
      case JWT_BEARER -> {
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        form.put("assertion", jwtAssertion());
      }
      case REFRESH_TOKEN -> {
        return store.refreshGrant(settings.workspaceId(), stale, refresh -> {
          Map<String, String> grant = new LinkedHashMap<>();
          grant.put("grant_type", "refresh_token");
          grant.put("refresh_token", refresh);
          grant.put("client_id", settings.clientId());
          if (settings.clientSecret() != null && !settings.clientSecret().isBlank()) {
            grant.put("client_secret", settings.clientSecret());
          }
          return request(grant);
        });
      }
      default -> throw new IllegalStateException("unknown grant " + settings.grant());
    }
    AccessToken token = request(form).token();
    store.saveAccessToken(settings.workspaceId(), token);
    return token;
  }

  /** Why client_credentials is not tried on a login host: the setting to fix, by name (SPEC §8 setup_incomplete). */
  public static SfError myDomainRequired(Settings settings) {
    return SfError.of(CLIENT_CREDENTIALS_NEED_MY_DOMAIN, "grant client_credentials needs the org's My Domain URL"
        + " (https://<domain>.my.salesforce.com), not " + settings.loginUrl() + ": set " + settings.loginUrlSetting());
  }

  /** The code of {@link #myDomainRequired}: a configuration error, never tried at Salesforce. */
  public static final String CLIENT_CREDENTIALS_NEED_MY_DOMAIN = "CLIENT_CREDENTIALS_NEED_MY_DOMAIN";

  private TokenStore.Refreshed request(Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(trim(settings.loginUrl()) + "/services/oauth2/token"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    onTokenRequest.run();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SalesforceApiException("oauth.token", 0, List.of(SfError.of("IO_ERROR", e.toString())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SalesforceApiException("oauth.token", 0, List.of(SfError.of("INTERRUPTED", "interrupted")));
    }
    // The status first: a maintenance page (HTML 502/503) is no OAuth answer, whatever its body says.
    JsonNode node = parsed(response.body());
    if (response.statusCode() != 200 || node == null) {
      // OAuth errors: {"error":"invalid_grant","error_description":"..."}; never echo the request (it has secrets).
      int status = response.statusCode() >= 500 || node == null ? 503 : response.statusCode();
      String code = node == null ? "HTTP_" + response.statusCode() : node.path("error").asString("oauth_error");
      throw new SalesforceApiException("oauth.token", status, List.of(SfError.of(code,
          node == null ? "not an OAuth answer (a maintenance or gateway page)" : node.path("error_description").asString(""))));
    }
    Instant issued = node.has("issued_at") ? Instant.ofEpochMilli(Long.parseLong(node.path("issued_at").asString()))
        : clock.instant();
    // Salesforce does not say when a token expires; the org's session timeout does. Refresh a little early.
    Instant expires = issued.plus(settings.sessionTtl()).minusSeconds(60);
    AccessToken token = new AccessToken(node.path("access_token").asString(), trim(node.path("instance_url").asString()),
        expires);
    // With rotation a refresh answers a new refresh_token and the one just used is dead.
    String rotated = node.hasNonNull("refresh_token") ? node.path("refresh_token").asString() : null;
    return new TokenStore.Refreshed(token, rotated);
  }

  /** The body as JSON, or null when it is not (an HTML page, text, nothing). */
  private JsonNode parsed(String body) {
    if (body == null || body.isBlank() || !(body.stripLeading().startsWith("{"))) {
      return null;
    }
    try {
      return json.readTree(body);
    } catch (tools.jackson.core.JacksonException e) {
      return null;
    }
  }

  /** RS256-signed JWT: iss = consumer key, sub = username, aud = the org's environment's login host, exp = now + 3 min. */
  String jwtAssertion() {
    try {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", settings.clientId());
      claims.put("sub", settings.username());
      claims.put("aud", settings.audience() == null || settings.audience().isBlank()
          ? LoginUrls.jwtAudience(settings.loginUrl()) : settings.audience());
      claims.put("exp", clock.instant().plusSeconds(180).getEpochSecond());
      String payload = b64.encodeToString(json.writeValueAsBytes(claims));
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(privateKey(settings.privateKeyPem()));
      signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + b64.encodeToString(signer.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign the JWT bearer assertion of " + settings, e);
    }
  }

  static PrivateKey privateKey(String pem) throws java.security.GeneralSecurityException {
    if (pem == null || !pem.contains("BEGIN PRIVATE KEY")) {
      throw new java.security.InvalidKeyException("expected a PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
    }
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  private static String trim(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
