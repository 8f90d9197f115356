package io.leadstream.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.schemas.event.CallCompleted;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SPEC §10 input hygiene on every input of event-api: a text field carrying NUL or another control
 * character (tab, line feed and carriage return are fine in free text) or an unpaired surrogate is a
 * 400 naming the field. Bodies spell those characters as JSON escapes, as a client sends them.
 */
class InputHygieneTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static String lead() {
    return "hygiene-" + UUID.randomUUID();
  }

  private static List<String> refusedFields(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    return JSON.readTree(answer.body()).path("errors").values().stream().map(e -> e.path("field").asString()).toList();
  }

  @Test
  void aNulInAnEventsFreeTextIsRefusedNamingTheField() throws Exception {
    HttpResponse<String> answer = post("/api/v1/crm/events", """
        {"eventType": "CALL_COMPLETED", "leadId": "%s", "summary": "Booked a demo\\u0000"}""".formatted(lead()));
    assertThat(refusedFields(answer)).containsExactly("summary");
    assertThat(answer.body()).contains("U+0000");
  }

  @Test
  void otherControlCharactersAreRefusedInIdsAndLabels() throws Exception {
    for (String control : new String[] {"\\u001b", "\\u007f", "\\u0085", "\\t", "\\n"}) {
      HttpResponse<String> answer = post("/api/v1/crm/events", """
          {"eventType": "CALL_PLACED", "leadId": "%s", "campaignId": "spring%ssale"}""".formatted(lead(), control));
      assertThat(refusedFields(answer)).as(control).containsExactly("campaignId");
    }
  }

  @Test
  void aTabAndLineBreaksInASummaryAreAccepted() throws Exception {
    String lead = lead();
    HttpResponse<String> answer = post("/api/v1/crm/events", """
        {"eventType": "CALL_COMPLETED", "leadId": "%s", "summary": "Pains:\\tcontracts\\r\\nNext: demo"}"""
        .formatted(lead));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    assertThat(((CallCompleted) recordsOf(lead).get(0).value().getPayload()).getSummary())
        .isEqualTo("Pains:\tcontracts\r\nNext: demo");
  }

  @Test
  void aControlCharacterOtherThanTabOrLineBreakIsRefusedInFreeText() throws Exception {
    HttpResponse<String> answer = post("/api/v1/crm/events", """
        {"eventType": "OPTOUT_REQUESTED", "leadId": "%s", "utterance": "stop calling\\u0007"}""".formatted(lead()));
    assertThat(refusedFields(answer)).containsExactly("utterance");
  }

  @Test
  void anUnpairedSurrogateIsRefusedWhileAPairedOneIsText() throws Exception {
    HttpResponse<String> lone = post("/api/v1/crm/events", """
        {"eventType": "MEETING_BOOKED", "leadId": "%s", "date": "2025-11-01", "notes": "bring \\ud83d ID"}"""
        .formatted(lead()));
    assertThat(refusedFields(lone)).containsExactly("notes");
    assertThat(post("/api/v1/crm/events", """
        {"eventType": "MEETING_BOOKED", "leadId": "%s", "date": "2025-11-01", "notes": "bring \\ud83d\\ude00 ID"}"""
        .formatted(lead())).statusCode()).isEqualTo(202);
  }

  @Test
  void aListItemWithAControlCharacterIsNamedByItsIndex() throws Exception {
    HttpResponse<String> answer = post("/api/v1/crm/events", """
        {"eventType": "QUALIFICATION_RESULT", "leadId": "%s", "leadScore": 50,
         "painPoints": ["slow approvals", "manual\\u0000contracts"]}""".formatted(lead()));
    assertThat(refusedFields(answer)).containsExactly("painPoints[1]");
  }

  @Test
  void aToolCallArgumentWithANulIsRefused() throws Exception {
    HttpResponse<String> answer = post("/api/v1/crm/events", """
        {"eventType": "CALL_COMPLETED", "leadId": "%s",
         "toolCalls": [{"tool": "book_sales_meeting", "arguments": {"preferred_date": "2025-11-01\\u0000"}}]}"""
        .formatted(lead()));
    assertThat(refusedFields(answer)).containsExactly("toolCalls[0].arguments.preferred_date");
  }

  @Test
  void aLeadUpdateWithANulIsRefusedNamingTheField() throws Exception {
    HttpResponse<String> answer = send("PUT", "/api/v1/crm/leads/" + lead(), TOKEN, "application/json",
        "{\"firstName\": \"Jo\\u0000hn\"}".getBytes(), Map.of());
    assertThat(refusedFields(answer)).containsExactly("firstName");
  }

  @Test
  void aWebhookWithANulInItsAppointmentNotesIsRefusedNamingTheNestedField() throws Exception {
    HttpResponse<String> answer = post("/api/v1/webhooks/call-ended", """
        {"phone": "+13055550142", "summary": "ok", "structured_data": {"appointment_date": "2025-01-15",
         "appointment_notes": "Bring\\u0000ID"}}""");
    assertThat(refusedFields(answer)).containsExactly("structured_data.appointment_notes");
  }

  @Test
  void aSessionExportWithAControlCharacterInAToolCallPropertyIsRefused() throws Exception {
    HttpResponse<String> answer = post("/api/v1/sessions", """
        {"session_id": "rm_%s", "user_email": "a@b.example",
         "tool_calls": [{"tool": "send_documentation", "customer_name": "John\\u001bDoe"}]}"""
        .formatted(UUID.randomUUID()));
    assertThat(refusedFields(answer)).containsExactly("tool_calls[0].customer_name");
  }

  @Test
  void anAdminBodyWithANulIsRefusedNamingTheField() throws Exception {
    HttpResponse<String> answer = send("POST", "/admin/v1/workspaces", ADMIN_KEY, "application/json",
        "{\"workspaceId\": \"hygiene-ws\", \"name\": \"Acme\\u0000\"}".getBytes(), Map.of());
    assertThat(refusedFields(answer)).containsExactly("name");
    JsonNode workspaces = JSON.readTree(send("GET", "/admin/v1/workspaces", ADMIN_KEY, null, null, Map.of()).body());
    assertThat(workspaces.path("workspaces").findValuesAsString("workspaceId")).doesNotContain("hygiene-ws");
  }
}
