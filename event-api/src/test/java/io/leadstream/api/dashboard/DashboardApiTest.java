package io.leadstream.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.leaddb.access.Scope;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's HTTP surface (SPEC §12, §14): the page is public and carries no data; the data needs a
 * dashboard:read token (its workspace only) or the operator key (every workspace), and is read from the lead database.
 * The page itself is exercised in Chromium by devstack's DashboardBrowserTest.
 */
class DashboardApiTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void thePageAndItsScriptArePublicWithAPolicyThatAllowsOnlyTheirOwnOrigin() throws Exception {
    HttpResponse<String> page = send("GET", "/dashboard", null, null, null, Map.of());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardController.CSP);
    assertThat(page.body()).contains("id=\"events-applied\"", "id=\"funnel\"", "id=\"dlq\"", "id=\"lag\"",
        "src=\"/dashboard/dashboard.js\"").doesNotContain("<script>");
    HttpResponse<String> script = send("GET", "/dashboard/dashboard.js", null, null, null, Map.of());
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).contains("/api/v1/dashboard", "/admin/v1/dashboard");
    assertThat(send("GET", "/dashboard/other.js", null, null, null, Map.of()).statusCode()).isEqualTo(401);
  }

  @Test
  void aDashboardTokenSeesItsOwnWorkspacesNumbersFromTheLeadDatabaseAndNothingElse() throws Exception {
    String ws = "dash-" + UUID.randomUUID().toString().substring(0, 8);
    String token = workspaceWithToken(ws, EnumSet.of(Scope.DASHBOARD_READ));
    String other = "dash-" + UUID.randomUUID().toString().substring(0, 8);
    workspaceWithToken(other, EnumSet.of(Scope.DASHBOARD_READ));
    lead(ws, "a", "contacted", 3, 10);
    lead(ws, "b", "contacted", 4, 85);
    lead(ws, "c", "trial", 1, 45);
    lead(other, "a", "opted_out", 9, 0);

    HttpResponse<String> answer = send("GET", "/api/v1/dashboard", token, null, null, Map.of());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    JsonNode d = JSON.readTree(answer.body());
    assertThat(d.path("scope").asString()).isEqualTo(ws);
    assertThat(d.path("workspaces").toString()).isEqualTo("[\"" + ws + "\"]");
    assertThat(d.at("/throughput/eventsApplied").asLong()).isEqualTo(8);
    assertThat(d.at("/throughput/topicRecords").isMissingNode()).isTrue();
    assertThat(d.path("leadsByStatus").toString()).isEqualTo("{\"contacted\":2,\"trial\":1}");
    assertThat(d.at("/scoreBuckets/0-19").asLong()).isEqualTo(1);
    assertThat(d.at("/scoreBuckets/40-59").asLong()).isEqualTo(1);
    assertThat(d.at("/scoreBuckets/80-100").asLong()).isEqualTo(1);
    assertThat(d.at("/crm/" + ws + "/state").asString()).isEqualTo("unknown");
    assertThat(d.path("crm").has(other)).isFalse();
    assertThat(d.at("/dlq/voice.events.dlq.v1/total").asInt()).isZero();
    assertThat(d.at("/review/open").asLong()).isZero();

    // The operator sees every workspace, or one by name; an unknown one is a 404 problem.
    HttpResponse<String> all = send("GET", "/admin/v1/dashboard", ADMIN_KEY, null, null, Map.of());
    assertThat(all.statusCode()).isEqualTo(200);
    JsonNode a = JSON.readTree(all.body());
    assertThat(a.path("scope").asString()).isEqualTo("all");
    assertThat(a.path("workspaces").toString()).contains(ws, other);
    assertThat(a.at("/leadsByStatus/opted_out").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(a.at("/throughput/topicRecords/voice.events.v1").isNumber()).isTrue();
    JsonNode one = JSON.readTree(send("GET", "/admin/v1/dashboard?workspace=" + other, ADMIN_KEY, null, null, Map.of()).body());
    assertThat(one.path("leadsByStatus").toString()).isEqualTo("{\"opted_out\":1}");
    HttpResponse<String> unknown = send("GET", "/admin/v1/dashboard?workspace=no-such-ws", ADMIN_KEY, null, null, Map.of());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
  }

  @Test
  void withoutTheScopeOrAnyTokenTheDataIsRefused() throws Exception {
    String writer = workspaceWithToken("dash-" + UUID.randomUUID().toString().substring(0, 8), EnumSet.of(Scope.EVENTS_WRITE));
    assertThat(send("GET", "/api/v1/dashboard", null, null, null, Map.of()).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v1/dashboard", writer, null, null, Map.of()).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/admin/v1/dashboard", TOKEN, null, null, Map.of()).statusCode()).isEqualTo(401);
  }

  private static void lead(String ws, String id, String status, int version, int score) {
    JDBC.update("INSERT INTO leads (workspace_id, lead_id, status, version, engagement_score) VALUES (?, ?, ?, ?, ?)",
        ws, id, status, version, score);
  }
}
