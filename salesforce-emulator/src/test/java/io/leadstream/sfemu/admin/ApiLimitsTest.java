package io.leadstream.sfemu.admin;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The org's daily API limit as Sforce-Limit-Info reports it and as real orgs refuse requests past it. */
class ApiLimitsTest extends EmulatorTest {

  private EmulatorClient admin() {
    return new EmulatorClient(emulator.adminBaseUrl(), null);
  }

  @AfterEach
  void restoreTheLimit() {
    java.util.HashMap<String, Object> defaults = new java.util.HashMap<>(Map.of("max", 15_000));
    defaults.put("appName", null);
    admin().send("PUT", "/__admin/limits", defaults, Map.of());
  }

  @Test
  void anExhaustedLimitAnswersTheRealRequestLimitBody() {
    admin().post("/__admin/limits/exhaust", Map.of());

    Reply r = api.get(V + "/limits");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get(0).get("message").asString()).isEqualTo("TotalRequests Limit exceeded.");
  }

  @Test
  void usageBeyondTheLimitShowsInTheHeaderAndIsRefused() {
    admin().send("PUT", "/__admin/limits", Map.of("max", 100_000, "used", 110_018), Map.of());

    Reply r = api.get(V + "/limits");
    assertThat(r.header("Sforce-Limit-Info")).contains("api-usage=110018/100000");
    assertThat(r.errorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
  }

  @Test
  void resettingUsageEndsTheRefusal() {
    admin().send("PUT", "/__admin/limits", Map.of("used", 20_000), Map.of());
    assertThat(api.get(V + "/limits").status()).isEqualTo(403);

    admin().post("/__admin/limits/reset", Map.of());

    assertThat(api.get(V + "/limits").header("Sforce-Limit-Info")).contains("api-usage=1/15000");
  }

  @Test
  void aConnectedAppsUsageIsReportedAfterTheOrgsSeparatedBySemicolonSpace() {
    admin().send("PUT", "/__admin/limits", Map.of("appName", "leadstream", "appMax", 250), Map.of());

    api.get(V + "/limits");
    Reply second = api.get(V + "/limits");

    assertThat(second.header("Sforce-Limit-Info")).contains("api-usage=2/15000; per-app-api-usage=2/250(appName=leadstream)");
  }

  @Test
  void theConnectedAppCanBeConfigured() {
    EmulatorConfig config = EmulatorConfig.defaults().withBehaviours(OrgBehaviours.defaults().withPerAppApiLimit("sink", 500));
    try (SalesforceEmulator withApp = SalesforceEmulator.start(config)) {
      Reply r = new EmulatorClient(withApp.baseUrl(), withApp.accessToken()).get(V + "/limits");

      assertThat(r.header("Sforce-Limit-Info")).contains("api-usage=1/15000; per-app-api-usage=1/500(appName=sink)");
    }
  }

  @Test
  void withoutAConnectedAppTheHeaderHasOnlyTheOrgsUsage() {
    assertThat(api.get(V + "/limits").header("Sforce-Limit-Info")).contains("api-usage=1/15000")
        .hasValueSatisfying(h -> assertThat(h).doesNotContain("per-app"));
  }
}
