package io.leadstream.sfemu.admin;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadstream.salesforce.metadata.CustomFieldDefinition;
import io.leadstream.salesforce.metadata.SalesforceMetadata;
import io.leadstream.salesforce.preflight.DescribedObject;
import io.leadstream.salesforce.preflight.Preflight;
import io.leadstream.salesforce.preflight.SetupProblem;
import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An emulated org is set up exactly as the SFDX project in salesforce/ deploys, and its admin can
 * undo parts of that setup — delete a custom field, untick its External ID flag, make it read-only or
 * invisible to the integration user — which describe, writes and queries then show as a real org does.
 */
class OrgSetupChangesTest extends EmulatorTest {

  private EmulatorClient admin() {
    return new EmulatorClient(emulator.adminBaseUrl(), null);
  }

  @Test
  void theOrgHasEveryCustomFieldOfTheSetupAsDefinedAndPassesThePreflight() {
    for (String object : Preflight.OBJECTS) {
      for (CustomFieldDefinition def : SalesforceMetadata.bundled().customFieldsOf(object)) {
        JsonNode f = describedField(object, def.apiName());
        assertThat(f).as("%s.%s", object, def.apiName()).isNotNull();
        assertThat(f.path("type").asString()).isEqualTo(def.describeType());
        if (def.length() > 0) {
          assertThat(f.path("length").asInt()).isEqualTo(def.length());
        }
        assertThat(f.path("externalId").asBoolean()).isEqualTo(def.externalId());
        assertThat(f.path("unique").asBoolean()).isEqualTo(def.unique());
        assertThat(f.path("custom").asBoolean()).isTrue();
      }
    }
    // Activity fields are one field of Task and Event.
    assertThat(describedField("Event", "Voice_Call_Id__c")).isNotNull();
    assertThat(Preflight.bundled().check(Map.of(), true, describes())).isEmpty();
  }

