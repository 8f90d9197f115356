package io.leadstream.sfemu.admin;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.org.RecordListener;
import io.leadstream.sfemu.support.EmulatorTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RecordListenerAndPurgeTest extends EmulatorTest {

  private static final String TASK_BY_CALL = V + "/sobjects/Task/Voice_Call_Id__c/";

  @Test
  void listenersHearRecordsTheApiCreatesButNotUpdatesOrSeeds() {
    List<String> heard = new CopyOnWriteArrayList<>();
    RecordListener listener = (type, record) -> heard.add(type + ":" + record.get("Voice_Call_Id__c")
        + ":" + (record.get("Id") != null));
    emulator.admin().addRecordListener(listener);
    try {
      emulator.seed("Task", Map.of("Voice_Call_Id__c", "seeded"));
      api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "a"));
      api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "b"));
      api.patch(V + "/composite/sobjects/Task/Voice_Call_Id__c", Map.of("allOrNone", false, "records",
          List.of(Map.of("attributes", Map.of("type", "Task"), "Voice_Call_Id__c", "call-2", "Subject", "c"))));
      assertThat(heard).containsExactly("Task:call-1:true", "Task:call-2:true");
    } finally {
      emulator.admin().removeRecordListener(listener);
    }
    api.patch(TASK_BY_CALL + "call-3", Map.of("Subject", "d"));
    assertThat(heard).hasSize(2);
  }

  @Test
  void purgedRecordsAreGoneWithoutATombstone() {
    String id = api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "a")).json().get("id").asString();
    assertThat(emulator.admin().purge("Task", List.of(id, "00T000000000000AAA"))).isEqualTo(1);
    assertThat(emulator.records("Task")).isEmpty();
    // A delete would answer ENTITY_IS_DELETED; a purged record was never there.
    assertThat(api.get(V + "/sobjects/Task/" + id).errorCode()).isEqualTo("NOT_FOUND");
    assertThat(api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "b")).status()).isEqualTo(201);
  }
}
