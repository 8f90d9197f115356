package io.leadstream.sfemu.admin;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsAndAdminTest extends EmulatorTest {

  private EmulatorClient admin() {
    return new EmulatorClient(emulator.adminBaseUrl(), null);
  }

  @Test
  void serverUnavailableBurstHitsExactlyTheNextRequests() {
    admin().post("/__admin/faults/server-unavailable", Map.of("count", 2));
    assertThat(api.get(V + "/limits").status()).isEqualTo(503);
    Reply second = api.get(V + "/limits");
    assertThat(second.status()).isEqualTo(503);
    assertThat(second.errorCode()).isEqualTo("SERVER_UNAVAILABLE");
    assertThat(api.get(V + "/limits").status()).isEqualTo(200);
  }

  @Test
  void expiredTokensAnswer401UntilANewTokenIsObtained() {
    admin().post("/__admin/faults/expire-tokens", Map.of());
    Reply r = api.get(V + "/limits");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorCode()).isEqualTo("INVALID_SESSION_ID");
    assertThat(api.withToken(emulator.accessToken()).get(V + "/limits").status()).isEqualTo(200);
    assertThat(api.withToken(null).get(V + "/limits").status()).isEqualTo(401);
  }

  @Test
  void exhaustedDailyLimitAnswers403UntilUsageIsReset() {
    admin().post("/__admin/limits/exhaust", Map.of());
    Reply r = api.get(V + "/limits");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.errorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    assertThat(r.header("Sforce-Limit-Info")).contains("api-usage=15000/15000");
    admin().post("/__admin/limits/reset", Map.of());
    assertThat(api.get(V + "/limits").status()).isEqualTo(200);
  }

  @Test
  void theDailyLimitIsSpentRequestByRequest() {
    admin().send("PUT", "/__admin/limits", Map.of("max", 2), Map.of());
    assertThat(api.get(V + "/limits").status()).isEqualTo(200);
    assertThat(api.get(V + "/limits").header("Sforce-Limit-Info")).contains("api-usage=2/2");
    assertThat(api.get(V + "/limits").status()).isEqualTo(403);
  }

  @Test
  void aValidationRuleRefusesTheRecordsItMatchesUntilItIsDeactivated() {
    admin().post("/__admin/validation-rules", Map.of("object", "Contact", "field", "LastName", "value", "Blocked",
        "message", "Last name may not be Blocked"));
    Reply refused = api.post(V + "/sobjects/Contact", Map.of("LastName", "Blocked"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorCode()).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    assertThat(refused.text()).contains("Last name may not be Blocked");
    assertThat(api.post(V + "/sobjects/Contact", Map.of("LastName", "Fine")).status()).isEqualTo(201);

    admin().send("DELETE", "/__admin/validation-rules", null, Map.of());
    assertThat(api.post(V + "/sobjects/Contact", Map.of("LastName", "Blocked")).status()).isEqualTo(201);
  }

  @Test
  void unableToLockRowFailsSingleRecordWrites() {
    admin().post("/__admin/faults/unable-to-lock-row", Map.of("count", 1));
    assertThat(api.post(V + "/sobjects/Account", Map.of("Name", "A")).errorCode()).isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(api.post(V + "/sobjects/Account", Map.of("Name", "A")).status()).isEqualTo(201);
  }

  @Test
  void latencyDelaysResponses() {
    emulator.admin().latency(Duration.ofMillis(150));
    long start = System.nanoTime();
    api.get(V + "/limits");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    emulator.admin().clearFaults();
  }

  @Test
  void seedReadAndCountOverHttp() {
    Reply seeded = admin().post("/__admin/records/Lead", List.of(
        Map.of("LastName", "A", "Company", "C", "IsConverted", true),
        Map.of("LastName", "B", "Company", "C")));
    assertThat(seeded.status()).isEqualTo(201);
    assertThat(seeded.json().get("ids").size()).isEqualTo(2);
    api.query("SELECT Id FROM Lead");
    api.query("SELECT Id FROM Lead");
    Reply all = admin().get("/__admin/records/Lead");
    assertThat(all.json().get(0).get("IsConverted").asBoolean()).isTrue();
    Reply counts = admin().get("/__admin/requests");
    assertThat(counts.json().at("/byOperation/query").asInt()).isEqualTo(2);
    assertThat(counts.json().get("total").asInt()).isEqualTo(2);
    admin().post("/__admin/reset", Map.of());
    assertThat(admin().get("/__admin/records/Lead").json().size()).isZero();
    assertThat(admin().get("/__admin/requests").json().get("total").asInt()).isZero();
  }
}
