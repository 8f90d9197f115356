package io.leadstream.sfemu.org;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.support.EmulatorTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * External-id and unique fields are looked up through an index (as Salesforce indexes them); these
 * specs pin that the index follows every way a record changes, so upserts never match a stale value.
 */
class ExternalIdIndexTest extends EmulatorTest {

  private static final String TASK_BY_CALL = V + "/sobjects/Task/Voice_Call_Id__c/";

  @Test
  void anUpsertFollowsAnExternalIdChangedByAnUpdate() {
    String id = api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "first")).json().get("id").asString();
    assertThat(api.patch(V + "/sobjects/Task/" + id, Map.of("Voice_Call_Id__c", "call-9")).status()).isEqualTo(204);

    assertThat(api.patch(TASK_BY_CALL + "call-9", Map.of("Subject", "second")).status()).isEqualTo(200);
    assertThat(api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "third")).status()).isEqualTo(201);
    assertThat(emulator.records("Task")).hasSize(2);
  }

  @Test
  void externalIdsMatchIgnoringCaseAsBefore() {
    api.patch(TASK_BY_CALL + "Call-ABC", Map.of("Subject", "first"));

    assertThat(api.patch(TASK_BY_CALL + "call-abc", Map.of("Subject", "second")).status()).isEqualTo(200);
    assertThat(emulator.records("Task")).hasSize(1);
  }

  @Test
  void aRolledBackAllOrNoneBatchLeavesNoExternalIdBehind() {
    var reply = api.post(V + "/composite/sobjects", Map.of("allOrNone", true, "records", List.of(
        Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", "call-rolled-back", "Subject", "ok"),
        Map.of("attributes", Map.of("type", "Task"), "No_Such_Field__c", "x"))));
    assertThat(reply.text()).contains("ALL_OR_NONE_OPERATION_ROLLED_BACK");

    assertThat(api.patch(TASK_BY_CALL + "call-rolled-back", Map.of("Subject", "now")).status()).isEqualTo(201);
    assertThat(emulator.records("Task")).hasSize(1);
  }

  @Test
  void aDeletedRecordsExternalIdIsFreeAgain() {
    String id = api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "first")).json().get("id").asString();
    assertThat(api.delete(V + "/sobjects/Task/" + id).status()).isEqualTo(204);

    assertThat(api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "again")).status()).isEqualTo(201);
  }
}
