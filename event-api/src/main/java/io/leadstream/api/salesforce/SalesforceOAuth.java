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

/** The connected app's side of the OAuth 2.0 web-server flow and the REST calls of test-sync (JDK HttpClient). */
public final class SalesforceOAuth {
  /** Tokens of a completed code exchange. */
  public record Tokens(String accessToken, String refreshToken, String instanceUrl) {
    @Override
    public String toString() {
      return "Tokens[instance=" + instanceUrl + "]";
    }
  }

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

  public String authorizeUrl(String state) {
    return base() + "/services/oauth2/authorize?" + form(Map.of("response_type", "code",
        "client_id", settings.getClientId(), "redirect_uri", settings.getCallbackUrl(),
        "scope", settings.getScope(), "state", state));
  }

  public Tokens exchange(String code) throws IOException, InterruptedException, SalesforceError {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "authorization_code");
    params.put("code", code);
    params.put("client_id", settings.getClientId());
    params.put("client_secret", settings.getClientSecret());
    params.put("redirect_uri", settings.getCallbackUrl());
    JsonNode body = post("/services/oauth2/token", params);
    String access = body.path("access_token").asString(null);
    String instance = body.path("instance_url").asString(null);
    if (access == null || instance == null) {
      throw new SalesforceError(502, "token response without access_token/instance_url");
    }
    return new Tokens(access, body.path("refresh_token").asString(null), instance);
  }

  /**
   * The refresh_token grant; call it through {@code ConnectionStore.refreshUnderLock}, which stores what it
   * answers. With rotation the org returns a new refresh token and the one sent dies
   * (https://help.salesforce.com/apex/HTViewHelpDoc?id=remoteaccess_oauth_refresh_token_flow.htm).
   */
  public ConnectionStore.RefreshedToken refresh(String refreshToken, Instant now)
      throws IOException, InterruptedException, SalesforceError {
    JsonNode body = post("/services/oauth2/token", Map.of("grant_type", "refresh_token",
        "refresh_token", refreshToken, "client_id", settings.getClientId(),
        "client_secret", settings.getClientSecret()));
    String access = body.path("access_token").asString(null);
    if (access == null) {
      throw new SalesforceError(502, "token response without access_token");
    }
    return new ConnectionStore.RefreshedToken(access, body.path("instance_url").asString(null),
        now.plus(settings.getSessionTtl()), body.path("refresh_token").asString(null));
  }

  public void revoke(String token) throws IOException, InterruptedException, SalesforceError {
    post("/services/oauth2/revoke", Map.of("token", token));
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

  private JsonNode post(String path, Map<String, String> params)
      throws IOException, InterruptedException, SalesforceError {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path))
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

  private String base() {
    String url = settings.getLoginUrl();
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
