package io.leadstream.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.CadenceEnrolled;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.MeetingBooked;
import io.leadstream.schemas.event.OptOutScope;
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.QualificationResult;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.testkit.kafka.SharedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP endpoints that write events, read back from voice.events.v1 as the pipeline sees them. */
class EventsApiTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired DataSource dataSource;

  private static String lead() {
    return "lead-" + UUID.randomUUID();
  }

  @Test
  void aSingleSeedShapedEventIsAcceptedAfterTheBrokerAckAndReadsBackAsTheRequest() throws Exception {
    String lead = lead();
    String eventId = UUID.randomUUID().toString();
    HttpResponse<String> answer = post("/api/v1/crm/events", """
        {"eventId": "%s", "eventType": "QUALIFICATION_RESULT", "leadId": "%s", "campaignId": "campaign_new_lead",
         "timestamp": "2025-10-29T14:30:00Z", "painPoints": ["manual contracts"], "segment": "agencies",
         "leadScore": 72, "nextAction": "book demo"}""".formatted(eventId, lead));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    assertThat(JSON.readTree(answer.body()).path("eventIds").get(0).asString()).isEqualTo(eventId);
    List<ConsumerRecord<String, VoiceEvent>> records = recordsOf(lead);
    assertThat(records).hasSize(1);
    VoiceEvent e = records.get(0).value();
    assertThat(records.get(0).key()).isEqualTo("default/" + lead);
    VoiceEvent expected = VoiceEvent.newBuilder().setEventId(eventId).setEventType(EventType.QUALIFICATION_RESULT)
        .setLeadId(lead).setWorkspaceId("default").setOccurredAt(Instant.parse("2025-10-29T14:30:00Z"))
        .setReceivedAt(e.getReceivedAt()).setCampaignId("campaign_new_lead")
        .setPayload(new QualificationResult(List.of("manual contracts"), "agencies", 72, "book demo")).build();
    assertThat(e).isEqualTo(expected);
  }

  @Test
  void anArrayIsAcceptedWholeInOrderWithGeneratedEventIds() throws Exception {
    String lead = lead();
    HttpResponse<String> answer = post("/api/v1/crm/events", """
        [{"eventType": "CALL_PLACED", "leadId": "%1$s", "agentId": "agent-7", "flowId": "intro"},
         {"eventType": "CALL_COMPLETED", "leadId": "%1$s", "callId": "c1", "durationSeconds": 900,
          "direction": "outbound", "summary": "Discussed proposals",
          "toolCalls": [{"tool": "book_sales_meeting", "arguments": {"preferred_date": "2025-11-01", "seats": 12}}],
          "discoveredSignals": {"useCase": "sales_proposals", "teamSize": "10-50", "painPoints": ["slow approvals"]}},
         {"eventType": "MEETING_BOOKED", "leadId": "%1$s", "date": "2025-11-01", "time": "2:00 PM",
          "timeZone": "America/New_York"}]""".formatted(lead));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    List<String> ids = JSON.readTree(answer.body()).path("eventIds").values().stream().map(JsonNode::asString).toList();
    List<VoiceEvent> events = recordsOf(lead).stream().map(ConsumerRecord::value).toList();
    assertThat(events).extracting(VoiceEvent::getEventId).containsExactlyElementsOf(ids);
    assertThat(events.get(1).getPayload()).isEqualTo(new CallCompleted(900, CallDirection.OUTBOUND, null,
        "Discussed proposals", List.of(new ToolCall("book_sales_meeting",
            Map.of("preferred_date", "2025-11-01", "seats", "12"), null)),
        new DiscoveredSignals("sales_proposals", "10-50", List.of("slow approvals")), null));
    MeetingBooked meeting = (MeetingBooked) events.get(2).getPayload();
    assertThat(meeting.getTime()).isEqualTo("2:00 PM");
    assertThat(meeting.getDurationMinutes()).isEqualTo(60);
    assertThat(meeting.getAppointmentId()).isEqualTo("appt-" + ids.get(2));
  }

  @Test
  void anArrayWithInvalidItemsIsRefusedNamingEachBadFieldAndWritesNothing() throws Exception {
    String lead = lead();
    HttpResponse<String> answer = post("/api/v1/crm/events", """
        [{"eventType": "CALL_PLACED", "leadId": "%1$s"},
         {"eventType": "QUALIFICATION_RESULT", "leadId": "%1$s", "leadScore": 101},
         {"eventType": "CALL_TELEPORTED", "leadId": "%1$s"},
         {"eventType": "CALL_ANSWERED", "leadId": "%1$s", "timestamp": "yesterday", "callDuration": -1}]"""
        .formatted(lead));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.path("errors").values().stream().map(e -> e.path("field").asString()).toList())
        .containsExactlyInAnyOrder("items[1].leadScore", "items[2].eventType", "items[3].timestamp",
            "items[3].callDuration");
    // A later valid event for the same lead is the only record of it.
    assertThat(post("/api/v1/crm/events", "{\"eventType\": \"CALL_PLACED\", \"leadId\": \"" + lead + "\"}")
        .statusCode()).isEqualTo(202);
    assertThat(recordsOf(lead)).hasSize(1);
  }

  @Test
  void eachValidationRuleNamesItsField() throws Exception {
    Map<String, String> cases = Map.ofEntries(
        Map.entry("{\"leadId\": \"l1\"}", "eventType"),
        Map.entry("{\"eventType\": \"CALL_PLACED\"}", "leadId"),
        Map.entry("{\"eventType\": \"CALL_PLACED\", \"leadId\": \"has space\"}", "leadId"),
        Map.entry("{\"eventType\": \"CALL_PLACED\", \"leadId\": \"l1\", \"eventId\": \"not-a-uuid\"}", "eventId"),
        Map.entry("{\"eventType\": \"CALL_PLACED\", \"leadId\": \"l1\", \"surprise\": 1}", "surprise"),
        Map.entry("{\"eventType\": \"CALL_PLACED\", \"leadId\": \"l1\", \"timestamp\": \"2025-10-29T14:30:00\"}",
            "timestamp"),
        Map.entry("{\"eventType\": \"CALL_PLACED\", \"leadId\": \"l1\", \"workspaceId\": \"other\"}", "workspaceId"),
        Map.entry("{\"eventType\": \"CALL_PLACED\", \"leadId\": \"l1\", \"campaignId\": \"" + "x".repeat(129) + "\"}",
            "campaignId"),
        Map.entry("{\"eventType\": \"TRIAL_SIGNUP_OFFERED\", \"leadId\": \"l1\"}", "accepted"),
        Map.entry("{\"eventType\": \"QUALIFICATION_RESULT\", \"leadId\": \"l1\", \"leadScore\": 4.5}", "leadScore"),
        Map.entry("{\"eventType\": \"UPGRADE_OFFERED\", \"leadId\": \"l1\", \"accepted\": \"yes\"}", "accepted"),
        Map.entry("{\"eventType\": \"MEETING_BOOKED\", \"leadId\": \"l1\", \"date\": \"2025-11-01\", "
            + "\"timeZone\": \"Mars/Olympus\"}", "timeZone"),
        Map.entry("{\"eventType\": \"OPTOUT_REQUESTED\", \"leadId\": \"l1\", \"channel\": \"PIGEON\"}", "channel"),
        Map.entry("{\"eventType\": \"CONSENT_RECORDED\", \"leadId\": \"l1\", \"granted\": true}", "kind"),
        Map.entry("{\"eventType\": \"LEAD_UPSERTED\", \"leadId\": \"l1\", \"email\": \"nope\"}", "email"),
        Map.entry("{\"eventType\": \"LEAD_UPSERTED\", \"leadId\": \"l1\", \"segment\": \"whales\"}", "segment"),
        Map.entry("{\"eventType\": \"CADENCE_ENROLLED\", \"leadId\": \"l1\", \"cadenceId\": \"no-such\"}", "cadenceId"),
        Map.entry("{\"eventType\": \"CALL_COMPLETED\", \"leadId\": \"l1\", \"recordingUrl\": \"ftp://x\"}",
            "recordingUrl"),
        Map.entry("{\"eventType\": \"CALL_PLACED\", \"leadId\": \"l1\", \"leadId\": \"l2\"}", "body"),
        Map.entry("{\"eventType\": ", "body"),
        Map.entry("[]", "body"));
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> answer = post("/api/v1/crm/events", c.getKey());
      assertThat(answer.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(JSON.readTree(answer.body()).path("errors").values().stream()
          .map(e -> e.path("field").asString()).toList()).as(c.getKey()).contains(c.getValue());
    }
  }

  @Test
  void aRetryWithTheSameEventIdIsTheSameRecordForStreamAppsDeduplication() throws Exception {
    // stream-app drops an event whose eventId is among the lead's last 64 applied ones
    // (LeadEventApplier#isDuplicate); event-api's part is to pass the client's eventId through
    // unchanged and key both copies by the lead, so the retry lands on the same partition after it.
    String lead = lead();
    String body = """
        {"eventId": "%s", "eventType": "CALL_NO_ANSWER", "leadId": "%s", "attemptNumber": 2,
         "timestamp": "2025-10-29T14:30:00Z"}""".formatted(UUID.randomUUID(), lead);
    assertThat(post("/api/v1/crm/events", body).statusCode()).isEqualTo(202);
    assertThat(post("/api/v1/crm/events", body).statusCode()).isEqualTo(202);

    List<ConsumerRecord<String, VoiceEvent>> records = recordsOf(lead);
    assertThat(records).hasSize(2);
    assertThat(records.get(1).partition()).isEqualTo(records.get(0).partition());
    VoiceEvent first = records.get(0).value();
    VoiceEvent retry = records.get(1).value();
    assertThat(retry.getEventId()).isEqualTo(first.getEventId());
    first.setReceivedAt(retry.getReceivedAt());
    assertThat(retry).isEqualTo(first);
  }

  @Test
  void requestsWithoutAValidTokenTooLargeOrOfAnotherTypeAreRefused() throws Exception {
    String event = "{\"eventType\": \"CALL_PLACED\", \"leadId\": \"l1\"}";
    HttpResponse<String> none = send("POST", "/api/v1/crm/events", null, "application/json", event.getBytes(), Map.of());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(send("POST", "/api/v1/crm/events", "wrong", "application/json", event.getBytes(), Map.of())
        .statusCode()).isEqualTo(401);
    assertThat(send("POST", "/api/v1/crm/events", TOKEN, "application/json", new byte[70_000], Map.of())
        .statusCode()).isEqualTo(413);
    assertThat(send("POST", "/api/v1/crm/events", TOKEN, "text/plain", event.getBytes(), Map.of()).statusCode())
        .isEqualTo(415);
    assertThat(send("POST", "/api/v1/crm/events", TOKEN, "application/json", event.getBytes(),
        Map.of("Content-Encoding", "br")).statusCode()).isEqualTo(415);
  }

  @Test
  void aLeadIsReadFromTheLeadDatabaseOnlyByItsWorkspace() throws Exception {
    String lead = lead();
    new JdbcTemplate(dataSource).update("""
        INSERT INTO leads (workspace_id, lead_id, email, first_name, phone, status, version, engagement_score)
        VALUES ('default', ?, 'ann@acme.example', 'Ann', '+13055550142', 'contacted', 4, 37)""", lead);

    HttpResponse<String> found = get("/api/v1/crm/leads/" + lead);
    assertThat(found.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(found.body());
    assertThat(body.path("email").asString()).isEqualTo("ann@acme.example");
    assertThat(body.path("status").asString()).isEqualTo("contacted");
    assertThat(body.path("engagementScore").asInt()).isEqualTo(37);
    assertThat(get("/api/v1/crm/leads/" + lead()).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/v1/crm/leads/" + lead, OTHER_TOKEN, null, null, Map.of()).statusCode())
        .as("another workspace's lead is absent").isEqualTo(404);
  }

  @Test
  void aPartialLeadUpdateIsALeadUpsertAndDoNotCallTakesTheOptOutPath() throws Exception {
    String lead = lead();
    HttpResponse<String> update = send("PUT", "/api/v1/crm/leads/" + lead, TOKEN, "application/json",
        "{\"company\": \"Acme\", \"segment\": \"enterprise\", \"timeZone\": \"America/Chicago\"}".getBytes(), Map.of());
    assertThat(update.statusCode()).as(update.body()).isEqualTo(202);
    HttpResponse<String> optOut = send("PUT", "/api/v1/crm/leads/" + lead, TOKEN, "application/json",
        "{\"doNotCall\": true}".getBytes(), Map.of());
    assertThat(optOut.statusCode()).isEqualTo(202);
    assertThat(send("PUT", "/api/v1/crm/leads/" + lead, TOKEN, "application/json",
        "{\"status\": \"frozen\", \"doNotCall\": \"yes\"}".getBytes(), Map.of()).statusCode()).isEqualTo(400);

    List<VoiceEvent> events = recordsOf(lead).stream().map(ConsumerRecord::value).toList();
    assertThat(events).extracting(VoiceEvent::getEventType).containsExactly(EventType.LEAD_UPSERTED,
        EventType.OPTOUT_REQUESTED, EventType.LEAD_UPSERTED);
    assertThat(events.get(0).getPayload()).isEqualTo(LeadUpserted.newBuilder().setCompany("Acme")
        .setSegment("enterprise").setTimeZone("America/Chicago").build());
    assertThat(((OptoutRequested) events.get(1).getPayload()).getChannel()).isEqualTo(OptOutScope.CALL);
    assertThat(events.get(2).getPayload()).isEqualTo(LeadUpserted.newBuilder().setDoNotCall(true).build());
  }

  @Test
  void enrollmentNeedsACadenceThatOpsPublished() throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.get().bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.CADENCE_DEFINITIONS.name(), "new-lead-outbound", new byte[] {0})).get();
    }
    String lead = lead();
    String enroll = "{\"leadId\": \"%s\", \"cadenceId\": \"%s\", \"startDate\": \"2025-11-03T09:00:00-05:00\"}";
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(post("/api/v1/crm/cadences", enroll.formatted(lead, "new-lead-outbound")).statusCode())
            .isEqualTo(202));
    assertThat(post("/api/v1/crm/cadences", enroll.formatted(lead, "configured-cadence")).statusCode()).isEqualTo(202);
    HttpResponse<String> unknown = post("/api/v1/crm/cadences", enroll.formatted(lead, "no-such-cadence"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(post("/api/v1/crm/cadences", "{\"cadenceId\": \"new-lead-outbound\"}").statusCode()).isEqualTo(400);

    List<VoiceEvent> events = recordsOf(lead).stream().map(ConsumerRecord::value).toList();
    assertThat(events).extracting(VoiceEvent::getPayload).contains(
        new CadenceEnrolled("new-lead-outbound", Instant.parse("2025-11-03T14:00:00Z")),
        new CadenceEnrolled("configured-cadence", Instant.parse("2025-11-03T14:00:00Z")));
  }

  @Test
  void aCallEndedWebhookBecomesTheLeadItsCallAndItsAppointment() throws Exception {
    String phone = "+1305555" + (1000 + (int) (Math.random() * 8999));
    String body = """
        {"call_id": "%s", "phone": "%s", "summary": "Wants a consultation", "duration": 120,
         "structured_data": {"appointment_date": "2025-01-15", "appointment_time": "2:00 PM",
          "appointment_type": "Consultation", "appointment_notes": "Bring ID", "appointment_duration": 45},
         "assistant": {"ignored": true}}""".formatted("wc_" + UUID.randomUUID(), phone);
    HttpResponse<String> answer = post("/api/v1/webhooks/call-ended", body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    String lead = JSON.readTree(answer.body()).path("leadId").asString();
    // A redelivery resolves to the same lead and the same eventIds.
    HttpResponse<String> again = post("/api/v1/webhooks/call-ended", body);
    assertThat(JSON.readTree(again.body()).path("eventIds")).isEqualTo(JSON.readTree(answer.body()).path("eventIds"));

    List<VoiceEvent> events = recordsOf(lead).stream().map(ConsumerRecord::value).limit(3).toList();
    assertThat(events).extracting(VoiceEvent::getEventType).containsExactly(EventType.LEAD_UPSERTED,
        EventType.CALL_COMPLETED, EventType.MEETING_BOOKED);
    assertThat(((LeadUpserted) events.get(0).getPayload()).getPhone()).isEqualTo(phone);
    CallCompleted call = (CallCompleted) events.get(1).getPayload();
    assertThat(call.getDurationSeconds()).isEqualTo(120);
    assertThat(call.getSummary()).isEqualTo("Wants a consultation");
    MeetingBooked meeting = (MeetingBooked) events.get(2).getPayload();
    assertThat(List.of(meeting.getDate(), meeting.getTime(), meeting.getType(), meeting.getNotes()))
        .containsExactly("2025-01-15", "2:00 PM", "Consultation", "Bring ID");
    assertThat(meeting.getDurationMinutes()).isEqualTo(45);

    assertThat(post("/api/v1/webhooks/call-ended", "{\"summary\": \"no phone\"}").statusCode()).isEqualTo(400);
    assertThat(post("/api/v1/webhooks/call-ended", "{\"phone\": \"+13055550100\", \"structured_data\": "
        + "{\"appointment_time\": \"2pm\", \"appointment_duration\": 0}}").statusCode()).isEqualTo(400);
  }

  @Test
  void aGzippedSessionExportOfAKnownLeadBecomesItsCallMeetingAndQualification() throws Exception {
    String lead = lead();
    String email = "john+" + UUID.randomUUID().toString().substring(0, 6) + "@acme.example";
    new JdbcTemplate(dataSource).update("INSERT INTO leads (workspace_id, lead_id, email) VALUES ('default', ?, ?)",
        lead, email.toUpperCase());
    String session = """
        {"session_id": "rm_%s", "user_email": "%s", "start_time": "2025-10-29T14:30:00Z",
         "end_time": "2025-10-29T14:45:00Z", "duration_seconds": 900,
         "tool_calls": [{"tool": "book_sales_meeting", "customer_name": "John Doe", "customer_email": "%2$s",
                         "preferred_date": "2025-11-01", "meeting_booked": true},
                        {"tool": "send_documentation"}],
         "discovered_signals": {"use_case": "sales_proposals", "team_size": "10-50",
                                "pain_points": ["manual contract creation", "slow approval process"],
                                "lead_score": 80}}""".formatted(UUID.randomUUID(), email);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(session.getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> answer = send("POST", "/api/v1/sessions", TOKEN, "application/json", gz.toByteArray(),
        Map.of("Content-Encoding", "gzip"));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    assertThat(JSON.readTree(answer.body()).path("leadId").asString()).isEqualTo(lead);

    List<VoiceEvent> events = recordsOf(lead).stream().map(ConsumerRecord::value).toList();
    assertThat(events).extracting(VoiceEvent::getEventType).containsExactly(EventType.CALL_COMPLETED,
        EventType.QUALIFICATION_RESULT, EventType.MEETING_BOOKED);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getCallId()).startsWith("rm_");
      assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2025-10-29T14:45:00Z"));
    });
    CallCompleted call = (CallCompleted) events.get(0).getPayload();
    assertThat(call.getDurationSeconds()).isEqualTo(900);
    assertThat(call.getToolCalls()).extracting(ToolCall::getTool).containsExactly("book_sales_meeting",
        "send_documentation");
    assertThat(call.getDiscoveredSignals().getPainPoints()).containsExactly("manual contract creation",
        "slow approval process");
    assertThat(((QualificationResult) events.get(1).getPayload()).getLeadScore()).isEqualTo(80);
    assertThat(((MeetingBooked) events.get(2).getPayload()).getDate()).isEqualTo("2025-11-01");

    assertThat(send("POST", "/api/v1/sessions", TOKEN, "application/json", new byte[] {31, -117, 8, 0},
        Map.of("Content-Encoding", "gzip")).statusCode()).isEqualTo(400);
    assertThat(post("/api/v1/sessions", "{\"user_email\": \"a@b.example\"}").statusCode()).isEqualTo(400);
  }
}
