package io.leadstream.api.repair;

import static io.leadstream.api.repair.RepairFixtures.ACTIVITIES;
import static io.leadstream.api.repair.RepairFixtures.SINK_DLQ;
import static io.leadstream.api.repair.RepairFixtures.VOICE_DLQ;
import static io.leadstream.api.repair.RepairFixtures.callActivity;
import static io.leadstream.api.repair.RepairFixtures.recordsOn;
import static io.leadstream.api.repair.RepairFixtures.sinkDeadLetter;
import static io.leadstream.api.repair.RepairFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.api.repair.RepairFixtures.Parked;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dead-letter queues through the admin API (SPEC §8 "operators repair, not re-run"): listed by
 * workspace, reason and time, inspected with the value decoded, and replayed to the source topic once.
 * Every test parks records of workspaces of its own on the shared DLQ topics.
 */
class DlqAdminTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @BeforeAll
  static void topics() {
    RepairFixtures.topics();
  }

  private static JsonNode admin(String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(method, path, ADMIN_KEY, body == null ? null : "application/json",
        body == null ? null : body.getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(r.statusCode()).as(method + " " + path + " → " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> keys(JsonNode answer) {
    return answer.path("records").values().stream().map(r -> r.path("key").asString()).toList();
  }

  /** A call activity crm-sink parked for this lead of the workspace, with this reason, at that time. */
  private static Parked parked(String workspace, String lead, String reason, Instant at) {
    return sinkDeadLetter(workspace + "/" + lead, callActivity(workspace, lead, "call-" + lead), reason, at);
  }

  @Test
  void theListHoldsOnlyTheAskedWorkspacesRecordsNewestFirst() throws Exception {
    String acme = workspace();
    String globex = workspace();
    Instant t = Instant.now().minus(3, ChronoUnit.HOURS);
    parked(acme, "older", "validation_error", t);
    parked(globex, "theirs", "validation_error", t.plusSeconds(60));
    parked(acme, "newer", "validation_error", t.plusSeconds(120));

    JsonNode answer = admin("GET", "/admin/v1/dlq?topic=" + SINK_DLQ + "&workspace=" + acme, null);

    assertThat(keys(answer)).containsExactly(acme + "/newer", acme + "/older");
    assertThat(answer.path("records").get(0).path("workspace").asString()).isEqualTo(acme);
    assertThat(answer.path("complete").asBoolean()).isTrue();
  }

  @Test
  void theListFiltersByReason() throws Exception {
    String acme = workspace();
    Instant t = Instant.now().minus(2, ChronoUnit.HOURS);
    parked(acme, "invalid", "validation_error", t);
    parked(acme, "too-long", "value_too_long", t.plusSeconds(1));

    JsonNode answer = admin("GET", "/admin/v1/dlq?topic=" + SINK_DLQ + "&workspace=" + acme
        + "&reason=value_too_long", null);

    assertThat(keys(answer)).containsExactly(acme + "/too-long");
    JsonNode record = answer.path("records").get(0);
    assertThat(record.path("reason").asString()).isEqualTo("value_too_long");
    assertThat(record.path("sourceTopic").asString()).isEqualTo(ACTIVITIES);
    assertThat(record.path("sourceOffset").asLong()).isEqualTo(4711);
    assertThat(record.path("replayed").asBoolean()).isFalse();
  }

  @Test
  void theListFiltersByTimeWithUntilExclusive() throws Exception {
    String acme = workspace();
    Instant t = Instant.now().minus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    parked(acme, "before", "validation_error", t);
    parked(acme, "inside", "validation_error", t.plus(1, ChronoUnit.HOURS));
    parked(acme, "at-until", "validation_error", t.plus(2, ChronoUnit.HOURS));

    JsonNode answer = admin("GET", "/admin/v1/dlq?topic=" + SINK_DLQ + "&workspace=" + acme + "&since="
        + t.plus(30, ChronoUnit.MINUTES) + "&until=" + t.plus(2, ChronoUnit.HOURS), null);

    assertThat(keys(answer)).containsExactly(acme + "/inside");
  }

  @Test
  void aRecordBeforeUntilIsFoundBehindOneParkedAfterIt() throws Exception {
    // Parking instances stamp their own clocks: a partition's timestamps are not in offset order.
    String acme = workspace();
    Instant t = Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    parked(acme, "same-lead", "value_too_long", t.plus(3, ChronoUnit.HOURS));
    parked(acme, "same-lead", "validation_error", t.plus(1, ChronoUnit.HOURS));

    JsonNode answer = admin("GET", "/admin/v1/dlq?topic=" + SINK_DLQ + "&workspace=" + acme + "&since=" + t
        + "&until=" + t.plus(2, ChronoUnit.HOURS), null);

    assertThat(keys(answer)).containsExactly(acme + "/same-lead");
    assertThat(answer.path("records").get(0).path("reason").asString()).isEqualTo("validation_error");
  }

  @Test
  void streamAppsStageIsTheReasonOfItsDeadLetters() throws Exception {
    String acme = workspace();
    RepairFixtures.voiceDeadLetter(acme + "/l1", "not avro".getBytes(StandardCharsets.UTF_8), "validation",
        "voice.events.v1");

    JsonNode answer = admin("GET", "/admin/v1/dlq?topic=" + VOICE_DLQ + "&workspace=" + acme + "&reason=validation",
        null);

    assertThat(keys(answer)).containsExactly(acme + "/l1");
  }

  @Test
  void aKeyThatIsNotTextIsShownAsBase64WithoutAWorkspace() throws Exception {
    byte[] key = {(byte) 0xff, 0x00, (byte) 0xfe};
    Parked p = RepairFixtures.voiceDeadLetter(key, null, "deserialization", "voice.events.v1");

    JsonNode one = admin("GET", "/admin/v1/dlq/" + VOICE_DLQ + "/" + p.partition() + "/" + p.offset(), null);

    assertThat(one.path("key").isNull()).isTrue();
    assertThat(one.path("keyBase64").asString()).isEqualTo(Base64.getEncoder().encodeToString(key));
    assertThat(one.path("workspace").isNull()).isTrue();
    assertThat(one.path("valueFormat").asString()).isEqualTo("null");
  }

  @Test
  void oneRecordShowsEveryHeaderAndItsAvroValueAsJson() throws Exception {
    String acme = workspace();
    Parked p = parked(acme, "lead-7", "validation_error", Instant.now());

    JsonNode one = admin("GET", "/admin/v1/dlq/" + SINK_DLQ + "/" + p.partition() + "/" + p.offset(), null);

    assertThat(one.path("valueFormat").asString()).isEqualTo("avro");
    assertThat(one.path("valueSchema").asString()).isEqualTo("io.leadstream.schemas.crm.CrmActivity");
    JsonNode activity = one.path("value").path("activity");
    assertThat(activity.path("callId").asString()).isEqualTo("call-lead-7");
    assertThat(activity.path("workspaceId").asString()).isEqualTo(acme);
    assertThat(activity.path("occurredAt").asString()).isEqualTo("2026-03-02T15:04:05Z");
    assertThat(one.path("headers").findValuesAsString("name")).contains("traceparent", "error.reason",
        "error.source.topic", "error.service", "kafka_dlt-exception-fqcn");
  }

  @Test
  void aValueThatIsNotAvroIsShownAsBase64WithWhy() throws Exception {
    String acme = workspace();
    byte[] value = "{\"eventType\": \"CALL_PLACED\"}".getBytes(StandardCharsets.UTF_8);
    Parked p = RepairFixtures.voiceDeadLetter(acme + "/l1", value, "deserialization", "voice.events.v1");

    JsonNode one = admin("GET", "/admin/v1/dlq/" + VOICE_DLQ + "/" + p.partition() + "/" + p.offset(), null);

    assertThat(one.path("valueFormat").asString()).isEqualTo("bytes");
    assertThat(Base64.getDecoder().decode(one.path("valueBase64").asString())).isEqualTo(value);
    assertThat(one.path("valueError").asString()).contains("magic byte");
  }

  @Test
  void aPlaceWithoutARecordIs404AndAnUnknownTopicIs400() throws Exception {
    assertThat(send("GET", "/admin/v1/dlq/" + SINK_DLQ + "/0/999999999", ADMIN_KEY, null, null, Map.of())
        .statusCode()).isEqualTo(404);
    HttpResponse<String> unknown = send("GET", "/admin/v1/dlq/voice.events.v1/0/0", ADMIN_KEY, null, null, Map.of());
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unknown.body()).path("errors").findValuesAsString("field")).containsExactly("topic");
  }

  @Test
  void listParametersAreValidatedNamingEachBadOne() throws Exception {
    HttpResponse<String> refused = send("GET", "/admin/v1/dlq?topic=lead.state.v1&workspace=Not%20Valid"
        + "&since=yesterday&limit=0&workspaces=acme", ADMIN_KEY, null, null, Map.of());

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("topic", "workspace", "since", "limit", "workspaces");
  }

  @Test
  void aReplayPutsTheOriginalKeyValueAndHeadersOnTheSourceTopicExactlyOnce() throws Exception {
    String acme = workspace();
    byte[] value = callActivity(acme, "lead-1", "call-lead-1");
    Parked p = sinkDeadLetter(acme + "/lead-1", value, "validation_error", Instant.now());

    JsonNode first = admin("POST", "/admin/v1/dlq/replay", "{\"topic\": \"" + SINK_DLQ + "\", \"workspace\": \""
        + acme + "\"}");
    JsonNode second = admin("POST", "/admin/v1/dlq/replay", "{\"topic\": \"" + SINK_DLQ + "\", \"workspace\": \""
        + acme + "\"}");

    assertThat(first.path("count").asInt()).isEqualTo(1);
    assertThat(second.path("count").asInt()).as("a second replay without force does nothing").isZero();
    assertThat(second.path("alreadyReplayed").asLong()).isEqualTo(1);
    List<ConsumerRecord<byte[], byte[]>> landed = recordsOn(ACTIVITIES, acme + "/lead-1");
    assertThat(landed).hasSize(1);
    ConsumerRecord<byte[], byte[]> r = landed.get(0);
    assertThat(r.value()).isEqualTo(value);
    List<String> names = java.util.Arrays.stream(r.headers().toArray()).map(Header::key).toList();
    assertThat(names).contains("traceparent", DeadLetterReplayer.REPLAYED_FROM)
        .noneMatch(n -> n.startsWith("error.") || n.startsWith("kafka_dlt-"));
    assertThat(new String(r.headers().lastHeader(DeadLetterReplayer.REPLAYED_FROM).value(), StandardCharsets.UTF_8))
        .isEqualTo(SINK_DLQ + "/" + p.partition() + "/" + p.offset());
    JsonNode listed = admin("GET", "/admin/v1/dlq?topic=" + SINK_DLQ + "&workspace=" + acme, null);
    assertThat(listed.path("records").get(0).path("replayed").asBoolean()).isTrue();
  }

  @Test
  void aReplayFilteredToOneWorkspaceLeavesTheOthersRecordsParked() throws Exception {
    String fixed = workspace();
    String other = workspace();
    sinkDeadLetter(fixed + "/lead-1", callActivity(fixed, "lead-1", "c1"), "validation_error", Instant.now());
    sinkDeadLetter(other + "/lead-1", callActivity(other, "lead-1", "c1"), "validation_error", Instant.now());

    JsonNode replay = admin("POST", "/admin/v1/dlq/replay", "{\"topic\": \"" + SINK_DLQ + "\", \"workspace\": \""
        + fixed + "\", \"reason\": \"validation_error\"}");

    assertThat(keys(replay)).containsExactly(fixed + "/lead-1");
    assertThat(recordsOn(ACTIVITIES, fixed + "/lead-1")).hasSize(1);
    assertThat(recordsOn(ACTIVITIES, other + "/lead-1")).isEmpty();
    JsonNode others = admin("GET", "/admin/v1/dlq?topic=" + SINK_DLQ + "&workspace=" + other, null);
    assertThat(others.path("records").get(0).path("replayed").asBoolean()).isFalse();
  }

  @Test
  void forceReplaysARecordAgain() throws Exception {
    String acme = workspace();
    Parked p = parked(acme, "lead-1", "validation_error", Instant.now());
    String byOffset = "{\"topic\": \"" + SINK_DLQ + "\", \"offsets\": [{\"partition\": " + p.partition()
        + ", \"offset\": " + p.offset() + "}]";
    admin("POST", "/admin/v1/dlq/replay", byOffset + "}");

    JsonNode forced = admin("POST", "/admin/v1/dlq/replay", byOffset + ", \"force\": true}");

    assertThat(forced.path("count").asInt()).isEqualTo(1);
    assertThat(recordsOn(ACTIVITIES, acme + "/lead-1")).hasSize(2);
  }

  @Test
  void aDryRunListsWhatWouldBeReplayedAndReplaysNothing() throws Exception {
    String acme = workspace();
    parked(acme, "lead-1", "validation_error", Instant.now());

    JsonNode dry = admin("POST", "/admin/v1/dlq/replay", "{\"topic\": \"" + SINK_DLQ + "\", \"workspace\": \"" + acme
        + "\", \"dryRun\": true}");

    assertThat(keys(dry)).containsExactly(acme + "/lead-1");
    assertThat(recordsOn(ACTIVITIES, acme + "/lead-1")).isEmpty();
    assertThat(admin("GET", "/admin/v1/dlq?topic=" + SINK_DLQ + "&workspace=" + acme, null).path("records").get(0)
        .path("replayed").asBoolean()).isFalse();
  }

  @Test
  void aReplayByOffsetsReplaysThoseRecordsOnlyAndSaysWhyItSkippedTheRest() throws Exception {
    String acme = workspace();
    Parked chosen = parked(acme, "chosen", "validation_error", Instant.now());
    parked(acme, "left", "validation_error", Instant.now());

    JsonNode replay = admin("POST", "/admin/v1/dlq/replay", "{\"topic\": \"" + SINK_DLQ + "\", \"offsets\": ["
        + "{\"partition\": " + chosen.partition() + ", \"offset\": " + chosen.offset() + "},"
        + "{\"partition\": 0, \"offset\": 999999999}]}");

    assertThat(keys(replay)).containsExactly(acme + "/chosen");
    assertThat(replay.path("skipped").findValuesAsString("why")).containsExactly("no such record");
    assertThat(recordsOn(ACTIVITIES, acme + "/left")).isEmpty();
  }

  @Test
  void aRecordIsNeverReplayedToATopicItsServiceDoesNotRead() throws Exception {
    String acme = workspace();
    Parked p = RepairFixtures.voiceDeadLetter(acme + "/l1", callActivity(acme, "l1", "c1"), "validation",
        ACTIVITIES);

    JsonNode replay = admin("POST", "/admin/v1/dlq/replay", "{\"topic\": \"" + VOICE_DLQ + "\", \"workspace\": \""
        + acme + "\"}");

    assertThat(replay.path("count").asInt()).isZero();
    assertThat(replay.path("skipped").get(0).path("offset").asLong()).isEqualTo(p.offset());
    assertThat(recordsOn(ACTIVITIES, acme + "/l1")).isEmpty();
  }

  @Test
  void aReplayRequestNamesEachBadField() throws Exception {
    HttpResponse<String> refused = send("POST", "/admin/v1/dlq/replay", ADMIN_KEY, "application/json",
        ("{\"topic\": \"voice.events.v1\", \"workspace\": \"Acme\", \"offsets\": [{\"partition\": -1, \"offset\": 0}],"
            + " \"reason\": \"bad\\u0000\", \"dryrun\": true}").getBytes(StandardCharsets.UTF_8), Map.of());

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("topic", "workspace", "offsets[0].partition", "reason", "dryrun");
  }

  @Test
  void onlyTheOperatorKeyOpensTheDeadLetters() throws Exception {
    assertThat(send("GET", "/admin/v1/dlq?topic=" + SINK_DLQ, TOKEN, null, null, Map.of()).statusCode())
        .isEqualTo(401);
    assertThat(send("POST", "/admin/v1/dlq/replay", TOKEN, "application/json",
        ("{\"topic\": \"" + SINK_DLQ + "\"}").getBytes(StandardCharsets.UTF_8), Map.of()).statusCode()).isEqualTo(401);
  }
}
