package io.leadstream.api.repair;

import static io.leadstream.api.repair.RepairFixtures.ambiguous;
import static io.leadstream.api.repair.RepairFixtures.due;
import static io.leadstream.api.repair.RepairFixtures.pending;
import static io.leadstream.api.repair.RepairFixtures.pendingReason;
import static io.leadstream.api.repair.RepairFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The review queue through the admin API (SPEC §8): ambiguous matches are listed per workspace and
 * resolved by choosing one of the candidates, which links the lead and re-queues the records it
 * missed for crm-sink — the rows crm-sink would have written are inserted here.
 */
class ReviewQueueApiTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CONTACT = "003Hs00001AbCdEIAV";
  private static final String LEAD = "00QHs00000XyZaBMAV";

  private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return send(method, path, ADMIN_KEY, body == null ? null : "application/json",
        body == null ? null : body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** A lead whose call and own fields matched a Contact and a Lead, waiting in crm_pending. */
  private static void ambiguousLead(String workspace, String lead) {
    ambiguous(workspace, "lead", lead, lead, CONTACT, LEAD);
    ambiguous(workspace, "call", "call-" + lead, lead, CONTACT, LEAD);
    pending(workspace, "lead", lead, lead, "ambiguous", null);
    pending(workspace, "call", "call-" + lead, lead, "ambiguous", null);
  }

  @Test
  void theQueueListsTheOpenAmbiguousMatchesOfThePathsWorkspaceOnly() throws Exception {
    String acme = workspace();
    String globex = workspace();
    ambiguousLead(acme, "pat");
    ambiguousLead(globex, "theirs");

    HttpResponse<String> answer = admin("GET", "/admin/v1/workspaces/" + acme + "/review", null);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode queue = JSON.readTree(answer.body());
    assertThat(queue.path("open").asLong()).isEqualTo(2);
    assertThat(queue.path("items").findValuesAsString("leadId")).containsOnly("pat");
    assertThat(queue.path("items").findValuesAsString("entityType")).containsExactlyInAnyOrder("lead", "call");
    JsonNode first = queue.path("items").get(0);
    assertThat(first.path("candidates").values().stream().map(JsonNode::asString).toList())
        .containsExactly(CONTACT, LEAD);
    assertThat(first.path("since").asString()).isNotBlank();
  }

  @Test
  void choosingACandidateLinksTheLeadAndRequeuesOnlyItsAmbiguousRecords() throws Exception {
    String acme = workspace();
    String globex = workspace();
    ambiguousLead(acme, "pat");
    ambiguousLead(acme, "sam");
    ambiguousLead(globex, "pat");

    HttpResponse<String> answer = admin("POST", "/admin/v1/workspaces/" + acme + "/review/pat",
        "{\"recordId\": \"" + CONTACT + "\"}");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode resolved = JSON.readTree(answer.body());
    assertThat(resolved.path("salesforceObject").asString()).isEqualTo("Contact");
    assertThat(resolved.path("requeued").asInt()).isEqualTo(2);
    assertThat(JDBC.queryForMap("SELECT salesforce_object, salesforce_id, matched_by FROM crm_links"
        + " WHERE workspace_id = ? AND lead_id = 'pat'", acme))
        .containsEntry("salesforce_object", "Contact").containsEntry("salesforce_id", CONTACT)
        .containsEntry("matched_by", "operator");
    assertThat(List.of(pendingReason(acme, "lead", "pat"), pendingReason(acme, "call", "call-pat")))
        .containsOnly("held");
    assertThat(due(acme, "call", "call-pat")).isTrue();
    assertThat(pendingReason(acme, "call", "call-sam")).as("another lead").isEqualTo("ambiguous");
    assertThat(pendingReason(globex, "call", "call-pat")).as("the same lead id in another workspace")
        .isEqualTo("ambiguous");
    assertThat(JDBC.queryForObject("SELECT count(*) FROM crm_links WHERE workspace_id = ?", Long.class, globex))
        .isZero();
  }

  @Test
  void aResolvedLeadLeavesTheQueue() throws Exception {
    String acme = workspace();
    ambiguousLead(acme, "pat");
    ambiguousLead(acme, "sam");

    admin("POST", "/admin/v1/workspaces/" + acme + "/review/pat", "{\"recordId\": \"" + LEAD + "\"}");

    JsonNode queue = JSON.readTree(admin("GET", "/admin/v1/workspaces/" + acme + "/review", null).body());
    assertThat(queue.path("items").findValuesAsString("leadId")).containsOnly("sam");
    assertThat(JDBC.queryForList("SELECT review_status FROM sync_log WHERE workspace_id = ? AND lead_id = 'pat'",
        String.class, acme)).containsOnly("resolved");
  }

  @Test
  void aRecordThatIsNotACandidateIsRefusedNamingRecordIdAndChangesNothing() throws Exception {
    String acme = workspace();
    ambiguousLead(acme, "pat");

    HttpResponse<String> refused = admin("POST", "/admin/v1/workspaces/" + acme + "/review/pat",
        "{\"recordId\": \"003Hs00009ZzZzZIAV\"}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("errors").findValuesAsString("field")).containsExactly("recordId");
    assertThat(JDBC.queryForObject("SELECT count(*) FROM crm_links WHERE workspace_id = ?", Long.class, acme))
        .isZero();
    assertThat(pendingReason(acme, "call", "call-pat")).isEqualTo("ambiguous");
  }

  @Test
  void theFifteenCharacterFormOfACandidateNamesIt() throws Exception {
    String acme = workspace();
    ambiguousLead(acme, "pat");

    HttpResponse<String> answer = admin("POST", "/admin/v1/workspaces/" + acme + "/review/pat",
        "{\"recordId\": \"" + LEAD.substring(0, 15) + "\"}");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(JSON.readTree(answer.body()).path("recordId").asString()).isEqualTo(LEAD);
    assertThat(JSON.readTree(answer.body()).path("salesforceObject").asString()).isEqualTo("Lead");
  }

  @Test
  void aLeadWithoutAnOpenReviewIs404() throws Exception {
    String acme = workspace();
    String globex = workspace();
    ambiguousLead(globex, "pat");

    assertThat(admin("POST", "/admin/v1/workspaces/" + acme + "/review/pat", "{\"recordId\": \"" + CONTACT + "\"}")
        .statusCode()).as("another workspace's open review is not this one's").isEqualTo(404);
    assertThat(pendingReason(globex, "call", "call-pat")).isEqualTo("ambiguous");
  }

  @Test
  void anUnknownWorkspaceIs404() throws Exception {
    assertThat(admin("GET", "/admin/v1/workspaces/no-such-workspace/review", null).statusCode()).isEqualTo(404);
  }

  @Test
  void aMalformedRecordIdIsRefusedBeforeAnyLookup() throws Exception {
    String acme = workspace();
    HttpResponse<String> refused = admin("POST", "/admin/v1/workspaces/" + acme + "/review/pat",
        "{\"recordId\": \"003'; DROP TABLE crm_links; --\"}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("errors").findValuesAsString("field")).containsExactly("recordId");
  }
}
