package io.leadstream.api.repair;

import static io.leadstream.api.repair.RepairFixtures.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.leaddb.access.Scope;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workspace's CRM sync state, as crm-sink keeps it in crm_sync_state and crm_pending, seen by the
 * workspace (status endpoint, crm:connect) and by the operator (admin API).
 */
class SyncStateApiTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static String newWorkspaceId() {
    return "sync-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The sink found the workspace's grant revoked: records wait held, and one lead matched nothing. */
  private static Instant needsReconnect(String workspace) {
    Instant since = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    JDBC.update("INSERT INTO crm_sync_state (workspace_id, state, reason, since, failures, retry_at)"
        + " VALUES (?, 'needs_reconnect', 'invalid_grant: expired access/refresh token', ?, 3, ?)", workspace,
        Timestamp.from(since), Timestamp.from(since.plus(1, ChronoUnit.HOURS)));
    pending(workspace, "call", "c1", "l1", "held", since);
    pending(workspace, "engagement", "l1", "l1", "held", since);
    pending(workspace, "call", "c2", "l2", "not_found", since);
    return since;
  }

  @Test
  void theStatusEndpointShowsTheWorkspacesSyncStateAndWhatWaits() throws Exception {
    String ws = newWorkspaceId();
    String token = workspaceWithToken(ws, EnumSet.of(Scope.CRM_CONNECT));
    Instant since = needsReconnect(ws);

    HttpResponse<String> answer = send("GET", "/api/salesforce/status", token, null, null, Map.of());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode state = JSON.readTree(answer.body()).path("syncState");
    assertThat(state.path("state").asString()).isEqualTo("needs_reconnect");
    assertThat(state.path("reason").asString()).startsWith("invalid_grant");
    assertThat(Instant.parse(state.path("since").asString())).isEqualTo(since);
    assertThat(Instant.parse(state.path("retryAt").asString())).isEqualTo(since.plus(1, ChronoUnit.HOURS));
    assertThat(state.path("pending").path("held").asLong()).isEqualTo(2);
    assertThat(state.path("pending").path("not_found").asLong()).isEqualTo(1);
    assertThat(state.path("pending").path("ambiguous").asLong()).isZero();
  }

  @Test
  void aWorkspaceTheSinkNeverMetIsUnknownWhateverOtherWorkspacesHave() throws Exception {
    String troubled = newWorkspaceId();
    workspaceWithToken(troubled, EnumSet.of(Scope.CRM_CONNECT));
    needsReconnect(troubled);
    String fresh = newWorkspaceId();
    String token = workspaceWithToken(fresh, EnumSet.of(Scope.CRM_CONNECT));

    JsonNode state = JSON.readTree(send("GET", "/api/salesforce/status", token, null, null, Map.of()).body())
        .path("syncState");

    assertThat(state.path("state").asString()).isEqualTo("unknown");
    assertThat(state.path("pending").path("held").asLong()).isZero();
  }

  @Test
  void theOperatorSeesTheSyncStateOnTheWorkspace() throws Exception {
    String ws = newWorkspaceId();
    workspaceWithToken(ws, EnumSet.of(Scope.EVENTS_WRITE));
    needsReconnect(ws);

    JsonNode workspace = JSON.readTree(send("GET", "/admin/v1/workspaces/" + ws, ADMIN_KEY, null, null, Map.of())
        .body());

    assertThat(workspace.path("syncState").path("state").asString()).isEqualTo("needs_reconnect");
    assertThat(workspace.path("syncState").path("pending").path("not_found").asLong()).isEqualTo(1);
  }
}
