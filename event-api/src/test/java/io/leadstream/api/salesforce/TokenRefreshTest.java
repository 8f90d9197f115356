package io.leadstream.api.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiProperties;
import io.leadstream.api.ApiTestSupport;
import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** test-sync refreshes a workspace's grant as crm-sink does: once, under the connection's lock, rotation kept. */
class TokenRefreshTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @Autowired ConnectionStore connections;

  /** The web flow on {@code org} up to its token response (the code exchanged here, not by event-api's callback). */
  private static JsonNode webFlowTokens(SalesforceEmulator org, String callback) throws Exception {
    String authorize = org.baseUrl() + "/services/oauth2/authorize?response_type=code&client_id=" + org.clientId()
        + "&redirect_uri=" + URLEncoder.encode(callback, StandardCharsets.UTF_8);
    String location = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(authorize)).GET().build(),
        HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();
    String code = URLEncoder.encode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    HttpResponse<String> tokens = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(org.baseUrl()
            + "/services/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code + "&client_id="
            + org.clientId() + "&client_secret=" + org.clientSecret() + "&redirect_uri="
            + URLEncoder.encode(callback, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(tokens.statusCode()).isEqualTo(200);
    return JSON.readTree(tokens.body());
  }

  @Test
  void concurrentTestSyncsOfAnExpiredConnectionRefreshItOnce() throws Exception {
    String ws = "refresh-" + UUID.randomUUID().toString().substring(0, 8);
    String token = workspaceWithToken(ws, EnumSet.of(Scope.CRM_CONNECT));
    JsonNode t = webFlowTokens(EMULATOR, CALLBACK);
    connections.connect(ws, "salesforce", t.path("instance_url").asString(), t.path("access_token").asString(),
        t.path("refresh_token").asString(), Instant.now().minusSeconds(1));
    long before = EMULATOR.admin().requestCount("oauth.token");
    EMULATOR.admin().latency(Duration.ofMillis(300)); // the requests meet while the first refresh is under way
    List<CompletableFuture<Integer>> syncs = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        syncs.add(CompletableFuture.supplyAsync(() -> {
          try {
            return send("POST", "/api/salesforce/test-sync", token, "application/json", "{}".getBytes(), Map.of())
                .statusCode();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      for (CompletableFuture<Integer> sync : syncs) {
        assertThat(sync.get()).isEqualTo(200);
      }
    } finally {
      EMULATOR.admin().latency(Duration.ZERO);
    }

    assertThat(EMULATOR.admin().requestCount("oauth.token") - before).as("one refresh for four requests").isEqualTo(1);
    assertThat(connections.accessToken(ws)).hasValueSatisfying(stored -> {
      assertThat(stored.value()).isNotEqualTo(t.path("access_token").asString());
      assertThat(stored.expiresAt()).isAfter(Instant.now());
    });
  }

  @Test
  void aRefreshAtAnOrgThatRotatesReturnsTheNewRefreshToken() throws Exception {
    String callback = "https://app.example/callback";
    try (SalesforceEmulator rotating = SalesforceEmulator.start(EmulatorConfig.defaults()
        .withCallbackUrls(List.of(callback)).withBehaviours(OrgBehaviours.defaults().withRefreshTokenRotation(true)))) {
      ApiProperties.Salesforce settings = new ApiProperties.Salesforce();
      settings.setLoginUrl(rotating.baseUrl());
      settings.setClientId(rotating.clientId());
      settings.setClientSecret(rotating.clientSecret());
      SalesforceOAuth oauth = new SalesforceOAuth(settings, HttpClient.newHttpClient(), JSON);
      String first = webFlowTokens(rotating, callback).path("refresh_token").asString();

      ConnectionStore.RefreshedToken refreshed = oauth.refresh(rotating.baseUrl(), first, Instant.now());

      assertThat(refreshed.refreshToken()).isNotBlank().isNotEqualTo(first);
      assertThat(refreshed.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(1)));
      assertThat(oauth.refresh(rotating.baseUrl(), refreshed.refreshToken(), Instant.now()).accessToken()).as("the rotated one works")
          .isNotBlank();
    }
  }
}
