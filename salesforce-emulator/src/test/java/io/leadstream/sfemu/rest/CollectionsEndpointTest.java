package io.leadstream.sfemu.rest;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CollectionsEndpointTest extends EmulatorTest {

  private static Map<String, Object> lead(String lastName) {
    return lastName == null ? Map.of("attributes", Map.of("type", "Lead"), "Company", "Acme")
        : Map.of("attributes", Map.of("type", "Lead"), "LastName", lastName, "Company", "Acme");
  }

  @Test
  void createReturnsPerRecordResultsInOrder() {
    Reply r = api.post(V + "/composite/sobjects", Map.of("records", List.of(lead("A"), lead(null),
        Map.of("attributes", Map.of("type", "Contact"), "LastName", "C"))));
    assertThat(r.status()).isEqualTo(200);
    JsonNode results = r.json();
    assertThat(results.get(0).get("success").asBoolean()).isTrue();
    assertThat(results.get(1).get("success").asBoolean()).isFalse();
    assertThat(results.get(1).has("id")).isFalse();
    assertThat(results.get(1).at("/errors/0/statusCode").asString()).isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(results.get(2).get("id").asString()).startsWith("003");
    assertThat(emulator.records("Lead")).hasSize(1);
  }

  @Test
  void allOrNoneRollsEverythingBackAndMarksTheUntouchedRecords() {
    Reply r = api.post(V + "/composite/sobjects", Map.of("allOrNone", true, "records", List.of(lead("A"), lead(null))));
    assertThat(r.json().get(0).at("/errors/0/statusCode").asString()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
    assertThat(r.json().get(1).at("/errors/0/statusCode").asString()).isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(emulator.records("Lead")).isEmpty();
  }

  @Test
  void updateNeedsIdsAndReportsPerRecord() {
    String id = emulator.seed("Lead", Map.of("LastName", "A", "Company", "B"));
    Reply r = api.patch(V + "/composite/sobjects", Map.of("records", List.of(
        Map.of("attributes", Map.of("type", "Lead"), "Id", id, "Title", "CEO"),
        Map.of("attributes", Map.of("type", "Lead"), "Title", "x"),
        Map.of("attributes", Map.of("type", "Lead"), "Id", "bogus", "Title", "x"))));
    assertThat(r.json().get(0).get("success").asBoolean()).isTrue();
    assertThat(r.json().get(1).at("/errors/0/statusCode").asString()).isEqualTo("MISSING_ARGUMENT");
    assertThat(r.json().get(2).at("/errors/0/statusCode").asString()).isEqualTo("MALFORMED_ID");
    assertThat(emulator.records("Lead").get(0).get("Title")).isEqualTo("CEO");
  }

  @Test
  void moreThan200RecordsIsRejected() {
    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 201; i++) {
      many.add(lead("L" + i));
    }
    Reply r = api.post(V + "/composite/sobjects", Map.of("records", many));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("EXCEEDED_ID_LIMIT");
  }

  @Test
  void upsertByExternalIdReportsCreated() {
    api.patch(V + "/sobjects/Task/Voice_Call_Id__c/c1", Map.of("Subject", "old"));
    Reply r = api.patch(V + "/composite/sobjects/Task/Voice_Call_Id__c", Map.of("allOrNone", false, "records", List.of(
        Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", "c1", "Subject", "new"),
        Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", "c2", "Subject", "fresh"),
        Map.of("attributes", Map.of("type", "Task"), "Subject", "no key"))));
    assertThat(r.json().get(0).get("created").asBoolean()).isFalse();
    assertThat(r.json().get(1).get("created").asBoolean()).isTrue();
    assertThat(r.json().get(2).at("/errors/0/statusCode").asString()).isEqualTo("MISSING_ARGUMENT");
    assertThat(emulator.records("Task")).extracting(t -> t.get("Subject")).containsExactly("new", "fresh");
  }

  @Test
  void everyRowSharingAnExternalIdInOneUpsertFailsWithDuplicateValue() {
    Reply r = api.patch(V + "/composite/sobjects/Task/Voice_Call_Id__c", Map.of("records", List.of(
        Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", "c1", "Subject", "first"),
        Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", "c2", "Subject", "other"),
        Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", "C1", "Subject", "second"))));

    for (int row : new int[] {0, 2}) {
      assertThat(r.json().get(row).get("success").asBoolean()).isFalse();
      assertThat(r.json().get(row).at("/errors/0/statusCode").asString()).isEqualTo("DUPLICATE_VALUE");
      assertThat(r.json().get(row).at("/errors/0/message").asString()).startsWith("Duplicate external id specified: ");
    }
    assertThat(r.json().get(1).get("success").asBoolean()).isTrue();
    assertThat(emulator.records("Task")).extracting(t -> t.get("Subject")).containsExactly("other");
  }

  @Test
  void injectedRowLocksFailIndividualRecords() {
    emulator.admin().failNextRecordsWithUnableToLockRow(1);
    Reply r = api.post(V + "/composite/sobjects", Map.of("records", List.of(lead("A"), lead("B"))));
    assertThat(r.json().get(0).at("/errors/0/statusCode").asString()).isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(r.json().get(1).get("success").asBoolean()).isTrue();
  }
}
