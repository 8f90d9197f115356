package io.leadstream.api.ingest;

import io.leadstream.access.RequiresScope;
import io.leadstream.leaddb.access.Caller;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.api.web.ApiException;
import io.leadstream.api.web.FieldError;
import io.leadstream.schemas.event.VoiceEvent;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/crm/events}: one seed-004 event or an array of them (SPEC §10). */
@RestController
public class EventsController {
  private final EventMapper mapper;
  private final EventPublisher publisher;
  private final RequestJson json;
  private final int maxEvents;
  private final Clock clock;

  public EventsController(EventMapper mapper, EventPublisher publisher, RequestJson json, int maxEvents, Clock clock) {
    this.mapper = mapper;
    this.publisher = publisher;
    this.json = json;
    this.maxEvents = maxEvents;
    this.clock = clock;
  }

  @Operation(summary = "Ingest call events", description = "One event object or an array; 202 with the eventIds "
      + "once the event log acknowledged them all. Invalid input: 400 problem+json naming each bad field "
      + "(items[i].field for arrays) and nothing is written. 503 with Retry-After when the log is unavailable.")
  @RequiresScope(Scope.EVENTS_WRITE)
  @PostMapping(path = "/api/v1/crm/events", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> ingest(
      @RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace,
      @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] body) {
    JsonNode root = json.parse(body);
    Instant received = clock.instant();
    List<FieldError> errors = new ArrayList<>();
    List<VoiceEvent> events = new ArrayList<>();
    boolean array = root.isArray();
    if (array) {
      if (root.isEmpty()) {
        throw ApiException.invalid("body", "must contain at least one event");
      }
      if (root.size() > maxEvents) {
        throw ApiException.invalid("body", "must contain at most " + maxEvents + " events");
      }
      int i = 0;
      for (JsonNode item : root.values()) {
        VoiceEvent e = mapper.map(item, "items[" + i++ + "]", workspace, received, errors);
        if (e != null) {
          events.add(e);
        }
      }
      Set<String> seen = new HashSet<>();
      for (int k = 0; k < events.size() && errors.isEmpty(); k++) {
        if (!seen.add(events.get(k).getEventId())) {
          errors.add(new FieldError("items[" + k + "].eventId", "repeats an eventId of this array"));
        }
      }
    } else {
      VoiceEvent e = mapper.map(root, "", workspace, received, errors);
      if (e != null) {
        events.add(e);
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    List<String> ids = publisher.publish(events);
    Map<String, Object> answer = new LinkedHashMap<>();
    if (!array) {
      answer.put("eventId", ids.get(0));
    }
    answer.put("accepted", ids.size());
    answer.put("eventIds", ids);
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
  }
}
