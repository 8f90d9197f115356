package io.leadstream.api.salesforce;

import io.leadstream.api.ApiProperties;
import io.leadstream.leaddb.ConnectionStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connected app's side of the OAuth 2.0 web-server flow with PKCE and the REST calls of test-sync (JDK
 * HttpClient). Every OAuth call names the login URL it goes to: a workspace's own (production, sandbox or My
 * Domain), the one its grant was issued by for refreshes and revocation.
 */
public final class SalesforceOAuth {
  /**
   * Tokens of a completed code exchange, with the identity URL naming the org and user
   * (https://login.salesforce.com/id/&lt;org id&gt;/&lt;user id&gt;).
   */
  public record Tokens(String accessToken, String refreshToken, String instanceUrl, String identityUrl) {
    /** The org id of the identity URL; null when it has none. */
    public String orgId() {
      String[] parts = identityParts();
      return parts == null ? null : parts[0];
    }

    public String userId() {
      String[] parts = identityParts();
      return parts == null ? null : parts[1];
    }

    private String[] identityParts() {
      if (identityUrl == null) {
        return null;
      }
      // https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_openid.htm: .../id/<org>/<user>
      java.util.regex.Matcher m = IDENTITY.matcher(identityUrl);
      return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }

    @Override
    public String toString() {
      return "Tokens[instance=" + instanceUrl + ", org=" + orgId() + "]";
    }
  }

  private static final java.util.regex.Pattern IDENTITY =
      java.util.regex.Pattern.compile("^https?://[^/?#]+/id/(00D[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?)/"
          + "(005[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?)/?$");

  /** Salesforce answered, but not with success. */
  public static final class SalesforceError extends Exception {
    private final int status;

    public SalesforceError(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final ApiProperties.Salesforce settings;
  private final HttpClient http;
  private final JsonMapper json;

  public SalesforceOAuth(ApiProperties.Salesforce settings, HttpClient http, JsonMapper json) {
    this.settings = settings;
    this.http = http;
    this.json = json;
  }

  public boolean configured() {
    return notBlank(settings.getClientId()) && notBlank(settings.getClientSecret())
        && notBlank(settings.getCallbackUrl()) && notBlank(settings.getLoginUrl());
  }

  /** The configured default login URL, for workspaces without one of their own. */
  public String defaultLoginUrl() {
    return trimSlash(settings.getLoginUrl());
  }

  /**
   * The authorize URL at {@code loginUrl}, with the PKCE challenge (S256): the web-server flow page
   * (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm) takes
   * {@code code_challenge}, and External Client Apps refuse a request without one.
   */
  public String authorizeUrl(String loginUrl, String state, String codeChallenge) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", settings.getClientId());
    params.put("redirect_uri", settings.getCallbackUrl());
    params.put("scope", settings.getScope());
    params.put("state", state);
    params.put("code_challenge", codeChallenge);
    params.put("code_challenge_method", "S256");
    return trimSlash(loginUrl) + "/services/oauth2/authorize?" + form(params);
  }

  /** The code exchange at the login URL the authorize request went to, proving the PKCE verifier when there is one. */
  public Tokens exchange(String loginUrl, String code, String codeVerifier)
      throws IOException, InterruptedException, SalesforceError {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "authorization_code");
    params.put("code", code);
    params.put("client_id", settings.getClientId());
    params.put("client_secret", settings.getClientSecret());
    params.put("redirect_uri", settings.getCallbackUrl());
    if (codeVerifier != null) {
      params.put("code_verifier", codeVerifier);
    }
    JsonNode body = post(loginUrl, "/services/oauth2/token", params);
    String access = body.path("access_token").asString(null);
    String instance = body.path("instance_url").asString(null);
    if (access == null || instance == null) {
      throw new SalesforceError(502, "token response without access_token/instance_url");
    }
    return new Tokens(access, body.path("refresh_token").asString(null), instance, body.path("id").asString(null));
  }

  /**
   * The refresh_token grant at {@code loginUrl}, where the grant was issued (a sandbox's token is refreshed at its
   * host); call it through {@code ConnectionStore.refreshUnderLock}, which stores what it answers. With rotation
   * the org returns a new refresh token and the one sent dies
   * (https://help.salesforce.com/apex/HTViewHelpDoc?id=remoteaccess_oauth_refresh_token_flow.htm).
   */
  public ConnectionStore.RefreshedToken refresh(String loginUrl, String refreshToken, Instant now)
      throws IOException, InterruptedException, SalesforceError {
    JsonNode body = post(loginUrl, "/services/oauth2/token", Map.of("grant_type", "refresh_token",
        "refresh_token", refreshToken, "client_id", settings.getClientId(),
        "client_secret", settings.getClientSecret()));
    String access = body.path("access_token").asString(null);
    if (access == null) {
      throw new SalesforceError(502, "token response without access_token");
    }
    return new ConnectionStore.RefreshedToken(access, body.path("instance_url").asString(null),
        now.plus(settings.getSessionTtl()), body.path("refresh_token").asString(null));
  }

  public void revoke(String loginUrl, String token) throws IOException, InterruptedException, SalesforceError {
    post(loginUrl, "/services/oauth2/revoke", Map.of("token", token));
  }

  /** SOSL phone search, as seed 001's test-sync: the first Lead or Contact with that number. */
  public Map<String, String> findByPhone(String instanceUrl, String accessToken, String phone)
      throws IOException, InterruptedException, SalesforceError {
    String digits = phone.replaceAll("\\D", "");
    String sosl = "FIND {" + digits + "} IN PHONE FIELDS RETURNING Lead(Id), Contact(Id)";
    HttpRequest request = HttpRequest.newBuilder(URI.create(instanceUrl + "/services/data/v"
            + settings.getApiVersion() + "/search?q=" + URLEncoder.encode(sosl, StandardCharsets.UTF_8)))
        .timeout(settings.getRequestTimeout()).header("Authorization", "Bearer " + accessToken).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new SalesforceError(response.statusCode(), "search answered " + response.statusCode());
    }
    JsonNode records = json.readTree(response.body()).path("searchRecords");
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode r : records.values()) {
      out.put("salesforceRecordId", r.path("Id").asString(null));
      out.put("recordType", r.path("attributes").path("type").asString(null));
      break;
    }
    return out;
  }

  private JsonNode post(String loginUrl, String path, Map<String, String> params)
      throws IOException, InterruptedException, SalesforceError {
    HttpRequest request = HttpRequest.newBuilder(URI.create(trimSlash(loginUrl) + path))
        .timeout(settings.getRequestTimeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(params))).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      String error = "HTTP " + response.statusCode();
      try {
        error = json.readTree(response.body()).path("error").asString(error);
      } catch (RuntimeException ignored) {
        // not JSON: keep the status
      }
      throw new SalesforceError(response.statusCode(), error);
    }
    return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String form(Map<String, String> params) {
    return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
