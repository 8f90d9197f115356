package io.leadstream.bench.isolation;

import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.sfemu.SalesforceEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connects a workspace to an org through the OAuth web flow, as a workspace admin does with
 * event-api: the org's authorize step (approved; the code read off its redirect), the code exchanged
 * for tokens, and the tokens stored in {@code crm_connections} the way event-api's callback stores
 * them ({@link ConnectionStore#connect}: a fresh connection time, which is how the sink notices a
 * reconnect). The emulator must list {@link #CALLBACK} among its callback URLs.
 */
final class WebFlowGrant {

  /** Where the authorize step redirects; nothing listens there, the code is read off the redirect. */
  static final String CALLBACK = "http://localhost:9/api/salesforce/oauth/callback";
  /** event-api's default: the org's session timeout, after which the sink refreshes. */
  private static final Duration SESSION_TTL = Duration.ofHours(2);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ConnectionStore connections;

  WebFlowGrant(ConnectionStore connections) {
    this.connections = connections;
  }

  void connect(String workspaceId, SalesforceEmulator org) throws IOException, InterruptedException {
    String callback = URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8);
    HttpResponse<String> approved = http.send(HttpRequest.newBuilder(URI.create(org.baseUrl()
            + "/services/oauth2/authorize?response_type=code&client_id=" + org.clientId() + "&redirect_uri=" + callback
            + "&state=bench")).GET().build(), HttpResponse.BodyHandlers.ofString());
    String location = approved.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
        "the org's authorize step did not redirect: " + approved.statusCode() + " " + approved.body()));
    String code = URLEncoder.encode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    String form = "grant_type=authorization_code&code=" + code + "&client_id=" + org.clientId()
        + "&client_secret=" + org.clientSecret() + "&redirect_uri=" + callback;
    HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(org.baseUrl() + "/services/oauth2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    if (tokens.statusCode() != 200) {
      throw new IllegalStateException("the org refused the code: " + tokens.statusCode() + " " + tokens.body());
    }
    JsonNode t = JSON.readTree(tokens.body());
    connections.connect(workspaceId, "salesforce", t.path("instance_url").asString(), t.path("access_token").asString(),
        t.path("refresh_token").asString(), Instant.now().plus(SESSION_TTL));
  }
}
