package io.leadstream.sfemu.fault;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Outages as real orgs have them: for a time rather than a number of requests, answering 503 SERVER_UNAVAILABLE,
 * 403 REQUEST_LIMIT_EXCEEDED with Salesforce's body, or an HTML page from the edge instead of JSON.
 */
class OutageFaultsTest extends EmulatorTest {

  private EmulatorClient admin() {
    return new EmulatorClient(emulator.adminBaseUrl(), null);
  }

  private Reply limits() {
    return api.get(V + "/limits");
  }

  /** Polls until the API answers 200 again; fails the test after {@code max}. */
  private Duration timeUntilAvailable(Duration max) throws InterruptedException {
    long start = System.nanoTime();
    while (limits().status() != 200) {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("still failing").isLessThan(max);
      Thread.sleep(50);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @AfterEach
  void clearFaults() {
    emulator.admin().clearFaults();
  }

  @Test
  void serverUnavailableForSecondsFailsEveryRequestUntilTheWindowEnds() throws InterruptedException {
    admin().post("/__admin/faults/server-unavailable", Map.of("seconds", 0.6));

    for (int i = 0; i < 5; i++) {
      Reply r = limits();
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.errorCode()).isEqualTo("SERVER_UNAVAILABLE");
    }
    assertThat(timeUntilAvailable(Duration.ofSeconds(5))).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void requestLimitExceededAnswersTheRealBodyForTheNextRequests() {
    admin().post("/__admin/faults/request-limit-exceeded", Map.of("count", 2));

    Reply r = limits();
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get(0).get("errorCode").asString()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    assertThat(r.json().get(0).get("message").asString()).isEqualTo("TotalRequests Limit exceeded.");
    assertThat(limits().status()).isEqualTo(403);
    assertThat(limits().status()).isEqualTo(200);
  }

  @Test
  void requestLimitExceededForSecondsLastsTheWindowAndSpendsNoUsage() throws InterruptedException {
    admin().post("/__admin/faults/request-limit-exceeded", Map.of("seconds", 0.6));

    assertThat(limits().status()).isEqualTo(403);
    assertThat(limits().status()).isEqualTo(403);
    assertThat(emulator.admin().apiUsage()).isZero();
    timeUntilAvailable(Duration.ofSeconds(5));
  }

  @Test
  void clearingFaultsEndsATimeWindowAtOnce() {
    admin().post("/__admin/faults/server-unavailable", Map.of("seconds", 300));
    admin().post("/__admin/faults/request-limit-exceeded", Map.of("seconds", 300));
    assertThat(limits().status()).isEqualTo(503);

    admin().delete("/__admin/faults");

    assertThat(limits().status()).isEqualTo(200);
  }

  @Test
  void anHtmlMaintenancePageAnswers503AsTextHtml() {
    admin().post("/__admin/faults/html-error", Map.of("status", 503, "count", 1));

    Reply r = limits();
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
    assertThat(r.text()).contains("We are down for maintenance.").doesNotStartWith("[").doesNotStartWith("{");
    assertThat(limits().status()).isEqualTo(200);
  }

  @Test
  void anHtmlGatewayErrorHitsTheTokenEndpointToo() {
    admin().post("/__admin/faults/html-error", Map.of("status", 502, "count", 1));

    Reply r = new EmulatorClient(emulator.baseUrl(), null).form("/services/oauth2/token", Map.of(
        "grant_type", "client_credentials", "client_id", "test-client", "client_secret", "test-secret"));
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
    assertThat(r.text()).contains("<html");
  }

  @Test
  void htmlErrorsForSecondsLastTheWindow() throws InterruptedException {
    admin().post("/__admin/faults/html-error", Map.of("status", 503, "seconds", 0.6));

    assertThat(limits().status()).isEqualTo(503);
    assertThat(limits().text()).contains("maintenance");
    timeUntilAvailable(Duration.ofSeconds(5));
  }

  @Test
  void htmlErrorsOnlyTake502Or503() {
    Reply r = admin().post("/__admin/faults/html-error", Map.of("status", 500, "count", 1));

    assertThat(r.status()).isEqualTo(400);
    assertThat(limits().status()).isEqualTo(200);
  }
}
