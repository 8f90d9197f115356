package io.leadstream.sfemu.rest;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SObjectEndpointsTest extends EmulatorTest {

  private String createLead() {
    return api.post(V + "/sobjects/Lead", Map.of("LastName", "Doe", "Company", "Acme", "Phone", "415-555-0100")).json().get("id").asString();
  }

  @Test
  void createAnswers201WithIdSuccessAndErrors() {
    Reply r = api.post(V + "/sobjects/Lead", Map.of("LastName", "Doe", "Company", "Acme"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("id").asString()).startsWith("00Q").hasSize(18);
    assertThat(r.json().get("success").asBoolean()).isTrue();
    assertThat(r.json().get("errors").isEmpty()).isTrue();
  }

  @Test
  void createValidationErrorsUseTheRestErrorShape() {
    Reply r = api.post(V + "/sobjects/Lead", Map.of("Company", "Acme"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get(0).get("errorCode").asString()).isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(r.json().get(0).get("fields").get(0).asString()).isEqualTo("LastName");
    assertThat(r.json().get(0).has("message")).isTrue();
    assertThat(api.post(V + "/sobjects/Lead", "{not json").errorCode()).isEqualTo("JSON_PARSER_ERROR");
  }

  @Test
  void getReturnsAttributesAndEveryFieldOrTheRequestedOnes() {
    String id = createLead();
    Reply full = api.get(V + "/sobjects/Lead/" + id);
    assertThat(full.json().at("/attributes/url").asString()).isEqualTo(V + "/sobjects/Lead/" + id);
    assertThat(full.json().get("Voice_Agent_Meeting_Booked__c").asBoolean()).isFalse();
    assertThat(full.json().has("Voice_Agent_Team_Size__c")).isTrue();
    Reply some = api.get(V + "/sobjects/Lead/" + id.substring(0, 15) + "?fields=Phone");
    assertThat(some.json().propertyNames()).containsExactly("attributes", "Phone");
  }

  @Test
  void patchAnswers204AndDeleteAnswers204ThenTheRecordIsGone() {
    String id = createLead();
    assertThat(api.patch(V + "/sobjects/Lead/" + id, Map.of("DoNotCall", true)).status()).isEqualTo(204);
    assertThat(api.get(V + "/sobjects/Lead/" + id).json().get("DoNotCall").asBoolean()).isTrue();
    assertThat(api.delete(V + "/sobjects/Lead/" + id).status()).isEqualTo(204);
    assertThat(api.get(V + "/sobjects/Lead/" + id).status()).isEqualTo(404);
    Reply again = api.patch(V + "/sobjects/Lead/" + id, Map.of("DoNotCall", false));
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.errorCode()).isEqualTo("ENTITY_IS_DELETED");
  }

  @Test
  void unknownTypesIdsAndMethodsAreNotFoundOrNotAllowed() {
    assertThat(api.post(V + "/sobjects/Nope", Map.of()).errorCode()).isEqualTo("NOT_FOUND");
    Reply notAnId = api.get(V + "/sobjects/Lead/xyz");
    assertThat(notAnId.status()).isEqualTo(404);
    assertThat(notAnId.json().get(0).get("message").asString()).contains("Provided external ID field does not exist");
    assertThat(api.get(V + "/sobjects/Lead/00Q8d0000000000AAA").errorCode()).isEqualTo("NOT_FOUND");
    assertThat(api.send("PUT", V + "/sobjects/Lead", Map.of(), Map.of()).status()).isEqualTo(405);
    assertThat(api.get("/services/data/v10.0/limits").status()).isEqualTo(404);
  }

  @Test
  void updatingAReadOnlyFieldIsInvalidFieldForInsertUpdate() {
    String id = createLead();
    Reply r = api.patch(V + "/sobjects/Lead/" + id, Map.of("ConvertedContactId", "003000000000000AAA"));
    assertThat(r.errorCode()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
    assertThat(api.patch(V + "/sobjects/Lead/" + id, Map.of("Nope__c", 1)).errorCode()).isEqualTo("INVALID_FIELD");
  }

  @Test
  void versionsDescribeAndLimitsAreServed() {
    Reply versions = new io.leadstream.sfemu.support.EmulatorClient(emulator.baseUrl(), null).get("/services/data/");
    assertThat(versions.json().findValues("version")).extracting(n -> n.asString()).contains("60.0");
    assertThat(versions.json().findValues("label")).extracting(n -> n.asString()).contains("Spring '24");
    Reply describe = api.get(V + "/sobjects/Task/describe");
    assertThat(describe.json().get("keyPrefix").asString()).isEqualTo("00T");
    assertThat(describe.json().get("fields").findValues("name")).extracting(n -> n.asString()).contains("Voice_Call_Id__c");
    assertThat(describe.json().get("fields").valueStream()
        .filter(f -> f.get("name").asString().equals("Voice_Call_Id__c")).findFirst().orElseThrow()
        .get("externalId").asBoolean()).isTrue();
    Reply limits = api.get(V + "/limits");
    assertThat(limits.json().at("/DailyApiRequests/Max").asLong()).isEqualTo(15_000);
    assertThat(limits.json().at("/DailyApiRequests/Remaining").asLong()).isEqualTo(15_000 - 2); // describe, then limits itself
  }

  @Test
  void everyResponseCarriesTheLimitInfoHeader() {
    assertThat(api.get(V + "/limits").header("Sforce-Limit-Info")).contains("api-usage=1/15000");
    assertThat(api.get(V + "/sobjects/Nope/describe").header("Sforce-Limit-Info")).isPresent();
  }
}
