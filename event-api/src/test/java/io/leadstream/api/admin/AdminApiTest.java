package io.leadstream.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operator's admin API (SPEC §14): onboarding, settings, tokens shown once, revocation. */
class AdminApiTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return send(method, path, ADMIN_KEY, body == null ? null : "application/json",
        body == null ? null : body.getBytes(), Map.of());
  }

  private static String newWorkspaceId() {
    return "acme-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String create(String id) throws Exception {
    HttpResponse<String> created = admin("POST", "/admin/v1/workspaces",
        "{\"workspaceId\": \"" + id + "\", \"name\": \"Acme\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return id;
  }

  private static JsonNode issue(String workspace, String body) throws Exception {
    HttpResponse<String> issued = admin("POST", "/admin/v1/workspaces/" + workspace + "/tokens", body);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return JSON.readTree(issued.body());
  }

  @Test
  void anOnboardedWorkspaceGetsATokenThatWorksForItsScopesOnly() throws Exception {
    String ws = create(newWorkspaceId());
    JsonNode token = issue(ws, "{\"scopes\": [\"events:write\"], \"name\": \"dialer\"}");
    assertThat(token.path("token").asString()).startsWith("lst_" + token.path("tokenId").asString() + "_");

    String t = token.path("token").asString();
    assertThat(send("POST", "/api/v1/crm/events", t, "application/json",
        "{\"eventType\": \"CALL_PLACED\", \"leadId\": \"l1\"}".getBytes(), Map.of()).statusCode()).isEqualTo(202);
    assertThat(send("GET", "/api/v1/crm/leads/l1", t, null, null, Map.of()).statusCode()).isEqualTo(403);
    assertThat(recordsOfWorkspace(ws, "l1")).singleElement()
        .satisfies(r -> assertThat(r.value().getWorkspaceId()).isEqualTo(ws));
  }

  @Test
  void aWorkspaceIdIsCreatedOnceAndMustMatchThePattern() throws Exception {
    String ws = create(newWorkspaceId());
    assertThat(admin("POST", "/admin/v1/workspaces", "{\"workspaceId\": \"" + ws + "\", \"name\": \"x\"}")
        .statusCode()).isEqualTo(409);
    for (String bad : new String[] {"Acme", "-acme", "acme/eu", "a".repeat(64), "", "global"}) {
      HttpResponse<String> refused = admin("POST", "/admin/v1/workspaces",
          "{\"workspaceId\": \"" + bad + "\", \"name\": \"x\"}");
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(JSON.readTree(refused.body()).path("errors").get(0).path("field").asString()).isEqualTo("workspaceId");
    }
    assertThat(JSON.readTree(admin("GET", "/admin/v1/workspaces", null).body()).path("workspaces").findValuesAsString(
        "workspaceId")).contains(ws, "default", "other");
  }

  @Test
  void tokensAreListedWithoutTheirSecretAndRevokedOnce() throws Exception {
    String ws = create(newWorkspaceId());
    JsonNode token = issue(ws, "{\"scopes\": [\"leads:read\", \"events:write\"], \"expiresAt\": \""
        + Instant.now().plusSeconds(3600) + "\"}");
    String list = admin("GET", "/admin/v1/workspaces/" + ws + "/tokens", null).body();
    assertThat(list).contains(token.path("tokenId").asString()).doesNotContain(token.path("token").asString())
        .contains("leads:read", "events:write");
    String tokenPath = "/admin/v1/workspaces/" + ws + "/tokens/" + token.path("tokenId").asString();
    assertThat(admin("DELETE", "/admin/v1/workspaces/other/tokens/" + token.path("tokenId").asString(), null)
        .statusCode()).as("not through another workspace").isEqualTo(404);
    assertThat(admin("DELETE", tokenPath, null).statusCode()).isEqualTo(204);
    assertThat(admin("DELETE", tokenPath, null).statusCode()).isEqualTo(404);
  }

  @Test
  void aTokenRequestNamesEachBadField() throws Exception {
    String ws = create(newWorkspaceId());
    HttpResponse<String> refused = admin("POST", "/admin/v1/workspaces/" + ws + "/tokens",
        "{\"scopes\": [\"events:write\", \"root\"], \"expiresAt\": \"2001-01-01T00:00:00Z\"}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("scopes[1]", "expiresAt");
    assertThat(admin("POST", "/admin/v1/workspaces/" + ws + "/tokens", "{\"scopes\": []}").statusCode()).isEqualTo(400);
    assertThat(admin("POST", "/admin/v1/workspaces/nope-" + UUID.randomUUID().toString().substring(0, 8) + "/tokens",
        "{\"scopes\": [\"events:write\"]}").statusCode()).isEqualTo(404);
  }

  @Test
  void settingsArePatchedValidatedAndRemovedWithNull() throws Exception {
    String ws = create(newWorkspaceId());
    HttpResponse<String> patched = admin("PATCH", "/admin/v1/workspaces/" + ws, """
        {"crmProvider": "salesforce", "loginUrl": "https://acme.my.salesforce.com/", "createMissingLeads": true,
         "fieldMapping": {"taskExternalId": "Call_Ref__c"}, "consentPolicy": "outreach_written_required"}""");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    JsonNode settings = JSON.readTree(patched.body()).path("settings");
    assertThat(settings.path("loginUrl").asString()).isEqualTo("https://acme.my.salesforce.com");
    assertThat(settings.path("fieldMapping").path("taskExternalId").asString()).isEqualTo("Call_Ref__c");

    JsonNode after = JSON.readTree(admin("PATCH", "/admin/v1/workspaces/" + ws, "{\"createMissingLeads\": null}").body());
    assertThat(after.path("settings").has("createMissingLeads")).isFalse();
    assertThat(after.path("settings").path("crmProvider").asString()).isEqualTo("salesforce");

    HttpResponse<String> refused = admin("PATCH", "/admin/v1/workspaces/" + ws, """
        {"crmProvider": "pipedrive", "loginUrl": "http://login.salesforce.com", "fieldMapping": {"x": "bad name"},
         "colour": "red"}""");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("crmProvider", "loginUrl", "fieldMapping.x", "colour");
  }

  @Test
  void aDisabledWorkspacesTokensStopWorking() throws Exception {
    String ws = create(newWorkspaceId());
    String t = issue(ws, "{\"scopes\": [\"leads:read\"]}").path("token").asString();
    assertThat(send("GET", "/api/v1/crm/leads/x", t, null, null, Map.of()).statusCode()).isEqualTo(404);
    assertThat(admin("PATCH", "/admin/v1/workspaces/" + ws, "{\"disabled\": true}").statusCode()).isEqualTo(200);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
        send("GET", "/api/v1/crm/leads/x", t, null, null, Map.of()).statusCode() == 401);
  }

  @Test
  void onlyTheOperatorKeyOpensTheAdminApi() throws Exception {
    for (String key : new String[] {null, TOKEN, ADMIN_KEY + "x"}) {
      assertThat(send("GET", "/admin/v1/workspaces", key, null, null, Map.of()).statusCode()).isEqualTo(401);
    }
    assertThat(send("GET", "/api/v1/crm/leads/x", ADMIN_KEY, null, null, Map.of()).statusCode())
        .as("the operator key is no workspace token").isEqualTo(401);
  }
}
