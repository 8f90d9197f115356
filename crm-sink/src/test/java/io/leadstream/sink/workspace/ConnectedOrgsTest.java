package io.leadstream.sink.workspace;

import static io.leadstream.sink.SinkTestSupport.call;
import static io.leadstream.sink.SinkTestSupport.produce;
import static io.leadstream.sink.SinkTestSupport.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sink.SinkTestSupport;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workspaces connected through the web flow to different orgs (two emulators standing for a sandbox and a
 * production org, each an External Client App requiring PKCE): each grant is refreshed at the host that
 * issued it and each workspace's Tasks land in its own org; a reconnect to another org matches the lead
 * afresh there, and a link of another org is never used.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ConnectedOrgsTest {
  private static final Duration LANDS = Duration.ofSeconds(45);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final EmulatorConfig EXTERNAL_CLIENT_APP = EmulatorConfig.defaults()
      .withCallbackUrls(List.of(SinkTestSupport.CALLBACK))
      .withBehaviours(OrgBehaviours.defaults().withPkceRequired(true));
  static final SalesforceEmulator SANDBOX = SalesforceEmulator.start(EXTERNAL_CLIENT_APP);
  static final SalesforceEmulator PRODUCTION = SalesforceEmulator.start(EXTERNAL_CLIENT_APP);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SinkTestSupport.register(registry, "orgs");
  }

  @Autowired JdbcTemplate jdbc;
  @Autowired ConnectionStore connections;

  private final SchemaRegistryClient registry = SinkTestSupport.registryClient();
  private String p;

  @BeforeEach
  void uniquePrefix() {
    p = UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aSandboxAndAProductionWorkspaceEachRefreshAtTheirHostAndSyncToTheirOwnOrg() throws Exception {
    String sandboxWs = "sbx-" + p;
    String productionWs = "prd-" + p;
    connect(sandboxWs, SANDBOX);
    connect(productionWs, PRODUCTION);
    // Since connecting, the operator pointed the sandbox workspace's setting at production: its grant is the sandbox's.
    WorkspaceStore workspaces = new WorkspaceStore(jdbc);
    workspaces.create(sandboxWs, "Sandbox");
    workspaces.update(sandboxWs, null, null, "{\"loginUrl\": \"" + PRODUCTION.baseUrl() + "\"}");
    // Sessions expired: the sink must refresh each grant, where it was issued (not at the app's default host).
    SANDBOX.admin().expireAccessTokens();
    PRODUCTION.admin().expireAccessTokens();
    SANDBOX.seed("Contact", Map.of("LastName", "Sandbox", "Email", p + "-s@acme.com"));
    PRODUCTION.seed("Contact", Map.of("LastName", "Production", "Email", p + "-p@acme.com"));

    produce(registry, state(sandboxWs, p + "-lead", p + "-s@acme.com", null, 1),
        call(sandboxWs, p + "-lead", p + "-s-call-1", 1), call(sandboxWs, p + "-lead", p + "-s-call-2", 1),
        state(productionWs, p + "-lead", p + "-p@acme.com", null, 1),
        call(productionWs, p + "-lead", p + "-p-call-1", 1));

    await().atMost(LANDS).until(() -> successfulCalls(sandboxWs) == 2 && successfulCalls(productionWs) == 1);
    assertThat(taskCallIds(SANDBOX)).containsExactlyInAnyOrder(p + "-s-call-1", p + "-s-call-2");
    assertThat(taskCallIds(PRODUCTION)).containsExactly(p + "-p-call-1");
    assertThat(syncState(sandboxWs)).isEqualTo("connected");
  }

  @Test
  void aReconnectToAnotherOrgMatchesTheLeadAfreshThere() throws Exception {
    String ws = "mover-" + p;
    String lead = p + "-lead";
    String email = p + "-m@acme.com";
    String inSandbox = SANDBOX.seed("Contact", Map.of("LastName", "Old", "Email", email));
    String inProduction = PRODUCTION.seed("Contact", Map.of("LastName", "New", "Email", email));
    connect(ws, SANDBOX);
    produce(registry, state(ws, lead, email, null, 1), call(ws, lead, p + "-m-call-1", 1));
    await().atMost(LANDS).until(() -> successfulCalls(ws) == 1);
    assertThat(whoIds(SANDBOX, p + "-m-call-1")).containsExactly(inSandbox);
    assertThat(link(ws)).containsExactly(inSandbox, SANDBOX.admin().orgId());

    ConnectionStore.Connected moved = connect(ws, PRODUCTION);
    assertThat(moved.orgChanged()).isTrue();
    assertThat(moved.linksCleared()).isEqualTo(1);
    Thread.sleep(500); // longer than the sink's connection refresh in these tests (200 ms)
    produce(registry, call(ws, lead, p + "-m-call-2", 1));

    await().atMost(LANDS).until(() -> successfulCalls(ws) == 2);
    assertThat(whoIds(PRODUCTION, p + "-m-call-2")).as("matched in the new org").containsExactly(inProduction);
    assertThat(whoIds(SANDBOX, p + "-m-call-2")).isEmpty();
    assertThat(link(ws)).containsExactly(inProduction, PRODUCTION.admin().orgId());
  }

  @Test
  void aLinkMadeInAnotherOrgIsNeverUsed() throws Exception {
    String ws = "stale-" + p;
    String lead = p + "-lead";
    String email = p + "-x@acme.com";
    String inSandbox = SANDBOX.seed("Contact", Map.of("LastName", "Old", "Email", email));
    String inProduction = PRODUCTION.seed("Contact", Map.of("LastName", "New", "Email", email));
    connect(ws, PRODUCTION);
    // What a batch still holding the workspace's previous (sandbox) grant saved after the reconnect.
    jdbc.update("INSERT INTO crm_links (workspace_id, lead_id, salesforce_object, salesforce_id, matched_by,"
        + " matched_email, org_id) VALUES (?, ?, 'Contact', ?, 'EMAIL_CONTACT', ?, ?)", ws, lead, inSandbox, email,
        SANDBOX.admin().orgId());
    PRODUCTION.admin().resetRequestCounts();

    produce(registry, state(ws, lead, email, null, 1), call(ws, lead, p + "-x-call-1", 1));

    await().atMost(LANDS).until(() -> successfulCalls(ws) == 1);
    assertThat(whoIds(PRODUCTION, p + "-x-call-1")).containsExactly(inProduction);
    // Matched before the first write, not after the org refused a WhoId it has never had.
    assertThat(PRODUCTION.admin().requestCount("collections.upsert")).isEqualTo(1);
    assertThat(link(ws)).containsExactly(inProduction, PRODUCTION.admin().orgId());
  }

  /**
   * The web-server flow with PKCE against {@code org}, as event-api completes it, and the grant stored with
   * the login URL and the org of its identity URL.
   */
  private ConnectionStore.Connected connect(String ws, SalesforceEmulator org) throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String callback = URLEncoder.encode(SinkTestSupport.CALLBACK, StandardCharsets.UTF_8);
    HttpResponse<String> approved = HTTP.send(HttpRequest.newBuilder(URI.create(org.baseUrl()
        + "/services/oauth2/authorize?response_type=code&client_id=" + org.clientId() + "&redirect_uri=" + callback
        + "&code_challenge=" + challenge + "&code_challenge_method=S256")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    String code = URLDecoder.decode(approved.headers().firstValue("Location").orElseThrow()
        .replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    String form = "grant_type=authorization_code&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
        + "&client_id=" + org.clientId() + "&client_secret=" + org.clientSecret() + "&redirect_uri=" + callback
        + "&code_verifier=" + verifier;
    HttpResponse<String> tokens = HTTP.send(HttpRequest.newBuilder(URI.create(org.baseUrl() + "/services/oauth2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(tokens.statusCode()).isEqualTo(200);
    JsonNode t = JSON.readTree(tokens.body());
    String[] identity = URI.create(t.path("id").asString()).getPath().split("/");
    return connections.connect(new ConnectionStore.WebFlowGrant(ws, "salesforce", t.path("instance_url").asString(),
        org.baseUrl(), identity[identity.length - 2], identity[identity.length - 1], t.path("access_token").asString(),
        t.path("refresh_token").asString(), Instant.now().plusSeconds(3600)));
  }

  private int successfulCalls(String ws) {
    return jdbc.queryForObject("SELECT count(*) FROM sync_log WHERE workspace_id = ? AND entity_type = 'call'"
        + " AND status = 'success'", Integer.class, ws);
  }

  private String syncState(String ws) {
    return jdbc.query("SELECT state FROM crm_sync_state WHERE workspace_id = ?", (rs, i) -> rs.getString(1), ws)
        .stream().findFirst().orElse("connected");
  }

  /** The lead's link: its Salesforce id and the org it was made in. */
  private List<String> link(String ws) {
    return jdbc.query("SELECT salesforce_id, org_id FROM crm_links WHERE workspace_id = ?",
        (rs, i) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2)), ws).stream().findFirst().orElse(List.of());
  }

  /** The call ids of this test's Tasks in {@code org}. */
  private List<String> taskCallIds(SalesforceEmulator org) {
    return org.records("Task").stream().map(t -> (String) t.get("Voice_Call_Id__c"))
        .filter(id -> id != null && id.startsWith(p + "-")).toList();
  }

  private static List<String> whoIds(SalesforceEmulator org, String callId) {
    return org.records("Task").stream().filter(t -> callId.equals(t.get("Voice_Call_Id__c")))
        .map(t -> (String) t.get("WhoId")).toList();
  }
}
