package io.leadstream.api.repair;

import static io.leadstream.api.repair.RepairFixtures.due;
import static io.leadstream.api.repair.RepairFixtures.pending;
import static io.leadstream.api.repair.RepairFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Re-matching through the admin API (SPEC §8: not_found leads are backfilled): the workspace's
 * not_found records in crm_pending become due now, so crm-sink matches them on its next pass.
 */
class RematchApiTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return send(method, path, ADMIN_KEY, body == null ? null : "application/json",
        body == null ? null : body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  @Test
  void aRematchMakesOnlyTheWorkspacesNotFoundRecordsDue() throws Exception {
    String acme = workspace();
    String globex = workspace();
    Instant later = Instant.now().plusSeconds(3600);
    pending(acme, "call", "c-missing", "missing", "not_found", later);
    pending(acme, "call", "c-held", "held-lead", "held", later);
    pending(globex, "call", "c-missing", "missing", "not_found", later);

    HttpResponse<String> answer = admin("POST", "/admin/v1/workspaces/" + acme + "/rematch", null);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(JSON.readTree(answer.body()).path("rematched").asInt()).isEqualTo(1);
    assertThat(due(acme, "call", "c-missing")).isTrue();
    assertThat(due(acme, "call", "c-held")).as("held records wait for the workspace to recover").isFalse();
    assertThat(due(globex, "call", "c-missing")).as("another workspace").isFalse();
  }

  @Test
  void aRematchOfSomeLeadsLeavesTheOthersWaiting() throws Exception {
    String acme = workspace();
    Instant later = Instant.now().plusSeconds(3600);
    pending(acme, "call", "c1", "created-in-crm", "not_found", later);
    pending(acme, "lead", "created-in-crm", "created-in-crm", "not_found", later);
    pending(acme, "call", "c2", "still-missing", "not_found", later);

    HttpResponse<String> answer = admin("POST", "/admin/v1/workspaces/" + acme + "/rematch",
        "{\"leadIds\": [\"created-in-crm\"]}");

    JsonNode rematch = JSON.readTree(answer.body());
    assertThat(rematch.path("rematched").asInt()).isEqualTo(2);
    assertThat(rematch.path("leads").asInt()).isEqualTo(1);
    assertThat(due(acme, "call", "c2")).isFalse();
  }

  @Test
  void anEmptyListOfLeadsIsRefusedRatherThanReadAsAll() throws Exception {
    String acme = workspace();
    HttpResponse<String> refused = admin("POST", "/admin/v1/workspaces/" + acme + "/rematch", "{\"leadIds\": []}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("errors").findValuesAsString("field")).containsExactly("leadIds");
  }

  @Test
  void anUnknownWorkspaceIs404() throws Exception {
    assertThat(admin("POST", "/admin/v1/workspaces/no-such-workspace/rematch", null).statusCode()).isEqualTo(404);
  }
}
