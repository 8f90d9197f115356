package io.leadstream.api.repair;

import static io.leadstream.api.repair.RepairFixtures.ACTIVITIES;
import static io.leadstream.api.repair.RepairFixtures.SINK_DLQ;
import static io.leadstream.api.repair.RepairFixtures.ambiguous;
import static io.leadstream.api.repair.RepairFixtures.callActivity;
import static io.leadstream.api.repair.RepairFixtures.due;
import static io.leadstream.api.repair.RepairFixtures.pending;
import static io.leadstream.api.repair.RepairFixtures.pendingReason;
import static io.leadstream.api.repair.RepairFixtures.recordsOn;
import static io.leadstream.api.repair.RepairFixtures.sinkDeadLetter;
import static io.leadstream.api.repair.RepairFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.api.admin.AdminCliRunner;
import io.leadstream.api.admin.AdminCliRunner.Run;
import io.leadstream.api.repair.RepairFixtures.Parked;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The repair tools from the command line ({@code java -jar event-api.jar admin dlq|review|rematch …}). */
class RepairCliTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Run cli(String... args) {
    return AdminCliRunner.run(ADMIN_KEY, BASE, args);
  }

  @Test
  void dlqListShowsAWorkspacesDeadLetters() {
    String acme = workspace();
    sinkDeadLetter(acme + "/lead-1", callActivity(acme, "lead-1", "c1"), "validation_error", Instant.now());

    Run listed = cli("dlq", "list", SINK_DLQ, "--workspace", acme, "--reason", "validation_error");

    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(JSON.readTree(listed.out()).path("records").findValuesAsString("key")).containsExactly(acme + "/lead-1");
  }

  @Test
  void dlqGetShowsTheDecodedValue() {
    String acme = workspace();
    Parked p = sinkDeadLetter(acme + "/lead-1", callActivity(acme, "lead-1", "c1"), "validation_error", Instant.now());

    Run shown = cli("dlq", "get", SINK_DLQ, Integer.toString(p.partition()), Long.toString(p.offset()));

    assertThat(shown.exit()).as(shown.err()).isZero();
    JsonNode record = JSON.readTree(shown.out());
    assertThat(record.path("valueFormat").asString()).isEqualTo("avro");
    assertThat(record.path("value").path("activity").path("callId").asString()).isEqualTo("c1");
  }

  @Test
  void dlqReplayByOffsetPutsTheRecordBackOnce() {
    String acme = workspace();
    Parked p = sinkDeadLetter(acme + "/lead-1", callActivity(acme, "lead-1", "c1"), "validation_error", Instant.now());
    String offset = p.partition() + ":" + p.offset();

    Run dry = cli("dlq", "replay", SINK_DLQ, "--offset", offset, "--dry-run");
    Run replayed = cli("dlq", "replay", SINK_DLQ, "--offset", offset);
    Run again = cli("dlq", "replay", SINK_DLQ, "--offset", offset);

    assertThat(JSON.readTree(dry.out()).path("count").asInt()).isEqualTo(1);
    assertThat(replayed.exit()).as(replayed.err()).isZero();
    assertThat(JSON.readTree(replayed.out()).path("count").asInt()).isEqualTo(1);
    assertThat(JSON.readTree(again.out()).path("count").asInt()).isZero();
    assertThat(recordsOn(ACTIVITIES, acme + "/lead-1")).hasSize(1);
  }

  @Test
  void aMalformedOffsetIsAUsageError() {
    Run run = cli("dlq", "replay", SINK_DLQ, "--offset", "three");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("PARTITION:OFFSET");
  }

  @Test
  void reviewListAndResolveLinkTheChosenRecord() {
    String acme = workspace();
    ambiguous(acme, "call", "c1", "pat", "003Hs00001AbCdEIAV", "00QHs00000XyZaBMAV");
    pending(acme, "call", "c1", "pat", "ambiguous", null);

    Run listed = cli("review", "list", acme);
    Run resolved = cli("review", "resolve", acme, "pat", "00QHs00000XyZaBMAV");

    assertThat(JSON.readTree(listed.out()).path("items").findValuesAsString("leadId")).containsExactly("pat");
    assertThat(resolved.exit()).as(resolved.err()).isZero();
    assertThat(JSON.readTree(resolved.out()).path("salesforceObject").asString()).isEqualTo("Lead");
    assertThat(pendingReason(acme, "call", "c1")).isEqualTo("held");
  }

  @Test
  void reviewResolveOfANonCandidateExitsWithOne() {
    String acme = workspace();
    ambiguous(acme, "call", "c1", "pat", "003Hs00001AbCdEIAV", "00QHs00000XyZaBMAV");

    Run refused = cli("review", "resolve", acme, "pat", "003Hs00009ZzZzZIAV");

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("recordId");
  }

  @Test
  void rematchMakesTheNamedLeadsDue() {
    String acme = workspace();
    pending(acme, "call", "c1", "l1", "not_found", Instant.now().plusSeconds(3600));
    pending(acme, "call", "c2", "l2", "not_found", Instant.now().plusSeconds(3600));

    Run run = cli("rematch", acme, "l1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("rematched").asInt()).isEqualTo(1);
    assertThat(due(acme, "call", "c1")).isTrue();
    assertThat(due(acme, "call", "c2")).isFalse();
  }
}
