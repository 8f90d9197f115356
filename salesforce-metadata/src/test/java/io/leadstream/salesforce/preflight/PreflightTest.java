package io.leadstream.salesforce.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadstream.salesforce.metadata.CustomFieldDefinition;
import io.leadstream.salesforce.metadata.SalesforceMetadata;
import io.leadstream.salesforce.preflight.SetupProblem.Kind;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Each way an org can fall short of the setup, reported by object and field. */
class PreflightTest {
  private final Preflight preflight = Preflight.bundled();

  @Test
  void anOrgWithTheDeployedSetupHasNoProblems() {
    assertThat(preflight.check(Map.of(), true, completeOrg())).isEmpty();
  }

  @Test
  void aMissingFieldIsNamed() {
    List<SetupProblem> problems = preflight.check(Map.of(), false,
        without(completeOrg(), "Task", "Voice_Call_Id__c"));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.where()).isEqualTo("Task.Voice_Call_Id__c");
      assertThat(p.kind()).isEqualTo(Kind.MISSING);
      assertThat(p.message()).startsWith("Task.Voice_Call_Id__c is missing");
    });
  }

  @Test
  void aFieldOfAnotherTypeIsNamedWithTheTypeItNeeds() {
    List<SetupProblem> problems = preflight.check(Map.of(), false,
        change(completeOrg(), "Lead", "Voice_Agent_Total_Calls__c", f -> field(f.name(), "string", 255, false, false)));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.WRONG_TYPE);
      assertThat(p.message()).isEqualTo("Lead.Voice_Agent_Total_Calls__c is of type string, needs double (Number)");
    });
  }

  @Test
  void aTextFieldShorterThanItsDefinitionIsNamedWithBothLengths() {
    List<SetupProblem> problems = preflight.check(Map.of(), false,
        change(completeOrg(), "Contact", "Voice_Agent_Identified_Use_Case__c", f -> field(f.name(), "string", 80,
            false, false)));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.TOO_SHORT);
      assertThat(p.message()).isEqualTo("Contact.Voice_Agent_Identified_Use_Case__c holds 80 characters, needs 255");
    });
  }

  @Test
  void anUpsertKeyWithoutItsExternalIdOrUniqueFlagIsNamed() {
    Map<String, DescribedObject> org = change(completeOrg(), "Event", "Voice_Appointment_Id__c",
        f -> field(f.name(), "string", 255, false, true));
    org = change(org, "Task", "Voice_Call_Id__c", f -> field(f.name(), "string", 255, true, false));

    assertThat(preflight.check(Map.of(), false, org)).extracting(SetupProblem::where, SetupProblem::kind)
        .containsExactly(tuple("Task.Voice_Call_Id__c", Kind.NOT_UNIQUE),
            tuple("Event.Voice_Appointment_Id__c", Kind.NOT_EXTERNAL_ID));
  }

  @Test
  void aFieldTheIntegrationUserMayNotWriteIsNamed() {
    Map<String, DescribedObject> org = change(completeOrg(), "Lead", "DoNotCall",
        f -> new DescribedField(f.name(), "boolean", 0, false, false, true, false));
    // An upsert key must be createable too: the upsert creates the Task.
    org = change(org, "Task", "Voice_Call_Id__c", f -> new DescribedField(f.name(), "string", 255, true, true, false,
        true));

    List<SetupProblem> problems = preflight.check(Map.of(), false, org);

    assertThat(problems).extracting(SetupProblem::where, SetupProblem::kind)
        .containsExactly(tuple("Lead.DoNotCall", Kind.NOT_WRITABLE), tuple("Task.Voice_Call_Id__c", Kind.NOT_WRITABLE));
    assertThat(problems.get(0).message()).contains("read-only for the integration user");
  }

  @Test
  void anObjectTheIntegrationUserCannotSeeOrWriteIsNamed() {
    Map<String, DescribedObject> org = new LinkedHashMap<>(completeOrg());
    org.remove("Event");
    DescribedObject task = org.get("Task");
    org.put("Task", new DescribedObject("Task", false, true, task.fields()));

    assertThat(preflight.check(Map.of(), false, org)).extracting(SetupProblem::where, SetupProblem::kind)
        .containsExactly(tuple("Task", Kind.OBJECT_NOT_WRITABLE), tuple("Event", Kind.OBJECT_NOT_ACCESSIBLE));
  }

  @Test
  void theWorkspacesMappedNamesAreCheckedNotTheDefaults() {
    Map<String, String> mapping = Map.of("taskExternalId", "Call_Ref__c");

    assertThat(preflight.check(mapping, false, completeOrg())).singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("Task.Call_Ref__c is missing"));

    Map<String, DescribedObject> org = without(completeOrg(), "Task", "Voice_Call_Id__c");
    Map<String, DescribedField> fields = new HashMap<>(org.get("Task").fields());
    fields.put("call_ref__c", field("Call_Ref__c", "string", 255, true, true));
    org.put("Task", new DescribedObject("Task", true, true, fields));
    assertThat(preflight.check(mapping, false, org)).isEmpty();
  }

  @Test
  void theCreatedLeadsKeyAndLeadCreationAreOnlyNeededByAWorkspaceThatCreatesLeads() {
    Map<String, DescribedObject> org = without(completeOrg(), "Lead", "Voice_Lead_Key__c");
    org.put("Lead", new DescribedObject("Lead", false, true, org.get("Lead").fields()));

    assertThat(preflight.check(Map.of(), false, org)).isEmpty();
    assertThat(preflight.check(Map.of(), true, org)).extracting(SetupProblem::where, SetupProblem::kind)
        .containsExactly(tuple("Lead", Kind.OBJECT_NOT_WRITABLE), tuple("Lead.Voice_Lead_Key__c", Kind.MISSING));
  }

  @Test
  void aDescribeAnswerIsReadAsTheApiSendsIt() {
    DescribedObject task = DescribedObject.fromDescribe(JsonMapper.builder().build().readTree("""
        {"name": "Task", "createable": true, "updateable": true, "fields": [
          {"name": "Id", "type": "id", "length": 18, "externalId": false, "unique": false, "createable": false,
           "updateable": false, "idLookup": true},
          {"name": "Voice_Call_Id__c", "type": "string", "length": 255, "externalId": true, "unique": true,
           "createable": true, "updateable": true, "idLookup": true, "custom": true}]}"""));

    assertThat(task.field("VOICE_CALL_ID__C")).get()
        .isEqualTo(new DescribedField("Voice_Call_Id__c", "string", 255, true, true, true, true));
    assertThat(task.field("Id")).get().extracting(DescribedField::updateable).isEqualTo(false);
    assertThat(task.createable()).isTrue();
  }

  @Test
  void theSummaryNamesEveryProblem() {
    List<SetupProblem> problems = preflight.check(Map.of(), false,
        without(without(completeOrg(), "Task", "Voice_Call_Id__c"), "Contact", "Voice_Agent_Team_Size__c"));

    assertThat(SetupProblem.summary(problems)).startsWith("org setup incomplete: ")
        .contains("Contact.Voice_Agent_Team_Size__c is missing").contains("Task.Voice_Call_Id__c is missing");
  }

  // ------------------------------------------------------------------ an org, as its describes answer

  /** Lead, Contact, Task and Event with the project's custom fields and the standard opt-out flags, all writable. */
  static Map<String, DescribedObject> completeOrg() {
    Map<String, DescribedObject> org = new LinkedHashMap<>();
    for (String object : Preflight.OBJECTS) {
      Map<String, DescribedField> fields = new LinkedHashMap<>();
      fields.put("Id", new DescribedField("Id", "id", 18, false, false, false, false));
      for (CustomFieldDefinition def : SalesforceMetadata.bundled().customFieldsOf(object)) {
        fields.put(def.apiName(), field(def.apiName(), def.describeType(), def.length(), def.externalId(), def.unique()));
      }
      if (object.equals("Lead") || object.equals("Contact")) {
        fields.put("DoNotCall", field("DoNotCall", "boolean", 0, false, false));
        fields.put("HasOptedOutOfEmail", field("HasOptedOutOfEmail", "boolean", 0, false, false));
      }
      org.put(object, new DescribedObject(object, true, true, fields));
    }
    return org;
  }

  static DescribedField field(String name, String type, int length, boolean externalId, boolean unique) {
    return new DescribedField(name, type, length, externalId, unique, true, true);
  }

  static Map<String, DescribedObject> without(Map<String, DescribedObject> org, String object, String field) {
    return change(org, object, field, null);
  }

  /** The org with one field replaced ({@code null}: removed). */
  static Map<String, DescribedObject> change(Map<String, DescribedObject> org, String object, String field,
                                             UnaryOperator<DescribedField> change) {
    DescribedObject o = org.get(object);
    Map<String, DescribedField> fields = new LinkedHashMap<>(o.fields());
    DescribedField old = o.field(field).orElseThrow();
    fields.remove(old.name().toLowerCase(java.util.Locale.ROOT));
    if (change != null) {
      fields.put(field, change.apply(old));
    }
    Map<String, DescribedObject> out = new LinkedHashMap<>(org);
    out.put(object, new DescribedObject(object, o.createable(), o.updateable(), fields));
    return out;
  }
}
