package io.leadstream.sfemu.rest;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositeEndpointTest extends EmulatorTest {

  private static Map<String, Object> sub(String method, String url, String ref, Object body) {
    return body == null ? Map.of("method", method, "url", url, "referenceId", ref)
        : Map.of("method", method, "url", url, "referenceId", ref, "body", body);
  }

  @Test
  void subrequestsReferenceEarlierResults() {
    emulator.seed("Contact", Map.of("LastName", "Known", "Email", "k@x.com"));
    Reply r = api.post(V + "/composite", Map.of("compositeRequest", List.of(
        sub("POST", V + "/sobjects/Account", "acct", Map.of("Name", "Acme")),
        sub("GET", V + "/query?q=SELECT+Id+FROM+Contact+WHERE+Email+%3D+%27k%40x.com%27", "q", null),
        sub("PATCH", V + "/sobjects/Contact/@{q.records[0].Id}", "link", Map.of("AccountId", "@{acct.id}")))));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("compositeResponse").findValues("httpStatusCode")).extracting(n -> n.asInt()).containsExactly(201, 200, 204);
    assertThat(r.json().at("/compositeResponse/0/httpHeaders/Location").asString()).startsWith(V + "/sobjects/Account/001");
    String accountId = r.json().at("/compositeResponse/0/body/id").asString();
    assertThat(emulator.records("Contact").get(0).get("AccountId")).isEqualTo(accountId);
    assertThat(emulator.admin().requestCount("composite")).isEqualTo(1);
    assertThat(emulator.admin().apiUsage()).as("a composite is one API request").isEqualTo(1);
  }

  @Test
  void allOrNoneRollsBackAndHaltsTheOthers() {
    Reply r = api.post(V + "/composite", Map.of("allOrNone", true, "compositeRequest", List.of(
        sub("POST", V + "/sobjects/Account", "ok", Map.of("Name", "Acme")),
        sub("POST", V + "/sobjects/Lead", "bad", Map.of("Company", "no last name")),
        sub("POST", V + "/sobjects/Account", "never", Map.of("Name", "Later")))));
    assertThat(r.json().at("/compositeResponse/0/body/0/errorCode").asString()).isEqualTo("PROCESSING_HALTED");
    assertThat(r.json().at("/compositeResponse/1/body/0/errorCode").asString()).isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(r.json().at("/compositeResponse/2/body/0/errorCode").asString()).isEqualTo("PROCESSING_HALTED");
    assertThat(emulator.records("Account")).isEmpty();
  }

  @Test
  void withoutAllOrNoneAFailedReferenceOnlyFailsItsDependents() {
    Reply r = api.post(V + "/composite", Map.of("compositeRequest", List.of(
        sub("POST", V + "/sobjects/Lead", "bad", Map.of("Company", "no last name")),
        sub("POST", V + "/sobjects/Task", "dependent", Map.of("WhoId", "@{bad.id}")),
        sub("POST", V + "/sobjects/Account", "independent", Map.of("Name", "Acme")))));
    assertThat(r.json().at("/compositeResponse/1/body/0/errorCode").asString()).isEqualTo("PROCESSING_HALTED");
    assertThat(r.json().at("/compositeResponse/2/httpStatusCode").asInt()).isEqualTo(201);
  }

  @Test
  void moreThan25SubrequestsIsRejected() {
    List<Map<String, Object>> subs = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      subs.add(sub("GET", V + "/limits", "r" + i, null));
    }
    assertThat(api.post(V + "/composite", Map.of("compositeRequest", subs)).status()).isEqualTo(400);
  }
}
