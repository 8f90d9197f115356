package io.leadstream.api.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.leaddb.TokenCipher;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The seed-001 connect flow end to end against the Salesforce emulator. */
class SalesforceConnectTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired ConnectionStore connections;
  @Autowired DataSource dataSource;

  @Test
  void initiateAuthorizeCallbackStatusTestSyncDisconnect() throws Exception {
    assertThat(status(TOKEN).path("connected").asBoolean()).isFalse();

    String authUrl = JSON.readTree(get("/api/salesforce/oauth/initiate").body()).path("authUrl").asString();
    assertThat(authUrl).startsWith(EMULATOR.baseUrl() + "/services/oauth2/authorize?")
        .contains("redirect_uri=" + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8));
    // The browser at Salesforce: it approves and is redirected back with code and state.
    HttpResponse<String> authorize = HTTP.send(HttpRequest.newBuilder(URI.create(authUrl)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(authorize.statusCode()).isEqualTo(302);
    String redirect = authorize.headers().firstValue("Location").orElseThrow();
    assertThat(redirect).startsWith(CALLBACK + "?code=");

    HttpResponse<String> callback = HTTP.send(HttpRequest.newBuilder(URI.create(redirect)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
    assertThat(JSON.readTree(callback.body()).path("instanceUrl").asString()).isEqualTo(EMULATOR.baseUrl());

    JsonNode connected = status(TOKEN);
    assertThat(connected.path("connected").asBoolean()).isTrue();
    assertThat(connected.path("instanceUrl").asString()).isEqualTo(EMULATOR.baseUrl());
    assertThat(status(OTHER_TOKEN).path("connected").asBoolean()).as("another workspace").isFalse();
    String refresh = connections.refreshToken("default").orElseThrow();
    byte[] sealed = new JdbcTemplate(dataSource).queryForObject(
        "SELECT refresh_token_enc FROM crm_connections WHERE workspace_id = 'default'", byte[].class);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(refresh);
    assertThat(refreshGrant(refresh)).as("the stored refresh token works at Salesforce").isEqualTo(200);
    // A replayed callback (same state) is refused.
    assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(redirect)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);

    String leadId = EMULATOR.seed("Lead", Map.of("LastName", "Doe", "Company", "Acme", "Phone", "+1 (234) 567-8900"));
    HttpResponse<String> sync = send("POST", "/api/salesforce/test-sync", TOKEN, "application/json",
        "{\"callId\": \"wc_1\", \"phoneNumber\": \"+12345678900\"}".getBytes(), Map.of());
    assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
    assertThat(JSON.readTree(sync.body()).path("salesforceRecordId").asString()).isEqualTo(leadId);
    assertThat(JSON.readTree(sync.body()).path("recordType").asString()).isEqualTo("Lead");

    HttpResponse<String> disconnect = send("DELETE", "/api/salesforce/disconnect", TOKEN, null, null, Map.of());
    assertThat(disconnect.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(disconnect.body()).path("success").asBoolean()).isTrue();
    assertThat(status(TOKEN).path("connected").asBoolean()).isFalse();
    assertThat(refreshGrant(refresh)).as("revoked at Salesforce").isEqualTo(400);
    assertThat(send("POST", "/api/salesforce/test-sync", TOKEN, "application/json", "{}".getBytes(), Map.of())
        .statusCode()).isEqualTo(409);
  }

  @Test
  void aForgedOrTamperedStateIsRejectedAndNothingIsStored() throws Exception {
    String authUrl = JSON.readTree(send("GET", "/api/salesforce/oauth/initiate", OTHER_TOKEN, null, null, Map.of())
        .body()).path("authUrl").asString();
    String state = java.net.URLDecoder.decode(authUrl.replaceAll(".*[?&]state=([^&]*).*", "$1"), StandardCharsets.UTF_8);
    String[] parts = state.split("\\.");
    byte[] data = Base64.getUrlDecoder().decode(parts[0]);
    data[data.length - 1] ^= 1; // another workspace name, same signature
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(data) + "." + parts[1];

    for (String forged : new String[] {"forged", "abc.def", tampered, state + "x", ""}) {
      HttpResponse<String> answer = send("GET", "/api/salesforce/oauth/callback?code=aPrx1&state="
          + URLEncoder.encode(forged, StandardCharsets.UTF_8), null, null, null, Map.of());
      assertThat(answer.statusCode()).as(forged).isEqualTo(400);
      assertThat(JSON.readTree(answer.body()).path("errors").get(0).path("field").asString()).isEqualTo("state");
    }
    assertThat(connections.connection("other")).isEmpty();
  }

  @Test
  void aConnectionStoredUnderAPreviousTokenKeyIsStillRead() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    new ConnectionStore(jdbc, new TokenCipher(PREVIOUS_TOKEN_KEY))
        .saveRefreshToken("rotated-key", EMULATOR.baseUrl(), "refresh-under-retired-key");
    try {
      assertThat(connections.refreshToken("rotated-key")).contains("refresh-under-retired-key");
    } finally {
      connections.delete("rotated-key");
    }
  }

  private JsonNode status(String token) throws Exception {
    HttpResponse<String> r = send("GET", "/api/salesforce/status", token, null, null, Map.of());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static int refreshGrant(String refresh) throws Exception {
    String form = "grant_type=refresh_token&client_id=" + EMULATOR.clientId() + "&client_secret="
        + EMULATOR.clientSecret() + "&refresh_token=" + URLEncoder.encode(refresh, StandardCharsets.UTF_8);
    return HTTP.send(HttpRequest.newBuilder(URI.create(EMULATOR.baseUrl() + "/services/oauth2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
