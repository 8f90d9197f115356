package io.leadstream.api.ingest;

import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Events derived from one source document (a call-ended webhook, a session export). Their eventIds
 * are name-based UUIDs of workspace, source id and position, so a redelivered document produces
 * the same eventIds and stream-app drops the repeats.
 */
public final class DerivedEvents {
  private final String workspaceId;
  private final String sourceId;
  private final String leadId;
  private final String callId;
  private final Instant occurredAt;
  private final Instant receivedAt;
  private final List<VoiceEvent> events = new ArrayList<>();

  public DerivedEvents(String workspaceId, String sourceId, String leadId, String callId, Instant occurredAt,
                       Instant receivedAt) {
    this.workspaceId = workspaceId;
    this.sourceId = sourceId;
    this.leadId = leadId;
    this.callId = callId;
    this.occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
    this.receivedAt = receivedAt.truncatedTo(ChronoUnit.MILLIS);
  }

  public DerivedEvents add(EventType type, Object payload) {
    String name = workspaceId + "|" + sourceId + "|" + events.size() + "|" + type.name();
    events.add(VoiceEvent.newBuilder()
        .setEventId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
        .setEventType(type).setLeadId(leadId).setWorkspaceId(workspaceId).setCallId(callId)
        .setOccurredAt(occurredAt).setReceivedAt(receivedAt).setPayload(payload).build());
    return this;
  }

  public List<VoiceEvent> events() {
    return List.copyOf(events);
  }
}
