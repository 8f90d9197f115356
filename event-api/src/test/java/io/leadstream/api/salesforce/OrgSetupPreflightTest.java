package io.leadstream.api.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.leaddb.access.WorkspaceStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting an org and test-sync run its preflight: the answer names every field, flag or permission the org
 * lacks, under the workspace's own field names; once the admin fixes the org, test-sync says so and crm-sink,
 * holding the workspace as setup_incomplete, retries it at once.
 */
class OrgSetupPreflightTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String WS = "half-set-up";
  private static final String WS_TOKEN = workspaceWithToken(WS, EnumSet.of(Scope.CRM_CONNECT));

  @Test
  void connectAndTestSyncNameWhatTheOrgLacksAndAFixedOrgIsRetriedByTheSink() throws Exception {
    EMULATOR.admin().deleteField("Task", "Voice_Call_Id__c");
    EMULATOR.admin().setFieldPermission("Lead", "Voice_Agent_Engagement_Score__c", true, false);
    try {
      JsonNode connected = connect();
      assertThat(connected.path("success").asBoolean()).isTrue();
      assertThat(connected.path("setup").path("complete").asBoolean()).isFalse();
      assertThat(problems(connected)).containsExactlyInAnyOrder("Lead.Voice_Agent_Engagement_Score__c not_writable",
          "Task.Voice_Call_Id__c missing");

      JsonNode sync = testSync();
      assertThat(problems(sync)).containsExactlyInAnyOrder("Lead.Voice_Agent_Engagement_Score__c not_writable",
          "Task.Voice_Call_Id__c missing");
      assertThat(sync.path("setup").path("problems").valueStream().map(p -> p.path("message").asString()))
          .anySatisfy(m -> assertThat(m).startsWith("Task.Voice_Call_Id__c is missing"));

      // The workspace maps its call id to a field of its own: that is the field checked.
      new WorkspaceStore(JDBC).update(WS, null, null, "{\"fieldMapping\": {\"taskExternalId\": \"Call_Ref__c\"}}");
      assertThat(problems(testSync())).contains("Task.Call_Ref__c missing").doesNotContain("Task.Voice_Call_Id__c missing");
      new WorkspaceStore(JDBC).update(WS, null, null, "{\"fieldMapping\": null}");

      // crm-sink holds the workspace until its next setup check; the admin fixes the org and runs test-sync.
      JDBC.update("INSERT INTO crm_sync_state (workspace_id, state, reason, failures, retry_at)"
          + " VALUES (?, 'setup_incomplete', 'org setup incomplete: …', 3, ?)", WS,
          Timestamp.from(Instant.now().plusSeconds(300)));
      EMULATOR.admin().restoreSchema();
      JsonNode fixed = testSync();
      assertThat(fixed.path("setup").path("complete").asBoolean()).isTrue();
      assertThat(fixed.path("setup").path("problems").isEmpty()).isTrue();
      assertThat(JDBC.queryForObject("SELECT retry_at <= now() FROM crm_sync_state WHERE workspace_id = ?",
          Boolean.class, WS)).as("the sink retries the workspace on its next pass").isTrue();
    } finally {
      EMULATOR.admin().restoreSchema();
      send("DELETE", "/api/salesforce/disconnect", WS_TOKEN, null, null, Map.of());
      JDBC.update("DELETE FROM crm_sync_state WHERE workspace_id = ?", WS);
    }
  }

  /** The web flow as the workspace's admin runs it: initiate, approve at Salesforce, follow the redirect back. */
  private static JsonNode connect() throws Exception {
    HttpResponse<String> initiate = send("GET", "/api/salesforce/oauth/initiate", WS_TOKEN, null, null, Map.of());
    assertThat(initiate.statusCode()).as(initiate.body()).isEqualTo(200);
    String authUrl = JSON.readTree(initiate.body()).path("authUrl").asString();
    HttpResponse<String> approved = HTTP.send(HttpRequest.newBuilder(URI.create(authUrl)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    String redirect = approved.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> callback = HTTP.send(HttpRequest.newBuilder(URI.create(redirect)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
    return JSON.readTree(callback.body());
  }

  private static JsonNode testSync() throws Exception {
    HttpResponse<String> r = send("POST", "/api/salesforce/test-sync", WS_TOKEN, "application/json", "{}".getBytes(),
        Map.of());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** "Object.Field problem" of each problem in an answer's setup. */
  private static List<String> problems(JsonNode answer) {
    return answer.path("setup").path("problems").valueStream()
        .map(p -> p.path("object").asString() + "." + p.path("field").asString() + " " + p.path("problem").asString())
        .toList();
  }
}
