package io.leadstream.api.leads;

import io.leadstream.access.RequiresScope;
import io.leadstream.leaddb.access.Caller;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.api.cadences.CadenceCatalog;
import io.leadstream.api.ingest.EventMapper;
import io.leadstream.api.ingest.EventPublisher;
import io.leadstream.api.ingest.JsonFields;
import io.leadstream.api.ingest.RequestJson;
import io.leadstream.api.web.ApiException;
import io.leadstream.api.web.FieldError;
import io.leadstream.leaddb.Lead;
import io.leadstream.leaddb.LeadReads;
import io.leadstream.schemas.event.CadenceEnrolled;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.OptOutScope;
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.VoiceEvent;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The lead API of seed 004: reads from the lead database crm-sink maintains, writes as events
 * (the pipeline is the one writer of lead state, so a PUT is a {@code LEAD_UPSERTED} and answers
 * 202 once the event log has it).
 */
@RestController
public class LeadsController {
  private final LeadReads leads;
  private final EventPublisher publisher;
  private final RequestJson json;
  private final CadenceCatalog cadences;
  private final Clock clock;

  public LeadsController(LeadReads leads, EventPublisher publisher, RequestJson json, CadenceCatalog cadences,
                         Clock clock) {
    this.leads = leads;
    this.publisher = publisher;
    this.json = json;
    this.cadences = cadences;
    this.clock = clock;
  }

  @Operation(summary = "A lead of the caller's workspace as the lead database has it", description = "404 when "
      + "the workspace has no such lead (another workspace's lead with the same id is a different lead).")
  @RequiresScope(Scope.LEADS_READ)
  @GetMapping(path = "/api/v1/crm/leads/{leadId}", produces = MediaType.APPLICATION_JSON_VALUE)
  public Lead get(@RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace, @PathVariable String leadId) {
    checkId(leadId);
    return leads.find(workspace, leadId).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
        "No lead " + leadId + "."));
  }

  @Operation(summary = "Partial lead update", description = "Any seed-004 profile fields → LEAD_UPSERTED; "
      + "doNotCall: true also records an OPTOUT_REQUESTED (channel CALL), the opt-out path. 202 with the eventIds.")
  @RequiresScope(Scope.LEADS_WRITE)
  @PutMapping(path = "/api/v1/crm/leads/{leadId}", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> update(@RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace,
                                                    @PathVariable String leadId,
                                                    @RequestBody(required = false) byte[] body) {
    checkId(leadId);
    JsonNode node = json.object(body);
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(node, "", errors);
    f.onlyKnown(EventMapper.PROFILE);
    LeadUpserted profile = EventMapper.profile(f);
    if (errors.isEmpty() && EventMapper.PROFILE.stream().noneMatch(f::has)) {
      errors.add(new FieldError("body", "needs at least one of " + EventMapper.PROFILE));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    List<VoiceEvent> events = new ArrayList<>();
    if (Boolean.TRUE.equals(profile.getDoNotCall())) {
      events.add(event(workspace, leadId, now, EventType.OPTOUT_REQUESTED,
          new OptoutRequested("doNotCall set through the lead API", OptOutScope.CALL, null)));
    }
    events.add(event(workspace, leadId, now, EventType.LEAD_UPSERTED, profile));
    List<String> ids = publisher.publish(events);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("leadId", leadId);
    answer.put("eventIds", ids);
    answer.put("updated", node.propertyNames());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
  }

  @Operation(summary = "Enroll a lead in a cadence", description = "Body {leadId, cadenceId, startDate?} → "
      + "CADENCE_ENROLLED; 404 for an unknown cadence.")
  @RequiresScope(Scope.CADENCES_WRITE)
  @PostMapping(path = "/api/v1/crm/cadences", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> enroll(@RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace,
                                                    @RequestBody(required = false) byte[] body) {
    JsonNode node = json.object(body);
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(node, "", errors);
    f.onlyKnown(Set.of("leadId", "cadenceId", "startDate", "startAt"));
    String leadId = f.string("leadId", JsonFields.ID_MAX, true);
    if (leadId != null && !EventMapper.validLeadId(leadId)) {
      f.error("leadId", "must be 1-128 characters of letters, digits and ._:@+-");
    }
    String cadenceId = f.string("cadenceId", JsonFields.ID_MAX, true);
    Instant start = f.instant(f.firstPresent("startDate", "startAt"), false);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    if (!cadences.exists(cadenceId)) {
      throw new ApiException(HttpStatus.NOT_FOUND, "Unknown cadence " + cadenceId + ".",
          List.of(new FieldError("cadenceId", "unknown cadence")), Map.of(), null);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    List<String> ids = publisher.publish(List.of(event(workspace, leadId, now, EventType.CADENCE_ENROLLED,
        new CadenceEnrolled(cadenceId, start == null ? null : start.truncatedTo(ChronoUnit.MILLIS)))));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("leadId", leadId);
    answer.put("cadenceId", cadenceId);
    answer.put("eventId", ids.get(0));
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
  }

  private static void checkId(String leadId) {
    if (!EventMapper.validLeadId(leadId)) {
      throw ApiException.invalid("leadId", "must be 1-128 characters of letters, digits and ._:@+-");
    }
  }

  static VoiceEvent event(String workspace, String leadId, Instant at, EventType type, Object payload) {
    return VoiceEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(type).setLeadId(leadId)
        .setWorkspaceId(workspace).setOccurredAt(at).setReceivedAt(at).setPayload(payload).build();
  }
}
