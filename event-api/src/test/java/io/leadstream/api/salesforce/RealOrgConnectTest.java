package io.leadstream.api.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.leaddb.TokenCipher;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connect flow as real orgs need it: PKCE (External Client Apps require it), each workspace's own login
 * URL (a sandbox and a production org side by side, each an emulator requiring PKCE), the org stored with
 * the grant, and a reconnect to another org dropping the old org's cached matches.
 */
class RealOrgConnectTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TokenCipher CIPHER = new TokenCipher(TOKEN_KEY);
  private static final EmulatorConfig EXTERNAL_CLIENT_APP = EmulatorConfig.defaults().withCallbackUrls(List.of(CALLBACK))
      .withBehaviours(OrgBehaviours.defaults().withPkceRequired(true));
  static final SalesforceEmulator SANDBOX = SalesforceEmulator.start(EXTERNAL_CLIENT_APP);
  static final SalesforceEmulator PRODUCTION = SalesforceEmulator.start(EXTERNAL_CLIENT_APP);

  @Autowired ConnectionStore connections;

  @Test
  void anOrgRequiringPkceConnectsAndTheVerifierNeverLeavesTheService() throws Exception {
    String ws = "pkce-" + suffix();
    String token = workspaceWithToken(ws, EnumSet.allOf(Scope.class));
    loginUrl(ws, SANDBOX.baseUrl());

    String authUrl = authUrl(token);
    assertThat(authUrl).startsWith(SANDBOX.baseUrl() + "/services/oauth2/authorize?");
    Map<String, String> params = query(authUrl);
    assertThat(params).containsEntry("code_challenge_method", "S256");
    String verifier = CIPHER.decrypt(ws, JDBC.queryForObject(
        "SELECT code_verifier_enc FROM oauth_states WHERE workspace_id = ?", byte[].class, ws));
    // RFC 7636 §4.1: 43-128 unreserved characters, here base64url of 32 random octets.
    assertThat(verifier).matches("[A-Za-z0-9_-]{43,128}");
    assertThat(params.get("code_challenge")).isEqualTo(s256(verifier));
    assertThat(authUrl).doesNotContain(verifier);

    HttpResponse<String> callback = approveAndReturn(authUrl);
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(callback.body());
    assertThat(answer.path("orgId").asString()).isEqualTo(SANDBOX.admin().orgId());
    assertThat(answer.path("loginUrl").asString()).isEqualTo(SANDBOX.baseUrl());
    assertThat(answer.path("orgChanged").asBoolean()).isFalse();
    assertThat(JDBC.queryForObject("SELECT count(*) FROM oauth_states WHERE workspace_id = ?", Integer.class, ws))
        .as("the verifier went with its state").isZero();

    JsonNode status = status(token);
    assertThat(status.path("connected").asBoolean()).isTrue();
    assertThat(status.path("orgId").asString()).isEqualTo(SANDBOX.admin().orgId());
    assertThat(status.path("loginUrl").asString()).isEqualTo(SANDBOX.baseUrl());
    assertThat(status.path("environment").asString()).isEqualTo("local");
    assertThat(status.toString()).doesNotContain(connections.refreshToken(ws).orElseThrow());
  }

  @Test
  void aWrongVerifierOrAnAuthorizeWithoutChallengeStoresNoConnection() throws Exception {
    String ws = "pkce-bad-" + suffix();
    String token = workspaceWithToken(ws, EnumSet.allOf(Scope.class));
    loginUrl(ws, PRODUCTION.baseUrl());

    String authUrl = authUrl(token);
    // Another verifier than the challenge's, as an attacker holding an intercepted code would send.
    JDBC.update("UPDATE oauth_states SET code_verifier_enc = ? WHERE workspace_id = ?",
        CIPHER.encrypt(ws, "x".repeat(43)), ws);
    HttpResponse<String> wrong = approveAndReturn(authUrl);
    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(502);
    assertThat(wrong.body()).contains("invalid_grant");
    assertThat(connections.connection(ws)).isEmpty();

    String withoutChallenge = authUrl(token).replaceAll("&code_challenge=[^&]*", "")
        .replaceAll("&code_challenge_method=[^&]*", "");
    HttpResponse<String> refused = approveAndReturn(withoutChallenge);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("missing required code challenge");
    assertThat(connections.connection(ws)).isEmpty();
    assertThat(status(token).path("connected").asBoolean()).isFalse();
  }

  @Test
  void aSandboxAndAProductionWorkspaceConnectSideBySideEachToItsOwnOrgAndHost() throws Exception {
    String sandboxWs = "sbx-" + suffix();
    String productionWs = "prd-" + suffix();
    String sandboxToken = workspaceWithToken(sandboxWs, EnumSet.allOf(Scope.class));
    String productionToken = workspaceWithToken(productionWs, EnumSet.allOf(Scope.class));
    loginUrl(sandboxWs, SANDBOX.baseUrl());
    loginUrl(productionWs, PRODUCTION.baseUrl());

    assertThat(approveAndReturn(authUrl(sandboxToken)).statusCode()).isEqualTo(200);
    assertThat(approveAndReturn(authUrl(productionToken)).statusCode()).isEqualTo(200);

    ConnectionStore.Connection sandbox = connections.connection(sandboxWs).orElseThrow();
    ConnectionStore.Connection production = connections.connection(productionWs).orElseThrow();
    assertThat(sandbox.loginUrl()).isEqualTo(SANDBOX.baseUrl());
    assertThat(sandbox.orgId()).isEqualTo(SANDBOX.admin().orgId());
    assertThat(sandbox.instanceUrl()).isEqualTo(SANDBOX.baseUrl());
    assertThat(production.loginUrl()).isEqualTo(PRODUCTION.baseUrl());
    assertThat(production.orgId()).isEqualTo(PRODUCTION.admin().orgId()).isNotEqualTo(sandbox.orgId());

    String phone = "+1415555" + (1000 + (int) (Math.random() * 8999));
    String inSandbox = SANDBOX.seed("Lead", Map.of("LastName", "Sbx", "Company", "S", "Phone", phone));
    // Sessions expired: test-sync refreshes, each grant at the host that issued it.
    expireSessions(sandboxWs, SANDBOX);
    expireSessions(productionWs, PRODUCTION);
    JsonNode sandboxSync = testSync(sandboxToken, phone);
    assertThat(sandboxSync.path("salesforceRecordId").asString()).isEqualTo(inSandbox);
    assertThat(testSync(productionToken, phone).path("matched").asBoolean()).as("not in production").isFalse();

    // The operator points the sandbox workspace elsewhere: its existing grant still refreshes where it was issued.
    loginUrl(sandboxWs, PRODUCTION.baseUrl());
    expireSessions(sandboxWs, SANDBOX);
    assertThat(testSync(sandboxToken, phone).path("salesforceRecordId").asString()).isEqualTo(inSandbox);

    String productionRefresh = connections.refreshToken(productionWs).orElseThrow();
    assertThat(send("DELETE", "/api/salesforce/disconnect", productionToken, null, null, Map.of()).statusCode())
        .isEqualTo(200);
    assertThat(refreshAt(PRODUCTION, productionRefresh)).as("revoked at production's host").isEqualTo(400);
    assertThat(refreshAt(SANDBOX, connections.refreshToken(sandboxWs).orElseThrow())).isEqualTo(200);
  }

  @Test
  void aLoginUrlSettingThatIsNoLoginUrlIsNeverCalled() throws Exception {
    String ws = "badurl-" + suffix();
    String token = workspaceWithToken(ws, EnumSet.allOf(Scope.class));
    // Written around the admin API's validation (which refuses it with 400).
    JDBC.update("UPDATE workspaces SET settings = '{\"loginUrl\": \"http://collector.example/services\"}'::jsonb"
        + " WHERE workspace_id = ?", ws);
    HttpResponse<String> initiate = send("GET", "/api/salesforce/oauth/initiate", token, null, null, Map.of());
    assertThat(initiate.statusCode()).isEqualTo(409);
    assertThat(JDBC.queryForObject("SELECT count(*) FROM oauth_states WHERE workspace_id = ?", Integer.class, ws))
        .isZero();
  }

  @Test
  void aReconnectToTheSameOrgKeepsTheLinksAndOneToAnotherOrgDropsTheOldOrgsMatches() throws Exception {
    String ws = "mover-" + suffix();
    String token = workspaceWithToken(ws, EnumSet.allOf(Scope.class));
    loginUrl(ws, SANDBOX.baseUrl());
    assertThat(approveAndReturn(authUrl(token)).statusCode()).isEqualTo(200);
    String sandboxOrg = SANDBOX.admin().orgId();
    String contact = SANDBOX.seed("Contact", Map.of("LastName", "Linked", "Email", ws + "@acme.com"));
    // What crm-sink keeps of the sandbox org: a link, a Task it wrote, an open review, a lead waiting for a match.
    JDBC.update("INSERT INTO crm_links (workspace_id, lead_id, salesforce_object, salesforce_id, matched_by, org_id)"
        + " VALUES (?, 'lead-1', 'Contact', ?, 'EMAIL_CONTACT', ?)", ws, contact, sandboxOrg);
    JDBC.update("INSERT INTO call_activities (workspace_id, call_id, lead_id, stage, revision, occurred_at,"
        + " salesforce_task_id) VALUES (?, 'call-1', 'lead-1', 'COMPLETED', 1, now(), '00T8d0000000001AAA')", ws);
    JDBC.update("INSERT INTO sync_log (workspace_id, entity_type, entity_id, lead_id, status, candidates, review_status)"
        + " VALUES (?, 'call', 'call-2', 'lead-2', 'ambiguous', ARRAY['003a', '003b'], 'open')", ws);
    JDBC.update("INSERT INTO crm_pending (workspace_id, entity_type, entity_id, lead_id, version, topic, record_key,"
        + " record_value, reason) VALUES (?, 'call', 'call-3', 'lead-3', 1, 'crm.activities.v1', 'k', '\\x00'::bytea,"
        + " 'not_found')", ws);

    JsonNode same = JSON.readTree(approveAndReturn(authUrl(token)).body());
    assertThat(same.path("orgChanged").asBoolean()).isFalse();
    assertThat(count("crm_links", ws)).as("same org: links kept").isEqualTo(1);

    loginUrl(ws, PRODUCTION.baseUrl()); // the customer moved the workspace to its production org
    JsonNode moved = JSON.readTree(approveAndReturn(authUrl(token)).body());
    assertThat(moved.path("orgChanged").asBoolean()).isTrue();
    assertThat(moved.path("orgId").asString()).isEqualTo(PRODUCTION.admin().orgId());
    assertThat(moved.path("previousOrgId").asString()).isEqualTo(sandboxOrg);
    assertThat(moved.path("linksCleared").asInt()).isEqualTo(1);
    assertThat(moved.path("reviewsClosed").asInt()).isEqualTo(1);
    assertThat(moved.path("pendingRematched").asInt()).isEqualTo(1);
    assertThat(count("crm_links", ws)).isZero();
    assertThat(JDBC.queryForObject("SELECT salesforce_task_id FROM call_activities WHERE workspace_id = ?",
        String.class, ws)).as("no Task of the old org is taken for one in the new").isNull();
    assertThat(JDBC.queryForObject("SELECT count(*) FROM sync_log WHERE workspace_id = ? AND review_status = 'open'",
        Integer.class, ws)).as("no review offers the old org's records").isZero();
    assertThat(JDBC.queryForObject("SELECT reason FROM crm_pending WHERE workspace_id = ?", String.class, ws))
        .as("matched again, in the new org").isEqualTo("held");
    assertThat(status(token).path("orgId").asString()).isEqualTo(PRODUCTION.admin().orgId());
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static void expireSessions(String ws, SalesforceEmulator org) {
    org.admin().expireAccessTokens();
    JDBC.update("UPDATE crm_connections SET expires_at = now() - interval '1 minute' WHERE workspace_id = ?", ws);
  }

  private static int count(String table, String ws) {
    return JDBC.queryForObject("SELECT count(*) FROM " + table + " WHERE workspace_id = ?", Integer.class, ws);
  }

  private static void loginUrl(String ws, String url) throws Exception {
    HttpResponse<String> r = send("PATCH", "/admin/v1/workspaces/" + ws, ADMIN_KEY, "application/json",
        ("{\"loginUrl\": \"" + url + "\"}").getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String authUrl(String token) throws Exception {
    HttpResponse<String> r = send("GET", "/api/salesforce/oauth/initiate", token, null, null, Map.of());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("authUrl").asString();
  }

  /** The browser at Salesforce approves; its redirect is followed to the callback. */
  private static HttpResponse<String> approveAndReturn(String authUrl) throws Exception {
    HttpResponse<String> authorize = HTTP.send(HttpRequest.newBuilder(URI.create(authUrl)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(authorize.statusCode()).isEqualTo(302);
    String redirect = authorize.headers().firstValue("Location").orElseThrow();
    assertThat(redirect).startsWith(CALLBACK + "?");
    return HTTP.send(HttpRequest.newBuilder(URI.create(redirect)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode status(String token) throws Exception {
    HttpResponse<String> r = send("GET", "/api/salesforce/status", token, null, null, Map.of());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode testSync(String token, String phone) throws Exception {
    HttpResponse<String> r = send("POST", "/api/salesforce/test-sync", token, "application/json",
        ("{\"phoneNumber\": \"" + phone + "\"}").getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static int refreshAt(SalesforceEmulator org, String refresh) throws Exception {
    String form = "grant_type=refresh_token&client_id=" + org.clientId() + "&client_secret=" + org.clientSecret()
        + "&refresh_token=" + URLEncoder.encode(refresh, StandardCharsets.UTF_8);
    return HTTP.send(HttpRequest.newBuilder(URI.create(org.baseUrl() + "/services/oauth2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static Map<String, String> query(String url) {
    Map<String, String> params = new java.util.LinkedHashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String s256(String verifier) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }
}
