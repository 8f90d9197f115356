package io.leadstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operations endpoints (SPEC §12) on the management port only (SPEC §14), and the OpenAPI document
 * (SPEC §10) on the application port.
 */
class OperationsEndpointsTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void healthAndItsLivenessAndReadinessGroupsReportUpOnTheManagementPort() throws Exception {
    for (String path : new String[] {"/health", "/health/liveness", "/health/readiness"}) {
      HttpResponse<String> response = management(path);

      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).path("status").asString()).as(path).isEqualTo("UP");
    }
  }

  @Test
  void metricsServePrometheusTextWithJvmMetricsTaggedWithTheApplicationOnTheManagementPort() throws Exception {
    HttpResponse<String> response = management("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body().lines())
        .anySatisfy(line -> assertThat(line)
            .startsWith("jvm_memory_used_bytes{")
            .contains("application=\"event-api\""));
  }

  @Test
  void theApplicationPortAnswersNeitherHealthNorMetrics() throws Exception {
    for (String path : new String[] {"/health", "/health/liveness", "/health/readiness", "/metrics"}) {
      assertThat(send("GET", path, null, null, null, Map.of()).statusCode()).as(path + " without a token")
          .isEqualTo(401);
      assertThat(send("GET", path, TOKEN, null, null, Map.of()).statusCode()).as(path + " with a token")
          .isEqualTo(404);
    }
  }

  @Test
  void theOpenApiDocumentDescribesEveryEndpointWithoutAToken() throws Exception {
    HttpResponse<String> response = send("GET", "/v3/api-docs", null, null, null, Map.of());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(response.body());
    assertThat(doc.path("openapi").asString()).startsWith("3.");
    Map<String, List<String>> expected = Map.of(
        "/api/v1/crm/events", List.of("post"),
        "/api/v1/crm/leads/{leadId}", List.of("get", "put"),
        "/api/v1/crm/cadences", List.of("post"),
        "/api/v1/webhooks/call-ended", List.of("post"),
        "/api/v1/sessions", List.of("post"),
        "/api/salesforce/oauth/initiate", List.of("get"),
        "/api/salesforce/oauth/callback", List.of("get"),
        "/api/salesforce/status", List.of("get"),
        "/api/salesforce/disconnect", List.of("delete"),
        "/api/salesforce/test-sync", List.of("post"));
    expected.forEach((path, methods) -> methods.forEach(method ->
        assertThat(doc.path("paths").path(path).has(method)).as(method + " " + path).isTrue()));
  }
}
