package io.leadstream.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.api.EventApiApplication;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SPEC §14: a revocation (or an expiry) takes effect on every instance within 10 s — here a second
 * event-api instance on the same database, which had the token cached when it was revoked.
 */
class RevocationAcrossInstancesTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int SECOND_PORT = freePort();
  private static ConfigurableApplicationContext second;

  @BeforeAll
  static void startSecondInstance() {
    // As command-line arguments: they outrank application.properties, as the dynamic properties of the first do.
    second = new SpringApplicationBuilder(EventApiApplication.class).run(properties(SECOND_PORT, freePort()).entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
  }

  @AfterAll
  static void stopSecondInstance() {
    if (second != null) {
      second.close();
    }
  }

  private static int statusOnSecond(String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + SECOND_PORT + "/api/v1/crm/leads/x"))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static JsonNode issue(String body) throws Exception {
    HttpResponse<String> issued = AdminApiTest.admin("POST", "/admin/v1/workspaces/default/tokens", body);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return JSON.readTree(issued.body());
  }

  @Test
  void aTokenRevokedOnOneInstanceIsRefusedByTheOtherWithin10Seconds() throws Exception {
    JsonNode token = issue("{\"scopes\": [\"leads:read\"]}");
    String t = token.path("token").asString();
    assertThat(statusOnSecond(t)).as("known to the second instance, and cached there").isEqualTo(404);
    assertThat(send("GET", "/api/v1/crm/leads/x", t, null, null, Map.of()).statusCode()).isEqualTo(404);

    long revokedAt = System.nanoTime();
    assertThat(AdminApiTest.admin("DELETE", "/admin/v1/workspaces/default/tokens/" + token.path("tokenId").asString(),
        null).statusCode()).isEqualTo(204);
    while (statusOnSecond(t) != 401 || send("GET", "/api/v1/crm/leads/x", t, null, null, Map.of()).statusCode() != 401) {
      assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).as("both instances refuse it within 10 s")
          .isLessThan(Duration.ofSeconds(10));
      Thread.sleep(200);
    }
  }

  @Test
  void anExpiredTokenIsRefusedByEveryInstanceFromItsExpiryOn() throws Exception {
    Instant expiry = Instant.now().plusSeconds(3);
    String t = issue("{\"scopes\": [\"leads:read\"], \"expiresAt\": \"" + expiry + "\"}").path("token").asString();
    assertThat(statusOnSecond(t)).isEqualTo(404);
    while (Instant.now().isBefore(expiry.plusMillis(100))) {
      Thread.sleep(100);
    }
    assertThat(statusOnSecond(t)).isEqualTo(401);
    assertThat(send("GET", "/api/v1/crm/leads/x", t, null, null, Map.of()).statusCode()).isEqualTo(401);
  }
}
