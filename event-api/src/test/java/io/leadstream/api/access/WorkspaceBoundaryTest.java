package io.leadstream.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * SPEC §14: every request is answered for the token's own workspace only. Another workspace's lead
 * is absent — a 404 exactly like a missing lead — and writes about "the same" leadId land on the
 * caller's own lead, never on the other workspace's.
 */
class WorkspaceBoundaryTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static String lead() {
    return "lead-" + UUID.randomUUID();
  }

  private static void insertLead(String workspace, String lead, String email) {
    JDBC.update("""
        INSERT INTO leads (workspace_id, lead_id, email, first_name, status, version)
        VALUES (?, ?, ?, 'Bea', 'contacted', 1)""", workspace, lead, email);
  }

  @Test
  void anotherWorkspacesLeadIsA404IndistinguishableFromAMissingLead() throws Exception {
    String lead = lead();
    insertLead("other", lead, "bea@other.example");
    String missing = lead();

    HttpResponse<String> theirs = send("GET", "/api/v1/crm/leads/" + lead, TOKEN, null, null, Map.of());
    HttpResponse<String> absent = send("GET", "/api/v1/crm/leads/" + missing, TOKEN, null, null, Map.of());
    assertThat(theirs.statusCode()).isEqualTo(404);
    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(theirs.body().replace(lead, "ID")).isEqualTo(absent.body().replace(missing, "ID"));
    assertThat(theirs.body()).doesNotContain("bea@other.example");
    assertThat(send("GET", "/api/v1/crm/leads/" + lead, OTHER_TOKEN, null, null, Map.of()).statusCode())
        .as("its own workspace sees it").isEqualTo(200);
  }

  @Test
  void everyWriteAboutTheSameLeadIdGoesToTheCallersOwnLeadOnly() throws Exception {
    String lead = lead();
    insertLead("other", lead, "bea@other.example");

    assertThat(send("PUT", "/api/v1/crm/leads/" + lead, TOKEN, "application/json",
        "{\"firstName\": \"Eve\", \"doNotCall\": true}".getBytes(), Map.of()).statusCode()).isEqualTo(202);
    assertThat(send("POST", "/api/v1/crm/cadences", TOKEN, "application/json",
        ("{\"leadId\": \"" + lead + "\", \"cadenceId\": \"configured-cadence\"}").getBytes(), Map.of()).statusCode())
        .isEqualTo(202);
    for (String fields : List.of("\"eventType\": \"OPTOUT_REQUESTED\"",
        "\"eventType\": \"LEAD_UPSERTED\", \"email\": \"eve@acme.example\"",
        "\"eventType\": \"CONSENT_RECORDED\", \"kind\": \"OUTREACH_WRITTEN\", \"granted\": true")) {
      HttpResponse<String> answer = post("/api/v1/crm/events", "{" + fields + ", \"leadId\": \"" + lead + "\"}");
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    List<ConsumerRecord<String, VoiceEvent>> mine = recordsOf(lead);
    assertThat(mine).extracting(r -> r.value().getEventType()).containsExactlyInAnyOrder(EventType.OPTOUT_REQUESTED,
        EventType.LEAD_UPSERTED, EventType.CADENCE_ENROLLED, EventType.OPTOUT_REQUESTED, EventType.LEAD_UPSERTED,
        EventType.CONSENT_RECORDED);
    assertThat(mine).allSatisfy(r -> {
      assertThat(r.key()).isEqualTo("default/" + lead);
      assertThat(r.value().getWorkspaceId()).isEqualTo("default");
    });
    assertThat(recordsOfWorkspace("other", lead)).as("nothing about the other workspace's lead").isEmpty();
    assertThat(JDBC.queryForObject("SELECT first_name FROM leads WHERE workspace_id = 'other' AND lead_id = ?",
        String.class, lead)).isEqualTo("Bea");
  }

  @Test
  void anEventNamingAnotherWorkspaceIsRefusedNamingTheField() throws Exception {
    HttpResponse<String> answer = post("/api/v1/crm/events",
        "{\"eventType\": \"OPTOUT_REQUESTED\", \"leadId\": \"" + lead() + "\", \"workspaceId\": \"other\"}");
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).path("errors").get(0).path("field").asString()).isEqualTo("workspaceId");
  }

  @Test
  void aLeadIdOf129CharactersIsRefusedAt400() throws Exception {
    String longId = "a".repeat(129);
    assertThat(post("/api/v1/crm/events", "{\"eventType\": \"CALL_PLACED\", \"leadId\": \"" + longId + "\"}")
        .statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/crm/leads/" + longId).statusCode()).isEqualTo(400);
    assertThat(post("/api/v1/crm/events", "{\"eventType\": \"CALL_PLACED\", \"leadId\": \"" + "a".repeat(128) + "\"}")
        .statusCode()).as("128 is the limit").isEqualTo(202);
  }

  @Test
  void eachEndpointNeedsItsScope() throws Exception {
    String eventsOnly = workspaceWithToken("default", EnumSet.of(Scope.EVENTS_WRITE));
    String readOnly = workspaceWithToken("default", EnumSet.of(Scope.LEADS_READ));
    String event = "{\"eventType\": \"CALL_PLACED\", \"leadId\": \"" + lead() + "\"}";

    assertThat(send("POST", "/api/v1/crm/events", eventsOnly, "application/json", event.getBytes(), Map.of())
        .statusCode()).isEqualTo(202);
    HttpResponse<String> refused = send("POST", "/api/v1/crm/events", readOnly, "application/json", event.getBytes(),
        Map.of());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("events:write");
    assertThat(send("GET", "/api/v1/crm/leads/x", eventsOnly, null, null, Map.of()).statusCode()).isEqualTo(403);
    assertThat(send("PUT", "/api/v1/crm/leads/x", readOnly, "application/json", "{\"company\":\"X\"}".getBytes(),
        Map.of()).statusCode()).isEqualTo(403);
    assertThat(send("POST", "/api/v1/crm/cadences", eventsOnly, "application/json",
        "{\"leadId\":\"x\",\"cadenceId\":\"configured-cadence\"}".getBytes(), Map.of()).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/salesforce/oauth/initiate", eventsOnly, null, null, Map.of()).statusCode())
        .as("a dialer's token cannot connect Salesforce").isEqualTo(403);
    assertThat(send("DELETE", "/api/salesforce/disconnect", eventsOnly, null, null, Map.of()).statusCode())
        .as("nor disconnect it").isEqualTo(403);
    assertThat(send("POST", "/api/v1/webhooks/call-ended", readOnly, "application/json", "{}".getBytes(), Map.of())
        .statusCode()).isEqualTo(403);
  }

  @Test
  void noTokenOrAnUnknownOneIs401WithABearerChallenge() throws Exception {
    for (String token : new String[] {null, "garbage", "lst_aaaaaaaaaaaa_" + "A".repeat(43)}) {
      HttpResponse<String> answer = send("GET", "/api/v1/crm/leads/x", token, null, null, Map.of());
      assertThat(answer.statusCode()).isEqualTo(401);
      assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
          v -> assertThat(v).startsWith("application/problem+json"));
    }
  }
}
