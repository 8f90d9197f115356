package io.leadstream.api.webhooks;

import io.leadstream.access.RequiresScope;
import io.leadstream.leaddb.access.Caller;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.api.ingest.EventPublisher;
import io.leadstream.api.ingest.RequestJson;
import io.leadstream.api.leads.LeadResolver;
import io.leadstream.api.sessions.SessionMapper;
import io.leadstream.schemas.event.VoiceEvent;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Seed documents in: the call-ended webhook (seed 001) and the session export (seed 000). */
@RestController
public class WebhooksController {
  private final CallEndedMapper callEnded = new CallEndedMapper();
  private final SessionMapper sessions = new SessionMapper();
  private final LeadResolver resolver;
  private final EventPublisher publisher;
  private final RequestJson json;
  private final Clock clock;

  public WebhooksController(LeadResolver resolver, EventPublisher publisher, RequestJson json, Clock clock) {
    this.resolver = resolver;
    this.publisher = publisher;
    this.json = json;
    this.clock = clock;
  }

  @Operation(summary = "Call-ended webhook (seed 001)", description = "phone, summary, duration, structured_data "
      + "{appointment_date, appointment_time, appointment_type, appointment_notes, appointment_duration} → "
      + "CALL_COMPLETED (+ MEETING_BOOKED, + LEAD_UPSERTED for a new lead). Redeliveries are deduplicated.")
  @RequiresScope(Scope.EVENTS_WRITE)
  @PostMapping(path = "/api/v1/webhooks/call-ended", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> callEnded(@RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace,
                                                       @RequestBody(required = false) byte[] body) {
    List<VoiceEvent> events = callEnded.map(json.object(body), workspace, clock.instant(),
        (email, phone) -> resolver.resolve(workspace, email, phone));
    return accepted(events);
  }

  @Operation(summary = "Session export (seed 000)", description = "The voice agent's session JSON (Content-Encoding: "
      + "gzip accepted) → CALL_COMPLETED with tool calls and discovered signals, MEETING_BOOKED per booked meeting, "
      + "QUALIFICATION_RESULT when a lead_score is given, LEAD_UPSERTED for a new lead.")
  @RequiresScope(Scope.EVENTS_WRITE)
  @PostMapping(path = "/api/v1/sessions", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> session(@RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace,
                                                     @RequestBody(required = false) byte[] body) {
    List<VoiceEvent> events = sessions.map(json.object(body), workspace, clock.instant(),
        (email, phone) -> resolver.resolve(workspace, email, phone));
    return accepted(events);
  }

  private ResponseEntity<Map<String, Object>> accepted(List<VoiceEvent> events) {
    List<String> ids = publisher.publish(events);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("leadId", events.get(0).getLeadId());
    answer.put("callId", events.get(0).getCallId());
    answer.put("eventIds", ids);
    answer.put("eventTypes", events.stream().map(e -> e.getEventType().name()).toList());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
  }
}
