package io.leadstream.sfemu.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Orgs serve API versions up to v66.0 (Spring '26); sObject Collections exist from v42.0 and their upsert from
 * v46.0, below which the resource does not exist.
 */
class ApiVersionsTest extends EmulatorTest {

  private static Map<String, Object> task(String callId) {
    return Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", callId);
  }

  @Test
  void v66IsServedAndListedAsSpring26() {
    assertThat(api.get("/services/data/v66.0/limits").status()).isEqualTo(200);
    JsonNode versions = api.get("/services/data/").json();
    JsonNode newest = versions.get(versions.size() - 1);
    assertThat(newest.get("version").asString()).isEqualTo("66.0");
    assertThat(newest.get("label").asString()).isEqualTo("Spring '26");
  }

  @Test
  void aVersionAfterV66IsNotFound() {
    assertThat(api.get("/services/data/v67.0/limits").status()).isEqualTo(404);
  }

  @Test
  void collectionsUpsertBelowV46IsNotFound() {
    Reply r = api.patch("/services/data/v45.0/composite/sobjects/Task/Voice_Call_Id__c", Map.of("records", List.of(task("c1"))));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(r.json().get(0).get("message").asString()).isEqualTo("The requested resource does not exist");
    assertThat(emulator.records("Task")).isEmpty();
  }

  @Test
  void collectionsUpsertFromV46Works() {
    Reply r = api.patch("/services/data/v46.0/composite/sobjects/Task/Voice_Call_Id__c", Map.of("records", List.of(task("c1"))));

    assertThat(r.json().get(0).get("success").asBoolean()).isTrue();
  }

  @Test
  void collectionsCreateBelowV42IsNotFoundAndFromV42Works() {
    Map<String, Object> body = Map.of("records", List.of(Map.of("attributes", Map.of("type", "Account"), "Name", "A")));

    assertThat(api.post("/services/data/v41.0/composite/sobjects", body).status()).isEqualTo(404);
    assertThat(api.post("/services/data/v42.0/composite/sobjects", body).status()).isEqualTo(200);
  }
}
