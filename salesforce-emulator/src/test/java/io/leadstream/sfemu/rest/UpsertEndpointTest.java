package io.leadstream.sfemu.rest;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpsertEndpointTest extends EmulatorTest {

  private static final String TASK_BY_CALL = V + "/sobjects/Task/Voice_Call_Id__c/";

  @Test
  void newExternalIdCreates201WithCreatedTrue() {
    Reply r = api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "Call"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("created").asBoolean()).isTrue();
    assertThat(r.json().get("success").asBoolean()).isTrue();
    assertThat(emulator.records("Task")).singleElement().satisfies(t -> assertThat(t.get("Voice_Call_Id__c")).isEqualTo("call-1"));
  }

  @Test
  void existingExternalIdUpdates200WithCreatedFalseFromV46() {
    String id = api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "a")).json().get("id").asString();
    Reply r = api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "b"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("id").asString()).isEqualTo(id);
    assertThat(r.json().get("created").asBoolean()).isFalse();
    assertThat(emulator.records("Task")).singleElement().satisfies(t -> assertThat(t.get("Subject")).isEqualTo("b"));
  }

  @Test
  void beforeV46AnUpdateAnswers204() {
    api.patch(TASK_BY_CALL + "call-1", Map.of("Subject", "a"));
    assertThat(api.patch("/services/data/v45.0/sobjects/Task/Voice_Call_Id__c/call-1", Map.of("Subject", "b")).status()).isEqualTo(204);
  }

  @Test
  void severalMatchesAnswer300WithTheirUrls() {
    emulator.seed("Task", Map.of("Voice_Call_Id__c", "dup"));
    emulator.seed("Task", Map.of("Voice_Call_Id__c", "dup"));
    Reply r = api.patch(TASK_BY_CALL + "dup", Map.of("Subject", "x"));
    assertThat(r.status()).isEqualTo(300);
    assertThat(r.json().size()).isEqualTo(2);
    assertThat(r.json().get(0).asString()).startsWith(V + "/sobjects/Task/00T");
  }

  @Test
  void unknownFieldIs404AndNonExternalFieldIs400() {
    Reply unknown = api.patch(V + "/sobjects/Task/Nope__c/1", Map.of());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
    Reply notExternal = api.patch(V + "/sobjects/Task/Subject/1", Map.of());
    assertThat(notExternal.status()).isEqualTo(400);
    assertThat(notExternal.errorCode()).isEqualTo("INVALID_FIELD");
  }

  @Test
  void getByExternalIdReturnsTheRecord() {
    api.patch(TASK_BY_CALL + "call-7", Map.of("Subject", "s"));
    assertThat(api.get(TASK_BY_CALL + "call-7").json().get("Subject").asString()).isEqualTo("s");
    assertThat(api.get(TASK_BY_CALL + "none").status()).isEqualTo(404);
  }
}