  @Test
  void aDeletedCustomFieldIsGoneFromDescribeAndWritesNamingItFailUntilTheSchemaIsRestored() {
    String before = emulator.seed("Task", Map.of("Subject", "kept", "Voice_Call_Id__c", "call-0"));

    assertThat(admin().delete("/__admin/schema/Task/fields/Voice_Call_Id__c").status()).isEqualTo(204);

    assertThat(describedField("Task", "Voice_Call_Id__c")).isNull();
    assertThat(describedField("Event", "Voice_Call_Id__c")).as("an Activity field").isNull();
    Reply upsert = api.patch(V + "/composite/sobjects/Task/Voice_Call_Id__c", Map.of("records", List.of(
        Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", "call-1", "Subject", "s"))));
    assertThat(upsert.status()).isEqualTo(404);
    assertThat(upsert.errorCode()).isEqualTo("NOT_FOUND");
    Reply create = api.post(V + "/sobjects/Task", Map.of("Subject", "s", "Voice_Call_Id__c", "call-2"));
    assertThat(create.status()).isEqualTo(400);
    assertThat(create.errorCode()).isEqualTo("INVALID_FIELD");
    assertThat(api.query("SELECT Voice_Call_Id__c FROM Task").errorCode()).isEqualTo("INVALID_FIELD");
    assertThat(Preflight.bundled().check(Map.of(), false, describes())).extracting(SetupProblem::where)
        .containsExactly("Task.Voice_Call_Id__c");

    assertThat(admin().delete("/__admin/schema").status()).isEqualTo(204);
    assertThat(describedField("Task", "Voice_Call_Id__c")).isNotNull();
    assertThat(api.get(V + "/sobjects/Task/" + before).json().path("Voice_Call_Id__c").asString())
        .as("an undeleted field has its values").isEqualTo("call-0");
    Reply again = api.patch(V + "/sobjects/Task/Voice_Call_Id__c/call-0", Map.of("Subject", "again"));
    assertThat(again.json().path("id").asString()).as("and is an upsert key again").isEqualTo(before);
  }

  @Test
  void aFieldWhoseExternalIdFlagIsDroppedIsNoLongerAnUpsertKey() {
    assertThat(admin().patch("/__admin/schema/Activity/fields/Voice_Appointment_Id__c",
        Map.of("externalId", false, "unique", false)).status()).isEqualTo(204);

    JsonNode f = describedField("Event", "Voice_Appointment_Id__c");
    assertThat(f.path("externalId").asBoolean()).isFalse();
    assertThat(f.path("idLookup").asBoolean()).isFalse();
    assertThat(f.path("unique").asBoolean()).isFalse();
    Reply upsert = api.patch(V + "/sobjects/Event/Voice_Appointment_Id__c/a-1",
        Map.of("StartDateTime", "2031-01-01T09:00:00.000+0000", "DurationInMinutes", 30));
    assertThat(upsert.status()).isEqualTo(400);
    assertThat(upsert.errorCode()).isEqualTo("INVALID_FIELD");
    assertThat(Preflight.bundled().check(Map.of(), false, describes()))
        .extracting(SetupProblem::where, SetupProblem::kind).containsExactly(
            tuple("Event.Voice_Appointment_Id__c", SetupProblem.Kind.NOT_EXTERNAL_ID),
            tuple("Event.Voice_Appointment_Id__c", SetupProblem.Kind.NOT_UNIQUE));

    emulator.admin().editField("Event", "Voice_Appointment_Id__c", new FieldEdit(null, null, 40));
    assertThat(describedField("Task", "Voice_Appointment_Id__c").path("length").asInt()).isEqualTo(40);
  }

  @Test
  void aFieldReadOnlyForTheIntegrationUserIsNotWritableAndAHiddenOneIsAsGoodAsMissing() {
    String lead = emulator.seed("Lead", Map.of("LastName", "Doe", "Company", "Acme"));
    assertThat(admin().send("PUT", "/__admin/field-permissions/Lead/Voice_Agent_Total_Calls__c",
        Map.of("readable", true, "editable", false), Map.of()).status()).isEqualTo(204);

    JsonNode f = describedField("Lead", "Voice_Agent_Total_Calls__c");
    assertThat(f.path("createable").asBoolean()).isFalse();
    assertThat(f.path("updateable").asBoolean()).isFalse();
    Reply update = api.patch(V + "/sobjects/Lead/" + lead, Map.of("Voice_Agent_Total_Calls__c", 3));
    assertThat(update.status()).isEqualTo(400);
    assertThat(update.errorCode()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
    assertThat(update.json().get(0).path("fields").get(0).asString()).isEqualTo("Voice_Agent_Total_Calls__c");
    assertThat(api.query("SELECT Voice_Agent_Total_Calls__c FROM Lead").status()).as("still readable").isEqualTo(200);
    assertThat(describedField("Contact", "Voice_Agent_Total_Calls__c").path("updateable").asBoolean())
        .as("Contact's field is another field").isTrue();
    assertThat(Preflight.bundled().check(Map.of(), false, describes()))
        .extracting(SetupProblem::where, SetupProblem::kind)
        .containsExactly(tuple("Lead.Voice_Agent_Total_Calls__c",
            SetupProblem.Kind.NOT_WRITABLE));

    emulator.admin().setFieldPermission("Lead", "DoNotCall", false, false);
    assertThat(describedField("Lead", "DoNotCall")).isNull();
    assertThat(api.patch(V + "/sobjects/Lead/" + lead, Map.of("DoNotCall", true)).errorCode()).isEqualTo("INVALID_FIELD");

    emulator.admin().reset();
    assertThat(describedField("Lead", "Voice_Agent_Total_Calls__c").path("updateable").asBoolean()).isTrue();
    assertThat(describedField("Lead", "DoNotCall")).isNotNull();
  }

  @Test
  void onlyCustomFieldsCanBeDeletedAndOnlyExistingOnesChanged() {
    Reply standard = admin().delete("/__admin/schema/Lead/fields/Email");
    assertThat(standard.status()).isEqualTo(400);
    Reply unknown = admin().send("PUT", "/__admin/field-permissions/Lead/Nope__c", Map.of("editable", false), Map.of());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(describedField("Lead", "Email")).isNotNull();
  }

  private JsonNode describedField(String object, String field) {
    Reply d = api.get(V + "/sobjects/" + object + "/describe");
    assertThat(d.status()).isEqualTo(200);
    return d.json().path("fields").valueStream().filter(f -> f.path("name").asString().equals(field)).findFirst()
        .orElse(null);
  }

  private Map<String, DescribedObject> describes() {
    Map<String, DescribedObject> out = new LinkedHashMap<>();
    for (String object : Preflight.OBJECTS) {
      out.put(object, DescribedObject.fromDescribe(api.get(V + "/sobjects/" + object + "/describe").json()));
    }
    return out;
  }
}
