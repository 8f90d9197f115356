package io.leadstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import io.leadstream.testkit.postgres.SharedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The service answers its operations endpoints (SPEC §12) on its management port, and only there (SPEC §14). */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OperationsEndpointsTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort private int port;
  @LocalManagementPort private int managementPort;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SinkTestSupport.register(registry, "ops");
  }

  @Test
  void healthAndItsLivenessAndReadinessGroupsReportUpOnTheManagementPort() throws Exception {
    for (String path : new String[] {"/health", "/health/liveness", "/health/readiness"}) {
      HttpResponse<String> response = get(managementPort, path);

      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).path("status").asString()).as(path).isEqualTo("UP");
    }
  }

  @Test
  void metricsServePrometheusTextWithJvmMetricsTaggedWithTheApplicationOnTheManagementPort() throws Exception {
    HttpResponse<String> response = get(managementPort, "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body().lines())
        .anySatisfy(line -> assertThat(line)
            .startsWith("jvm_memory_used_bytes{")
            .contains("application=\"crm-sink\""));
    assertThat(response.body()).contains("crm_sink_consumption_paused", "crm_sink_end_to_end_latency_seconds",
        "crm_sink_optout_latency_seconds_bucket{application=\"crm-sink\",le=\"10.0\"}");
    // Per-partition consumer lag, which ops/prometheus/alerts.yml (ConsumerLagGrowing) and the dashboards read.
    await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(managementPort, "/metrics").body()
        .lines()).anySatisfy(line -> assertThat(line).startsWith("kafka_consumer_fetch_manager_records_lag{")
            .contains("topic=\"lead.state.v1\"")));
  }

  @Test
  void theApplicationPortAnswersNeitherHealthNorMetrics() throws Exception {
    for (String path : new String[] {"/health", "/health/liveness", "/health/readiness", "/metrics"}) {
      assertThat(get(port, path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void readinessFailsWhilePostgresIsUnreachableAndRecoversAfterwards() throws Exception {
    SharedPostgres.get().stop();
    try {
      HttpResponse<String> response = get(managementPort, "/health/readiness");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(response.body()).path("status").asString()).isEqualTo("DOWN");
      assertThat(get(managementPort, "/health/liveness").statusCode()).isEqualTo(200);
    } finally {
      SharedPostgres.get().start();
    }
    // The pool reconnects on its own schedule after the restart: readiness recovers, not instantly.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(get(managementPort, "/health/readiness").statusCode()).isEqualTo(200));
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
