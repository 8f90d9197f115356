package io.leadstream.sfemu.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RecordServiceTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Org org = new Org(StandardSchema.create(), Optional.empty());
  private final AtomicInteger lockFaults = new AtomicInteger();
  private final RecordService records = new RecordService(org, () -> lockFaults.getAndUpdate(n -> Math.max(0, n - 1)) > 0);
  private final ObjectDef lead = org.schema().object("Lead").orElseThrow();
  private final ObjectDef task = org.schema().object("Task").orElseThrow();
  private final ObjectDef event = org.schema().object("Event").orElseThrow();

  private static JsonNode json(Object o) {
    return JSON.valueToTree(o);
  }

  private static String codeOf(Runnable r) {
    try {
      r.run();
    } catch (SalesforceException e) {
      return e.first().errorCode();
    }
    throw new AssertionError("no error");
  }

  @Test
  void createAppliesDefaultsAndComputedFields() {
    String id = records.create(lead, json(Map.of("FirstName", "Ada", "LastName", "Lovelace", "Company", "Engines")));
    Map<String, Object> r = records.get(lead, id);
    assertThat(r).containsEntry("Name", "Ada Lovelace").containsEntry("Status", "Open - Not Contacted")
        .containsEntry("IsConverted", false).containsEntry("Email", null);
  }

  @Test
  void missingRequiredFieldsAreListed() {
    assertThatThrownBy(() -> records.create(lead, json(Map.of("FirstName", "x"))))
        .isInstanceOfSatisfying(SalesforceException.class, e -> {
          assertThat(e.first().errorCode()).isEqualTo("REQUIRED_FIELD_MISSING");
          assertThat(e.first().fields()).containsExactly("LastName", "Company");
          assertThat(e.first().message()).isEqualTo("Required fields are missing: [LastName, Company]");
        });
  }

  @Test
  void unknownFieldIsInvalidField() {
    assertThat(codeOf(() -> records.create(lead, json(Map.of("LastName", "x", "Company", "y", "Nope__c", 1)))))
        .isEqualTo("INVALID_FIELD");
  }

  @Test
  void readOnlyFieldIsInvalidForInsertUpdate() {
    assertThat(codeOf(() -> records.create(lead, json(Map.of("LastName", "x", "Company", "y", "IsConverted", true)))))
        .isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
  }

  @Test
  void tooLongTextIsStringTooLong() {
    assertThat(codeOf(() -> records.create(lead, json(Map.of("LastName", "x".repeat(81), "Company", "y")))))
        .isEqualTo("STRING_TOO_LONG");
  }

  @Test
  void wrongJsonTypeIsJsonParserError() {
    assertThat(codeOf(() -> records.create(lead, json(Map.of("LastName", "x", "Company", "y", "Voice_Agent_Last_Call_Date__c", "tomorrow")))))
        .isEqualTo("JSON_PARSER_ERROR");
  }

  @Test
  void restrictedPicklistRejectsUnknownValues() {
    assertThat(codeOf(() -> records.create(task, json(Map.of("CallType", "Sideways")))))
        .isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
  }

  @Test
  void invalidEmailIsRejected() {
    assertThat(codeOf(() -> records.create(lead, json(Map.of("LastName", "x", "Company", "y", "Email", "nope")))))
        .isEqualTo("INVALID_EMAIL_ADDRESS");
  }

  @Test
  void referencesMustPointToExistingRecordsOfAllowedTypes() {
    String leadId = records.create(lead, json(Map.of("LastName", "x", "Company", "y")));
    assertThat(records.create(task, json(Map.of("WhoId", leadId.substring(0, 15))))).startsWith("00T");
    assertThat(codeOf(() -> records.create(task, json(Map.of("WhoId", "garbage"))))).isEqualTo("MALFORMED_ID");
    String taskId = records.create(task, json(Map.of("Subject", "s")));
    assertThat(codeOf(() -> records.create(task, json(Map.of("WhoId", taskId))))).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
    records.delete(lead, leadId);
    assertThat(codeOf(() -> records.create(task, json(Map.of("WhoId", leadId))))).isEqualTo("ENTITY_IS_DELETED");
  }

  @Test
  void uniqueExternalIdRejectsDuplicates() {
    records.create(task, json(Map.of("Voice_Call_Id__c", "c-1")));
    assertThat(codeOf(() -> records.create(task, json(Map.of("Voice_Call_Id__c", "C-1"))))).isEqualTo("DUPLICATE_VALUE");
  }

  @Test
  void upsertCreatesThenUpdatesByExternalId() {
    FieldDef ext = task.field("Voice_Call_Id__c").orElseThrow();
    RecordService.UpsertOutcome first = records.upsert(task, ext, "call-9", json(Map.of("Subject", "a")));
    RecordService.UpsertOutcome second = records.upsert(task, ext, "call-9", json(Map.of("Subject", "b")));
    assertThat(first.created()).isTrue();
    assertThat(second).isEqualTo(new RecordService.UpsertOutcome(first.id(), false));
    assertThat(records.get(task, first.id())).containsEntry("Subject", "b").containsEntry("Voice_Call_Id__c", "call-9");
  }

  @Test
  void convertedLeadsCannotBeUpdated() {
    String id = records.seed(lead, json(Map.of("LastName", "x", "Company", "y", "IsConverted", true)));
    assertThat(codeOf(() -> records.update(lead, id, json(Map.of("Title", "t"))))).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
  }

  @Test
  void deletedRecordsAreEntityIsDeletedOnWrite() {
    String id = records.create(lead, json(Map.of("LastName", "x", "Company", "y")));
    records.delete(lead, id);
    assertThat(codeOf(() -> records.update(lead, id, json(Map.of("Title", "t"))))).isEqualTo("ENTITY_IS_DELETED");
    assertThat(codeOf(() -> records.get(lead, id))).isEqualTo("NOT_FOUND");
  }

  @Test
  void eventDerivesEndFromDurationAndNormalisesToUtc() {
    String id = records.create(event, json(Map.of("StartDateTime", "2025-01-15T15:00:00+01:00", "DurationInMinutes", 30)));
    assertThat(records.get(event, id)).containsEntry("StartDateTime", "2025-01-15T14:00:00.000+0000")
        .containsEntry("EndDateTime", "2025-01-15T14:30:00.000+0000").containsEntry("ActivityDate", "2025-01-15");
  }

  @Test
  void eventWithoutEndOrDurationIsMissingDuration() {
    assertThat(codeOf(() -> records.create(event, json(Map.of("StartDateTime", "2025-01-15T14:00:00Z")))))
        .isEqualTo("REQUIRED_FIELD_MISSING");
  }

  @Test
  void injectedRowLockFailsExactlyTheNextWrites() {
    lockFaults.set(1);
    assertThat(codeOf(() -> records.create(lead, json(Map.of("LastName", "x", "Company", "y"))))).isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(records.create(lead, json(Map.of("LastName", "x", "Company", "y")))).startsWith("00Q");
  }
}
