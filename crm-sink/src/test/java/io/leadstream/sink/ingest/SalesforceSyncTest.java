package io.leadstream.sink.ingest;

import static io.leadstream.sink.SinkTestSupport.EMULATOR;
import static io.leadstream.sink.SinkTestSupport.appointment;
import static io.leadstream.sink.SinkTestSupport.call;
import static io.leadstream.sink.SinkTestSupport.consumerRecord;
import static io.leadstream.sink.SinkTestSupport.produce;
import static io.leadstream.sink.SinkTestSupport.score;
import static io.leadstream.sink.SinkTestSupport.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.leaddb.TokenCipher;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.sink.SinkTestSupport;
import io.leadstream.sink.pipeline.SinkPipeline;
import io.leadstream.sink.leaddb.LeadDb;
import io.leadstream.testkit.kafka.SharedKafkaBroker;
import io.leadstream.testkit.postgres.SharedPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sink end to end: records on the real topics (in-process broker, registry), PostgreSQL, and
 * the Salesforce emulator; each scenario uses leads of its own so the scenarios share one sink.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SalesforceSyncTest {
  private static final Duration LANDS = Duration.ofSeconds(30);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SinkTestSupport.register(registry, "sync");
  }

  @Autowired JdbcTemplate jdbc;
  @Autowired SinkMetrics metrics;
  @Autowired io.micrometer.core.instrument.MeterRegistry meters;
  @Autowired SinkPipeline pipeline;
  @Autowired LeadDb db;
  @Autowired ConnectionStore connections;

  private final SchemaRegistryClient registry = SinkTestSupport.registryClient();
  private String p;

  @BeforeEach
  void uniquePrefix() {
    p = UUID.randomUUID().toString().substring(0, 8);
    EMULATOR.admin().clearFaults();
    EMULATOR.admin().resetApiUsage();
  }

  @Test
  void aConnectionStoredUnderAPreviousTokenKeyIsStillRead() {
    String workspace = "rotated-" + p;
    new ConnectionStore(jdbc, new TokenCipher(SinkTestSupport.PREVIOUS_TOKEN_KEY))
        .saveRefreshToken(workspace, EMULATOR.baseUrl(), "refresh-under-retired-key");

    assertThat(connections.refreshToken(workspace)).contains("refresh-under-retired-key");
  }

  @Test
  void callsAndAppointmentsLandOnTheContactLeadConvertedLeadAndPhoneMatches() {
    String contact = EMULATOR.seed("Contact", Map.of("LastName", "Contact", "Email", p + "-c@acme.com"));
    String lead = EMULATOR.seed("Lead", Map.of("LastName", "Lead", "Company", "Acme", "Email", p + "-l@acme.com"));
    String convertedTo = EMULATOR.seed("Contact", Map.of("LastName", "Converted", "Email", p + "-x@other.com"));
    EMULATOR.seed("Lead", Map.of("LastName", "Old", "Company", "Acme", "Email", p + "-cv@acme.com",
        "IsConverted", true, "ConvertedContactId", convertedTo));
    String phoneDigits = "1415" + Math.abs(p.hashCode() % 10_000_000 + 10_000_000);
    String byPhone = EMULATOR.seed("Lead", Map.of("LastName", "Phone", "Company", "Acme", "Phone", "+" + phoneDigits));
    Instant start = Instant.parse("2031-11-03T15:00:00Z");

    produce(registry,
        state("default", p + "-1", p + "-c@acme.com", null, 3), call("default", p + "-1", p + "-call1", 1),
        appointment("default", p + "-1", p + "-appt1", start),
        state("default", p + "-2", p + "-l@acme.com", null, 3), call("default", p + "-2", p + "-call2", 1),
        state("default", p + "-3", p + "-cv@acme.com", null, 3), call("default", p + "-3", p + "-call3", 1),
        state("default", p + "-4", null, "+" + phoneDigits, 3), call("default", p + "-4", p + "-call4", 1));

    // The leads' records sit on different partitions and may come in different polls: wait for every one asserted.
    await().atMost(LANDS).until(() -> syncStatus("call", p + "-call4") != null && syncStatus("lead", p + "-4") != null
        && syncStatus("appointment", p + "-appt1") != null && syncStatus("call", p + "-call1") != null
        && syncStatus("call", p + "-call2") != null && syncStatus("call", p + "-call3") != null
        && syncStatus("lead", p + "-1") != null && syncStatus("lead", p + "-2") != null
        && syncStatus("lead", p + "-3") != null);
    assertThat(taskFor(p + "-call1")).containsEntry("WhoId", contact).containsEntry("Status", "Completed")
        .containsEntry("TaskSubtype", "Call").containsEntry("CallType", "Outbound")
        .containsEntry("CallDurationInSeconds", 900).containsEntry("ActivityDate", "2025-10-29")
        .containsEntry("Subject", "Voice AI Call - 2025-10-29");
    assertThat((String) taskFor(p + "-call1").get("Description"))
        .contains("Duration: 15 minutes", "• Use Case: sales_proposals", "• Team Size: 10-50",
            "• Pain Points: manual contract creation, slow approval process",
            "✓ Booked sales meeting for 2025-11-01", "Session ID: " + p + "-call1");
    assertThat(taskFor(p + "-call2")).containsEntry("WhoId", lead);
    assertThat(taskFor(p + "-call3")).containsEntry("WhoId", convertedTo);
    assertThat(taskFor(p + "-call4")).containsEntry("WhoId", byPhone);
    Map<String, Object> event = only("Event", "Voice_Appointment_Id__c", p + "-appt1");
    assertThat(event).containsEntry("WhoId", contact).containsEntry("DurationInMinutes", 60)
        .containsEntry("IsReminderSet", true).containsEntry("Subject", "Sales Meeting - Scheduled via Voice AI");
    assertThat(Instant.parse((String) event.get("StartDateTime").toString().replace("+0000", "Z"))).isEqualTo(start);
    assertThat(Instant.parse(event.get("ReminderDateTime").toString().replace("+0000", "Z")))
        .isEqualTo(start.minusSeconds(3600));
    Map<String, Object> leadRecord = EMULATOR.records("Lead").stream().filter(r -> lead.equals(r.get("Id"))).findFirst()
        .orElseThrow();
    assertThat(leadRecord).containsEntry("Voice_Agent_Identified_Use_Case__c", "sales_proposals")
        .containsEntry("Voice_Agent_Team_Size__c", "10-50").containsEntry("Voice_Agent_Meeting_Booked__c", true)
        .containsEntry("Voice_Agent_Last_Call_Date__c", "2025-10-29");
    assertThat(jdbc.queryForList("SELECT entity_id, status, salesforce_record_id FROM sync_log WHERE lead_id LIKE ?"
        + " ORDER BY entity_type, entity_id", p + "%")).allSatisfy(row -> assertThat(row.get("status")).isEqualTo("success"))
        .hasSize(9);
    assertThat(jdbc.queryForObject("SELECT salesforce_id FROM crm_links WHERE lead_id = ?", String.class, p + "-3"))
        .isEqualTo(convertedTo);
  }

  @Test
  void ambiguousAndUnknownLeadsGoToTheReviewQueueAndTheLogWithoutAGuess() {
    String a = EMULATOR.seed("Contact", Map.of("LastName", "A", "Email", p + "-twin@acme.com"));
    String b = EMULATOR.seed("Contact", Map.of("LastName", "B", "Email", p + "-twin@acme.com"));

    produce(registry, state("default", p + "-twin", p + "-twin@acme.com", null, 1),
        call("default", p + "-twin", p + "-calltwin", 1),
        state("default", p + "-nobody", p + "-nobody@acme.com", "+19995550000", 1),
        call("default", p + "-nobody", p + "-callnobody", 1));

    await().atMost(LANDS).until(() -> syncStatus("call", p + "-callnobody") != null
        && syncStatus("call", p + "-calltwin") != null);
    assertThat(syncStatus("call", p + "-calltwin")).isEqualTo("ambiguous");
    assertThat(syncStatus("lead", p + "-twin")).isEqualTo("ambiguous");
    assertThat(jdbc.queryForObject("SELECT array_to_string(candidates, ',') FROM sync_log WHERE entity_id = ?",
        String.class, p + "-calltwin").split(",")).containsExactlyInAnyOrder(a, b);
    assertThat(jdbc.queryForObject("SELECT review_status FROM sync_log WHERE entity_id = ?", String.class,
        p + "-calltwin")).isEqualTo("open");
    assertThat(syncStatus("call", p + "-callnobody")).isEqualTo("not_found");
    assertThat(tasks(p + "-calltwin")).isEmpty();
    assertThat(tasks(p + "-callnobody")).isEmpty();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM crm_links WHERE lead_id IN (?, ?)", Integer.class,
        p + "-twin", p + "-nobody")).isZero();
  }

  @Test
  void anEmailWithQuotesAndSoqlSyntaxIsMatchedLiterally() {
    String tricky = p + "o'neil\\'OR'x'='x\"--@acme.com";
    String target = EMULATOR.seed("Contact", Map.of("LastName", "Tricky", "Email", tricky));
    EMULATOR.seed("Contact", Map.of("LastName", "Other", "Email", p + "-other@acme.com"));

    produce(registry, state("default", p + "-q", tricky, null, 1), call("default", p + "-q", p + "-callq", 1));

    await().atMost(LANDS).until(() -> syncStatus("call", p + "-callq") != null);
    assertThat(syncStatus("call", p + "-callq")).isEqualTo("success");
    assertThat(taskFor(p + "-callq")).containsEntry("WhoId", target);
  }

  @Test
  void theSameBatchDeliveredTwiceWritesEveryRecordOnce() {
    EMULATOR.seed("Contact", Map.of("LastName", "Twice", "Email", p + "-twice@acme.com"));
    List<ConsumerRecord<String, byte[]>> batch = List.of(
        consumerRecord(registry, state("default", p + "-t", p + "-twice@acme.com", null, 2), 0),
        consumerRecord(registry, call("default", p + "-t", p + "-callt", 1), 1),
        consumerRecord(registry, call("default", p + "-t", p + "-callt", 2), 2),
        consumerRecord(registry, appointment("default", p + "-t", p + "-apptt",
            Instant.parse("2031-01-01T10:00:00Z")), 3),
        consumerRecord(registry, score("default", p + "-t", 77, 2), 4));

    pipeline.process(batch);
    pipeline.process(batch); // the consumer restarted before committing: the same batch again

    assertThat(tasks(p + "-callt")).hasSize(1);
    assertThat(EMULATOR.records("Event").stream().filter(e -> (p + "-apptt").equals(e.get("Voice_Appointment_Id__c"))))
        .hasSize(1);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM call_activities WHERE call_id = ?", Integer.class, p + "-callt"))
        .isOne();
    assertThat(jdbc.queryForObject("SELECT revision FROM call_activities WHERE call_id = ?", Integer.class, p + "-callt"))
        .isEqualTo(2);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sync_log WHERE lead_id = ?", Integer.class, p + "-t"))
        .isEqualTo(3);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM leads WHERE lead_id = ?", Integer.class, p + "-t")).isOne();
    assertThat(jdbc.queryForObject("SELECT engagement_score FROM leads WHERE lead_id = ?", Integer.class, p + "-t"))
        .isEqualTo(77);
  }

  @Test
  void anOlderStateNeverMovesTheLeadRowBackwards() {
    pipeline.process(List.of(consumerRecord(registry, state("default", p + "-v", null, null, 5), 0)));
    LeadState older = state("default", p + "-v", null, null, 4);
    older.setUseCase("older use case");
    pipeline.process(List.of(consumerRecord(registry, older, 1)));

    assertThat(jdbc.queryForMap("SELECT version, use_case FROM leads WHERE lead_id = ?", p + "-v"))
        .containsEntry("version", 5L).containsEntry("use_case", "sales_proposals");
  }

  @Test
  void oneMultiRowUpsertReportsPerRowWhetherItsGuardLetItApply() {
    db.inTransaction(() -> db.upsertCalls(List.of(call("default", p + "-g", p + "-callg1", 3))));

    // One statement for the whole batch: the stale revision must not apply, the others must.
    boolean[] applied = db.inTransaction(() -> db.upsertCalls(List.of(call("default", p + "-g", p + "-callg0", 1),
        call("default", p + "-g", p + "-callg1", 2), call("default", p + "-g", p + "-callg2", 1),
        call("default", p + "-g", p + "-callg1-again", 1))));

    assertThat(applied).containsExactly(true, false, true, true);
    assertThat(jdbc.queryForObject("SELECT revision FROM call_activities WHERE call_id = ?", Integer.class, p + "-callg1"))
        .isEqualTo(3);
    boolean[] same = db.inTransaction(() -> db.upsertCalls(List.of(call("default", p + "-g", p + "-callg1", 3))));
    assertThat(same).containsExactly(true); // an equal revision applies again: a redelivered batch redoes its writes
  }

  @Test
  void serverUnavailableBurstsRowLocksAndATokenExpiringMidBatchLoseNothing() {
    EMULATOR.seed("Contact", Map.of("LastName", "Faulty", "Email", p + "-f@acme.com"));
    pipeline.process(List.of(consumerRecord(registry, state("default", p + "-f", p + "-f@acme.com", null, 1), 0)));
    long tokenRequests = EMULATOR.admin().requestCount("oauth.token");
    EMULATOR.admin().expireAccessTokens();
    EMULATOR.admin().failNextRecordsWithUnableToLockRow(3);
    EMULATOR.admin().failNextRequestsWithServerUnavailable(2);

    List<Object> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(call("default", p + "-f", p + "-callf" + i, 1));
    }
    produce(registry, calls.toArray());

    await().atMost(LANDS).until(() -> countTasksWithPrefix(p + "-callf") == 10
        && jdbc.queryForObject("SELECT count(*) FROM sync_log WHERE entity_id LIKE ? AND status = 'success'",
        Integer.class, p + "-callf%") == 10);
    assertThat(countTasksWithPrefix(p + "-callf")).isEqualTo(10);
    assertThat(EMULATOR.admin().requestCount("oauth.token") - tokenRequests).isEqualTo(1);
  }

  @Test
  void aServerUnavailableBurstHoldsTheWorkspaceBrieflyWithoutPausingConsumption() {
    EMULATOR.seed("Contact", Map.of("LastName", "Burst", "Email", p + "-b@acme.com"));
    pipeline.process(List.of(consumerRecord(registry, state("default", p + "-b", p + "-b@acme.com", null, 1), 0)));
    long requestsBefore = EMULATOR.admin().totalApiRequests();
    EMULATOR.admin().failNextRequestsWithServerUnavailable(2);

    long start = System.nanoTime();
    produce(registry, call("default", p + "-b", p + "-callb", 1));
    await().atMost(LANDS).pollInterval(Duration.ofMillis(20)).until(() -> tasks(p + "-callb").size() == 1);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(EMULATOR.admin().totalApiRequests() - requestsBefore).as("the burst hit the write").isGreaterThanOrEqualTo(3);
    assertThat(metrics.isPaused()).as("a workspace's throttle never pauses consumption").isFalse();
    // Held, then retried after the workspace's back-off (0.5-1.5 s), not a fixed 30 s pause.
    assertThat(took).as("landed after %s", took).isLessThan(Duration.ofSeconds(6));
    await().atMost(LANDS).until(() -> "connected".equals(syncState("default")));
  }

  @Test
  void aSpentDailyLimitHoldsTheWorkspaceAndItsRecordsLandOnceTheLimitResets() {
    EMULATOR.seed("Contact", Map.of("LastName", "Limited", "Email", p + "-lim@acme.com"));
    pipeline.process(List.of(consumerRecord(registry, state("default", p + "-lim", p + "-lim@acme.com", null, 1), 0)));
    EMULATOR.admin().exhaustDailyLimit();
    try {
      produce(registry, call("default", p + "-lim", p + "-calllim", 1));

      await().atMost(LANDS).until(() -> "budget_exhausted".equals(syncState("default"))
          && "held".equals(syncStatus("call", p + "-calllim")));
      assertThat(metrics.isPaused()).isFalse();
      assertThat(tasks(p + "-calllim")).isEmpty();
    } finally {
      EMULATOR.admin().resetApiUsage();
    }
    await().atMost(LANDS).until(() -> tasks(p + "-calllim").size() == 1 && "success".equals(syncStatus("call", p + "-calllim")));
    await().atMost(LANDS).until(() -> "connected".equals(syncState("default")));
  }

  @Test
  void postgresDownForAWhilePausesConsumptionAndEverythingLandsOnceAfterwards() {
    EMULATOR.seed("Contact", Map.of("LastName", "Pg", "Email", p + "-pg@acme.com"));
    pipeline.process(List.of(consumerRecord(registry, state("default", p + "-pg", p + "-pg@acme.com", null, 1), 0)));
    SharedPostgres.get().stop();
    try {
      produce(registry, call("default", p + "-pg", p + "-callpg", 1),
          appointment("default", p + "-pg", p + "-apptpg", Instant.parse("2031-02-01T09:00:00Z")));
      await().atMost(LANDS).until(metrics::isPaused);
    } finally {
      SharedPostgres.get().start();
    }
    await().atMost(LANDS).until(() -> "success".equals(syncStatus("call", p + "-callpg"))
        && "success".equals(syncStatus("appointment", p + "-apptpg")));
    assertThat(tasks(p + "-callpg")).hasSize(1);
    assertThat(EMULATOR.records("Event").stream().filter(e -> (p + "-apptpg").equals(e.get("Voice_Appointment_Id__c"))))
        .hasSize(1);
  }

  @Test
  void aFieldTheOrgLacksHoldsThatWorkspaceAsSetupIncompleteWhileTheOthersSync() {
    EMULATOR.seed("Contact", Map.of("LastName", "Bad", "Email", p + "-bad@acme.com"));
    EMULATOR.seed("Contact", Map.of("LastName", "Fine", "Email", p + "-fine@acme.com"));

    // One batch, two workspaces: 'badfield' maps its use case to a field this org does not have.
    produce(registry, state("badfield", p + "-bad", p + "-bad@acme.com", null, 1),
        call("badfield", p + "-bad", p + "-callbad", 1),
        state("default", p + "-fine", p + "-fine@acme.com", null, 1), call("default", p + "-fine", p + "-callfine", 1));

    await().atMost(LANDS).until(() -> "setup_incomplete".equals(syncState("badfield"))
        && "success".equals(syncStatus("call", p + "-callfine")));
    // The org is checked before the sink writes to it: the mapped field is named, on both objects it is written to.
    assertThat(jdbc.queryForObject("SELECT reason FROM crm_sync_state WHERE workspace_id = 'badfield'", String.class))
        .contains("Lead.Voice_Agent_Missing_Field__c is missing").contains("Contact.Voice_Agent_Missing_Field__c is missing");
    // Nothing of the workspace is written, the Task (no missing field) included: it all waits for the org's fix.
    await().atMost(LANDS).until(() -> jdbc.queryForObject("SELECT count(*) FROM crm_pending WHERE workspace_id = 'badfield'"
        + " AND lead_id = ? AND entity_type IN ('lead', 'call') AND reason = 'held'", Integer.class, p + "-bad") == 2);
    assertThat(syncStatus("lead", p + "-bad")).isEqualTo("held");
    assertThat(syncStatus("call", p + "-callbad")).isEqualTo("held");
    assertThat(dlqKeys()).as("a workspace's setup is not a record's fault").doesNotContain("badfield/" + p + "-bad");
    assertThat(metrics.isPaused()).isFalse();
  }

  @Test
  void theSameLeadIdInTwoWorkspacesIsTwoLeadsEachWrittenToItsOwnOrg() {
    String ours = EMULATOR.seed("Contact", Map.of("LastName", "Ours", "Email", p + "-a@acme.com"));
    String theirs = SinkTestSupport.OTHER_ORG.seed("Contact", Map.of("LastName", "Theirs", "Email", p + "-b@globex.com"));
    String lead = p + "-shared";

    produce(registry, state("default", lead, p + "-a@acme.com", null, 2), call("default", lead, p + "-call-a", 1),
        state("tenant-b", lead, p + "-b@globex.com", null, 7), call("tenant-b", lead, p + "-call-b", 1));

    await().atMost(LANDS).until(() -> jdbc.queryForObject("SELECT count(*) FROM sync_log WHERE entity_type = 'call'"
        + " AND status = 'success' AND entity_id IN (?, ?)", Integer.class, p + "-call-a", p + "-call-b") == 2);
    assertThat(taskFor(p + "-call-a")).containsEntry("WhoId", ours);
    assertThat(SinkTestSupport.OTHER_ORG.records("Task")).filteredOn(t -> (p + "-call-b").equals(t.get("Voice_Call_Id__c")))
        .singleElement().satisfies(t -> assertThat(t).containsEntry("WhoId", theirs));
    assertThat(tasks(p + "-call-b")).as("nothing of tenant-b in the default org").isEmpty();
    assertThat(jdbc.queryForList("SELECT workspace_id || ' ' || email || ' ' || version FROM leads WHERE lead_id = ?"
        + " ORDER BY workspace_id", String.class, lead))
        .containsExactly("default " + p + "-a@acme.com 2", "tenant-b " + p + "-b@globex.com 7");
    assertThat(jdbc.queryForList("SELECT workspace_id || ' ' || salesforce_id FROM crm_links WHERE lead_id = ?"
        + " ORDER BY workspace_id", String.class, lead)).containsExactly("default " + ours, "tenant-b " + theirs);
  }

  @Test
  void aRecordKeyedForAnotherLeadThanItsValueIsParkedAndTheRestOfTheBatchLands() {
    EMULATOR.seed("Contact", Map.of("LastName", "Keyed", "Email", p + "-k@acme.com"));
    String wrongKey = "tenant-b/" + p + "-k";
    pipeline.process(List.of(
        consumerRecord(registry, wrongKey, state("default", p + "-k", p + "-k@acme.com", null, 1), 0),
        consumerRecord(registry, "no-slash", call("default", p + "-k", p + "-callk-bad", 1), 1),
        consumerRecord(registry, state("default", p + "-k2", p + "-k@acme.com", null, 1), 2),
        consumerRecord(registry, call("default", p + "-k2", p + "-callk", 1), 3)));

    assertThat(syncStatus("call", p + "-callk")).isEqualTo("success");
    assertThat(syncStatus("call", p + "-callk-bad")).as("the mis-keyed call was not written").isNull();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM leads WHERE lead_id = ?", Integer.class, p + "-k"))
        .as("nor the mis-keyed state").isZero();
    ConsumerRecord<String, byte[]> parked = dlqRecord(wrongKey);
    assertThat(header(parked, "error.reason")).isEqualTo("key_mismatch");
    assertThat(header(parked, "error.message")).contains("is not the value's lead 'default/" + p + "-k'");
    assertThat(header(dlqRecord("no-slash"), "error.reason")).isEqualTo("key_mismatch");
  }

  @Test
  void anOptOutSetsDoNotCallAndIsAuditedWithTheAcknowledgementTime() {
    String contact = EMULATOR.seed("Contact", Map.of("LastName", "Stop", "Email", p + "-stop@acme.com"));
    LeadState optedOut = state("default", p + "-stop", p + "-stop@acme.com", null, 4);
    optedOut.setDoNotCall(true);
    optedOut.setOptedOutAt(Instant.now());
    optedOut.setOptOutReason("said STOP");
    Instant before = Instant.now();
    long timedBefore = meters.get("crm_sink.optout.latency").timer().count();

    produce(registry, optedOut);

    await().atMost(LANDS).until(() -> jdbc.queryForObject("SELECT count(*) FROM optout_audit WHERE lead_id = ?",
        Integer.class, p + "-stop") == 1);
    assertThat(EMULATOR.records("Contact").stream().filter(c -> contact.equals(c.get("Id"))).findFirst().orElseThrow())
        .containsEntry("DoNotCall", true);
    Map<String, Object> audit = jdbc.queryForMap("SELECT * FROM optout_audit WHERE lead_id = ?", p + "-stop");
    assertThat(audit).containsEntry("salesforce_id", contact).containsEntry("do_not_call", true)
        .containsEntry("reason", "said STOP");
    assertThat(((java.sql.Timestamp) audit.get("acknowledged_at")).toInstant()).isAfterOrEqualTo(before.minusSeconds(1));
    // The opt-out alert's metric: one more acknowledged opt-out, timed from optedOutAt.
    assertThat(meters.get("crm_sink.optout.latency").timer().count()).isGreaterThan(timedBefore);
  }

  // ------------------------------------------------------------------ helpers

  private String syncState(String workspace) {
    return jdbc.query("SELECT state FROM crm_sync_state WHERE workspace_id = ?", (rs, i) -> rs.getString(1), workspace)
        .stream().findFirst().orElse("connected");
  }

  private String syncStatus(String type, String id) {
    return jdbc.query("SELECT status FROM sync_log WHERE entity_type = ? AND entity_id = ?",
        (rs, i) -> rs.getString(1), type, id).stream().findFirst().orElse(null);
  }

  private static List<Map<String, Object>> tasks(String callId) {
    return EMULATOR.records("Task").stream().filter(t -> callId.equals(t.get("Voice_Call_Id__c"))).toList();
  }

  private static long countTasksWithPrefix(String prefix) {
    return EMULATOR.records("Task").stream().map(t -> (String) t.get("Voice_Call_Id__c")).filter(Objects::nonNull)
        .filter(id -> id.startsWith(prefix)).count();
  }

  private static Map<String, Object> taskFor(String callId) {
    return only("Task", "Voice_Call_Id__c", callId);
  }

  private static Map<String, Object> only(String type, String field, String value) {
    List<Map<String, Object>> found = EMULATOR.records(type).stream().filter(r -> value.equals(r.get(field))).toList();
    assertThat(found).as(type + " " + value).hasSize(1);
    return found.get(0);
  }

  private static ConsumerRecord<String, byte[]> dlqRecord(String key) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.get().bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.CRM_SINK_DLQ.name()));
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      await().atMost(LANDS).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (key.equals(r.key())) {
            found.add(r);
          }
        });
        return !found.isEmpty();
      });
      return found.get(0);
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return SinkTestSupport.header(record, name);
  }

  private static List<String> dlqKeys() {
    return SinkTestSupport.dlqKeys();
  }
}
