package io.leadstream.sfemu.rest;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Task or Event may not name a converted Lead as WhoId: real orgs answer CANNOT_UPDATE_CONVERTED_LEAD. */
class ConvertedLeadReferencesTest extends EmulatorTest {

  private String convertedLead;

  @BeforeEach
  void seedAConvertedLead() {
    String contact = emulator.seed("Contact", Map.of("LastName", "Converted"));
    convertedLead = emulator.seed("Lead", Map.of("LastName", "Old", "Company", "Acme", "IsConverted", true,
        "ConvertedContactId", contact));
  }

  @Test
  void creatingATaskOnAConvertedLeadFails() {
    Reply r = api.post(V + "/sobjects/Task", Map.of("Subject", "Call", "WhoId", convertedLead));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
    assertThat(r.json().get(0).get("message").asString()).isEqualTo("cannot reference converted lead");
    assertThat(emulator.records("Task")).isEmpty();
  }

  @Test
  void upsertingAnEventOnAConvertedLeadFails() {
    Reply r = api.patch(V + "/sobjects/Event/Voice_Appointment_Id__c/a-1", Map.of("WhoId", convertedLead,
        "StartDateTime", "2030-01-01T10:00:00Z", "DurationInMinutes", 30));

    assertThat(r.errorCode()).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
  }

  @Test
  void movingAnExistingTaskOntoAConvertedLeadFails() {
    String task = emulator.seed("Task", Map.of("Subject", "Call"));

    Reply r = api.patch(V + "/sobjects/Task/" + task, Map.of("WhoId", convertedLead));

    assertThat(r.errorCode()).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
  }

  @Test
  void inACollectionsUpsertOnlyTheTaskOnTheConvertedLeadFails() {
    String openLead = emulator.seed("Lead", Map.of("LastName", "Open", "Company", "Acme"));

    Reply r = api.patch(V + "/composite/sobjects/Task/Voice_Call_Id__c", Map.of("records", List.of(
        Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", "c-1", "WhoId", convertedLead),
        Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", "c-2", "WhoId", openLead))));

    assertThat(r.json().get(0).at("/errors/0/statusCode").asString()).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
    assertThat(r.json().get(1).get("success").asBoolean()).isTrue();
  }

  @Test
  void theOldSilentAttachmentCanBeConfigured() {
    EmulatorConfig lenient = EmulatorConfig.defaults()
        .withBehaviours(OrgBehaviours.defaults().withConvertedLeadReferencesRejected(false));
    try (SalesforceEmulator old = SalesforceEmulator.start(lenient)) {
      String lead = old.seed("Lead", Map.of("LastName", "Old", "Company", "Acme", "IsConverted", true));

      Reply r = new EmulatorClient(old.baseUrl(), old.accessToken()).post(V + "/sobjects/Task", Map.of("WhoId", lead));

      assertThat(r.status()).isEqualTo(201);
    }
  }
}
