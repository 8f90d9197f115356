package io.leadstream.sink.salesforce;

import static io.leadstream.sink.SinkTestSupport.OTHER_ORG;
import static io.leadstream.sink.SinkTestSupport.call;
import static io.leadstream.sink.SinkTestSupport.produce;
import static io.leadstream.sink.SinkTestSupport.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sink.SinkTestSupport;
import io.leadstream.sink.ingest.SinkMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sink checks a workspace's org before it first writes to it (SPEC §8 failure domains): an org that lacks a
 * field the sink writes is setup_incomplete with the field named, its records wait in crm_pending — none parked —
 * while the other workspaces sync, and once its admin fixes the org they land exactly once, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OrgSetupCheckTest {
  private static final Duration LANDS = Duration.ofSeconds(45);
  private static final String WS = "half-set-up";
  /** The org of workspace {@link #WS}, whose admin has not finished setting it up. */
  private static final SalesforceEmulator HALF_SET_UP_ORG = SalesforceEmulator.start(EmulatorConfig.defaults());

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SinkTestSupport.register(registry, "orgsetup");
    registry.add("leadstream.sink.workspaces." + WS + ".login-url", HALF_SET_UP_ORG::baseUrl);
    registry.add("leadstream.sink.workspaces." + WS + ".client-id", HALF_SET_UP_ORG::clientId);
    registry.add("leadstream.sink.workspaces." + WS + ".client-secret", HALF_SET_UP_ORG::clientSecret);
  }

  @Autowired JdbcTemplate jdbc;
  @Autowired SinkMetrics metrics;

  private final SchemaRegistryClient registry = SinkTestSupport.registryClient();
  private final String p = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aMissingCallIdFieldHoldsTheWorkspaceUntilTheOrgIsFixedAndThenEveryTaskLandsOnce() {
    HALF_SET_UP_ORG.admin().deleteField("Task", "Voice_Call_Id__c");
    String contact = HALF_SET_UP_ORG.seed("Contact", Map.of("LastName", "Half", "Email", p + "-half@acme.com"));
    OTHER_ORG.seed("Contact", Map.of("LastName", "Whole", "Email", p + "-whole@acme.com"));

    produce(registry, state(WS, p + "-half", p + "-half@acme.com", null, 1), call(WS, p + "-half", p + "-call-1", 1),
        call(WS, p + "-half", p + "-call-2", 1), call(WS, p + "-half", p + "-call-3", 1),
        state("tenant-b", p + "-whole", p + "-whole@acme.com", null, 1), call("tenant-b", p + "-whole", p + "-call-b", 1));

    await().atMost(LANDS).until(() -> "setup_incomplete".equals(syncState()) && heldCalls() == 3
        && "success".equals(syncStatus(p + "-call-b")));
    assertThat(reason()).startsWith("org setup incomplete: ").contains("Task.Voice_Call_Id__c is missing");
    assertThat(SinkTestSupport.dlqKeys()).as("the org's setup is not its records' fault")
        .noneMatch(k -> k != null && k.startsWith(WS + "/"));
    assertThat(metrics.isPaused()).isFalse();
    // Checked before anything was matched or written: no query, no upsert, no field update in the half-set-up org.
    assertThat(HALF_SET_UP_ORG.admin().requestCount("query")).isZero();
    assertThat(HALF_SET_UP_ORG.admin().requestCount("collections.upsert")).isZero();
    assertThat(HALF_SET_UP_ORG.admin().requestCount("collections.update")).isZero();

    HALF_SET_UP_ORG.admin().restoreSchema(); // the admin deployed salesforce/force-app

    await().atMost(LANDS).until(() -> successfulCalls() == 3 && "connected".equals(syncState()));
    assertThat(HALF_SET_UP_ORG.records("Task")).extracting(t -> (String) t.get("Voice_Call_Id__c"))
        .filteredOn(id -> id != null && id.startsWith(p)).as("each call exactly once")
        .containsExactlyInAnyOrder(p + "-call-1", p + "-call-2", p + "-call-3");
    assertThat(HALF_SET_UP_ORG.records("Contact")).filteredOn(c -> contact.equals(c.get("Id"))).singleElement()
        .satisfies(c -> assertThat(c.get("Voice_Agent_Total_Calls__c")).isNotNull());
    assertThat(jdbc.queryForObject("SELECT count(*) FROM crm_pending WHERE workspace_id = ?", Integer.class, WS))
        .isZero();

    // A passed check is kept: the next records cost no describe.
    long describes = HALF_SET_UP_ORG.admin().requestCount("sobject.describe");
    produce(registry, call(WS, p + "-half", p + "-call-4", 1));
    await().atMost(LANDS).until(() -> successfulCalls() == 4);
    assertThat(HALF_SET_UP_ORG.admin().requestCount("sobject.describe")).isEqualTo(describes);
  }

  private String syncState() {
    return jdbc.query("SELECT state FROM crm_sync_state WHERE workspace_id = ?", (rs, i) -> rs.getString(1), WS)
        .stream().findFirst().orElse("connected");
  }

  private String reason() {
    return jdbc.queryForObject("SELECT reason FROM crm_sync_state WHERE workspace_id = ?", String.class, WS);
  }

  private int heldCalls() {
    return jdbc.queryForObject("SELECT count(*) FROM crm_pending WHERE workspace_id = ? AND entity_type = 'call'"
        + " AND reason = 'held' AND entity_id LIKE ?", Integer.class, WS, p + "-%");
  }

  private int successfulCalls() {
    return jdbc.queryForObject("SELECT count(*) FROM sync_log WHERE workspace_id = ? AND entity_type = 'call'"
        + " AND status = 'success' AND entity_id LIKE ?", Integer.class, WS, p + "-%");
  }

  private String syncStatus(String callId) {
    return jdbc.query("SELECT status FROM sync_log WHERE entity_type = 'call' AND entity_id = ?",
        (rs, i) -> rs.getString(1), callId).stream().findFirst().orElse(null);
  }

}
