package io.leadstream.sink.workspace;

import static io.leadstream.sink.SinkTestSupport.EMULATOR;
import static io.leadstream.sink.SinkTestSupport.call;
import static io.leadstream.sink.SinkTestSupport.consumerRecord;
import static io.leadstream.sink.SinkTestSupport.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.sink.SinkTestSupport;
import io.leadstream.sink.pipeline.SinkPipeline;
import io.leadstream.sink.salesforce.OAuthTokenSource;
import java.time.Duration;
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

/**
 * client_credentials needs the org's My Domain: a workspace whose login URL comes from its settings at runtime
 * and names a login host is setup_incomplete, its records held, and no token request is sent there; it syncs
 * once the setting names the My Domain. The other workspaces are not affected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class MyDomainRequiredTest {
  private static final Duration LANDS = Duration.ofSeconds(45);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SinkTestSupport.register(registry, "mydomain");
    // Server-to-server credentials from the configuration, the login URL from each workspace's settings.
    for (String ws : List.of("cc-runtime", "cc-loginhost")) {
      registry.add("leadstream.sink.workspaces." + ws + ".grant", () -> "client_credentials");
      registry.add("leadstream.sink.workspaces." + ws + ".client-id", EMULATOR::clientId);
      registry.add("leadstream.sink.workspaces." + ws + ".client-secret", EMULATOR::clientSecret);
    }
  }

  @Autowired JdbcTemplate jdbc;
  @Autowired SinkPipeline pipeline;

  private final SchemaRegistryClient registry = SinkTestSupport.registryClient();
  private String p;
  private long offset = System.nanoTime();

  @BeforeEach
  void unique() {
    p = UUID.randomUUID().toString().substring(0, 8);
    EMULATOR.admin().clearFaults();
  }

  @Test
  void aLoginHostInTheSettingsHoldsTheWorkspaceWithoutATokenRequestUntilItNamesTheMyDomain() {
    String ws = "cc-runtime";
    settings(ws, "https://login.salesforce.com/");
    EMULATOR.seed("Contact", Map.of("LastName", "Runtime", "Email", p + "-cc@acme.com"));

    pipeline.process(List.of(consumerRecord(registry, state(ws, p + "-cc", p + "-cc@acme.com", null, 1), offset++),
        consumerRecord(registry, call(ws, p + "-cc", p + "-callcc", 1), offset++)));

    // The sink reads settings every 2 s: if it read this workspace's before they were written, its records wait as
    // not_connected until the next read, which sees the login URL and retries them.
    await().atMost(LANDS).until(() -> "setup_incomplete".equals(syncState(ws)));
    // Refused before any request (a request would have failed otherwise: unreachable, or invalid_grant).
    assertThat(jdbc.queryForObject("SELECT reason FROM crm_sync_state WHERE workspace_id = ?", String.class, ws))
        .contains(OAuthTokenSource.CLIENT_CREDENTIALS_NEED_MY_DOMAIN, "loginUrl", "My Domain");
    assertThat(heldCalls(ws, p + "-callcc")).isEqualTo(1);

    // Another workspace on the same org syncs meanwhile.
    EMULATOR.seed("Contact", Map.of("LastName", "Other", "Email", p + "-d@acme.com"));
    pipeline.process(List.of(consumerRecord(registry, state("default", p + "-d", p + "-d@acme.com", null, 1), offset++),
        consumerRecord(registry, call("default", p + "-d", p + "-calld", 1), offset++)));
    assertThat(syncStatus(p + "-calld")).isEqualTo("success");

    settings(ws, EMULATOR.baseUrl()); // the operator sets the org's My Domain

    await().atMost(LANDS).until(() -> "success".equals(syncStatus(p + "-callcc")));
    assertThat(EMULATOR.records("Task")).filteredOn(t -> (p + "-callcc").equals(t.get("Voice_Call_Id__c"))).hasSize(1);
    await().atMost(LANDS).until(() -> "connected".equals(syncState(ws)));
  }

  @Test
  void theOrgsRefusalOfClientCredentialsOnItsLoginHostIsTheSetupNotAReconnect() {
    // The emulator's login host is no login.salesforce.com, so the sink tries; the org answers as real ones do.
    String ws = "cc-loginhost";
    settings(ws, EMULATOR.loginHostUrl());

    // A lead with an email: matching it needs the org, hence a token.
    pipeline.process(List.of(consumerRecord(registry, state(ws, p + "-lh", p + "-lh@acme.com", null, 1), offset++),
        consumerRecord(registry, call(ws, p + "-lh", p + "-calllh", 1), offset++)));

    await().atMost(LANDS).until(() -> "setup_incomplete".equals(syncState(ws))); // settings read every 2 s
    assertThat(jdbc.queryForObject("SELECT reason FROM crm_sync_state WHERE workspace_id = ?", String.class, ws))
        .contains("request not supported on this domain");
    assertThat(heldCalls(ws, p + "-calllh")).isEqualTo(1);
    assertThat(SinkTestSupport.dlqKeys()).noneMatch(k -> k != null && k.startsWith(ws + "/" + p));
  }

  // ------------------------------------------------------------------ helpers

  /** The workspace's settings as event-api's admin API stores them. */
  private void settings(String ws, String loginUrl) {
    jdbc.update("""
        INSERT INTO workspaces (workspace_id, name, settings) VALUES (?, ?, jsonb_build_object('loginUrl', ?::text))
        ON CONFLICT (workspace_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()""",
        ws, "Workspace " + ws, loginUrl);
  }

  private String syncState(String ws) {
    return jdbc.query("SELECT state FROM crm_sync_state WHERE workspace_id = ?", (rs, i) -> rs.getString(1), ws)
        .stream().findFirst().orElse("connected");
  }

  private String syncStatus(String callId) {
    return jdbc.query("SELECT status FROM sync_log WHERE entity_type = 'call' AND entity_id = ?",
        (rs, i) -> rs.getString(1), callId).stream().findFirst().orElse(null);
  }

  private int heldCalls(String ws, String callId) {
    return jdbc.queryForObject("SELECT count(*) FROM crm_pending WHERE workspace_id = ? AND entity_type = 'call'"
        + " AND entity_id = ?", Integer.class, ws, callId);
  }
}
