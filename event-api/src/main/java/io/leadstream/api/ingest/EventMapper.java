package io.leadstream.api.ingest;

import static io.leadstream.api.ingest.JsonFields.ID_MAX;
import static io.leadstream.api.ingest.JsonFields.LIST_MAX;
import static io.leadstream.api.ingest.JsonFields.LONG_TEXT_MAX;
import static io.leadstream.api.ingest.JsonFields.TEXT_MAX;

import io.leadstream.api.web.FieldError;
import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.event.CadenceEnrolled;
import io.leadstream.schemas.event.CadenceExited;
import io.leadstream.schemas.event.CallAnswered;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.CallNoAnswer;
import io.leadstream.schemas.event.CallPlaced;
import io.leadstream.schemas.event.ConsentRecorded;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.MeetingBooked;
import io.leadstream.schemas.event.OptOutScope;
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.QualificationResult;
import io.leadstream.schemas.event.TrialSignupOffered;
import io.leadstream.schemas.event.UpgradeOffered;
import io.leadstream.schemas.event.VoiceEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Seed-004 JSON events → {@link VoiceEvent} (SPEC §4), with strict validation: required fields per
 * type, enums, ISO-8601 timestamps with offset, leadScore 0–100, string/list sizes, and no
 * unknown fields. Seed spellings are accepted beside the SPEC's ({@code timestamp} /
 * {@code occurredAt}, {@code callDuration} / {@code durationSeconds}, {@code agentAccepted} /
 * {@code accepted}, {@code discount} / {@code discountPercent}, {@code startDate} / {@code startAt}).
 */
public final class EventMapper {
  /** Lead profile values of seed 004. */
  public static final List<String> SEGMENTS = List.of("solo_devs", "agencies", "enterprise");
  private static final Set<LeadStatus> STATUSES = EnumSet.complementOf(EnumSet.of(LeadStatus.UNKNOWN));
  private static final Set<EventType> TYPES = EnumSet.complementOf(EnumSet.of(EventType.UNKNOWN));
  private static final Pattern LEAD_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$");
  private static final Pattern STATE = Pattern.compile("^[A-Za-z]{2}$");
  private static final Set<String> ENVELOPE = Set.of("eventId", "eventType", "leadId", "workspaceId", "timestamp",
      "occurredAt", "campaignId", "agentId", "flowId", "callId");
  /** Profile fields of LEAD_UPSERTED and PUT /leads. */
  public static final Set<String> PROFILE = Set.of("email", "firstName", "lastName", "phone", "company", "segment",
      "status", "preferredContactTime", "timeZone", "state", "doNotCall", "doNotEmail");

  private final Predicate<String> knownCadence;

  /** @param knownCadence whether a cadence id is defined (CADENCE_ENROLLED of an unknown one is refused) */
  public EventMapper(Predicate<String> knownCadence) {
    this.knownCadence = knownCadence;
  }

  /**
   * One event; null (with errors added under {@code prefix}) when invalid.
   *
   * @param workspaceId the caller's workspace (a different {@code workspaceId} in the body is an error)
   */
  public VoiceEvent map(JsonNode node, String prefix, String workspaceId, Instant receivedAt,
                        List<FieldError> errors) {
    if (node == null || !node.isObject()) {
      errors.add(new FieldError(prefix.isEmpty() ? "body" : prefix, "must be a JSON object"));
      return null;
    }
    int before = errors.size();
    JsonFields f = new JsonFields(node, prefix, errors);
    EventType type = f.enumValue("eventType", EventType.class, TYPES, true);
    String eventId = f.uuid("eventId");
    String leadId = leadId(f, "leadId");
    String ws = f.string("workspaceId", ID_MAX, false);
    if (ws != null && !ws.equals(workspaceId)) {
      f.error("workspaceId", "is not the workspace of this token");
    }
    String timeField = f.firstPresent("timestamp", "occurredAt");
    Instant occurredAt = f.instant(timeField, false);
    if (f.has("timestamp") && f.has("occurredAt")) {
      f.error("occurredAt", "give either timestamp or occurredAt");
    }
    String campaignId = f.string("campaignId", ID_MAX, false);
    String agentId = f.string("agentId", ID_MAX, false);
    String flowId = f.string("flowId", ID_MAX, false);
    String callId = f.string("callId", ID_MAX, false);
    Set<String> allowed = new HashSet<>(ENVELOPE);
    String id = eventId != null ? eventId : UUID.randomUUID().toString();
    Object payload = type == null ? null : payload(type, f, allowed, occurredAt == null ? receivedAt : occurredAt,
        id);
    if (type != null) {
      f.onlyKnown(allowed);
    }
    if (errors.size() > before) {
      return null;
    }
    return VoiceEvent.newBuilder()
        .setEventId(id)
        .setEventType(type)
        .setLeadId(leadId)
        .setWorkspaceId(workspaceId)
        .setOccurredAt(millis(occurredAt == null ? receivedAt : occurredAt))
        .setReceivedAt(millis(receivedAt))
        .setCampaignId(campaignId)
        .setAgentId(agentId)
        .setFlowId(flowId)
        .setCallId(callId)
        .setPayload(payload)
        .build();
  }

  static String leadId(JsonFields f, String field) {
    String id = f.string(field, ID_MAX, true);
    if (id != null && !LEAD_ID.matcher(id).matches()) {
      f.error(field, "must be 1-128 characters of letters, digits and ._:@+- starting with a letter or digit");
      return null;
    }
    return id;
  }

  public static boolean validLeadId(String id) {
    return id != null && LEAD_ID.matcher(id).matches();
  }

  static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }

  private Object payload(EventType type, JsonFields f, Set<String> allowed, Instant occurredAt, String eventId) {
    switch (type) {
      case CALL_PLACED -> {
        allowed.addAll(List.of("dialedNumber", "triggerId"));
        return new CallPlaced(f.phone("dialedNumber", false), f.string("triggerId", ID_MAX, false));
      }
      case CALL_ANSWERED -> {
        allowed.addAll(List.of("callDuration", "durationSeconds", "flowNodesTraversed"));
        Integer duration = f.integer(f.firstPresent("durationSeconds", "callDuration"), 0, 86_400, false);
        List<String> nodes = f.strings("flowNodesTraversed", LIST_MAX, ID_MAX);
        return new CallAnswered(duration == null ? 0 : duration, nodes == null ? List.of() : nodes);
      }
      case CALL_NO_ANSWER -> {
        allowed.addAll(List.of("attemptNumber", "outcome"));
        Integer attempt = f.integer("attemptNumber", 1, 1_000, false);
        return new CallNoAnswer(attempt == null ? 1 : attempt, f.string("outcome", ID_MAX, false));
      }
      case CALL_COMPLETED -> {
        allowed.addAll(List.of("callDuration", "durationSeconds", "direction", "disposition", "summary", "toolCalls",
            "discoveredSignals", "recordingUrl"));
        return callCompleted(f);
      }
      case TRIAL_SIGNUP_OFFERED -> {
        allowed.addAll(List.of("agentAccepted", "accepted", "plan"));
        if (f.has("agentAccepted") && f.has("accepted")) {
          f.error("accepted", "give either agentAccepted or accepted");
        }
        Boolean accepted = f.bool(f.firstPresent("accepted", "agentAccepted"), true);
        return new TrialSignupOffered(accepted != null && accepted, f.string("plan", ID_MAX, false));
      }
      case QUALIFICATION_RESULT -> {
        allowed.addAll(List.of("painPoints", "segment", "leadScore", "nextAction"));
        List<String> pains = f.strings("painPoints", LIST_MAX, TEXT_MAX);
        Integer score = f.integer("leadScore", 0, 100, true);
        return new QualificationResult(pains == null ? List.of() : pains, f.string("segment", ID_MAX, false),
            score == null ? 0 : score, f.text("nextAction", TEXT_MAX, false));
      }
      case UPGRADE_OFFERED -> {
        allowed.addAll(List.of("currentPlan", "proposedPlan", "discount", "discountPercent", "accepted"));
        Double discount = f.number(f.firstPresent("discountPercent", "discount"), 0, 100, false);
        Boolean accepted = f.bool("accepted", true);
        return new UpgradeOffered(f.string("currentPlan", ID_MAX, false), f.string("proposedPlan", ID_MAX, false),
            discount == null ? 0.0 : discount, accepted != null && accepted);
      }
      case MEETING_BOOKED -> {
        allowed.addAll(List.of("appointmentId", "date", "time", "timeZone", "durationMinutes", "type", "notes"));
        String appointmentId = f.string("appointmentId", ID_MAX, false);
        String date = f.string("date", 64, true);
        String time = f.string("time", 64, false);
        String zone = f.zone("timeZone");
        Integer duration = f.integer("durationMinutes", 1, 1_440, false);
        String meetingType = f.string("type", ID_MAX, false);
        return new MeetingBooked(appointmentId != null ? appointmentId : "appt-" + eventId, date, time, zone,
            duration == null ? 60 : duration, meetingType == null ? "Sales Meeting" : meetingType,
            f.text("notes", TEXT_MAX, false));
      }
      case OPTOUT_REQUESTED -> {
        allowed.addAll(List.of("reason", "channel", "utterance"));
        OptOutScope scope = f.enumValue("channel", OptOutScope.class, EnumSet.allOf(OptOutScope.class), false);
        return new OptoutRequested(f.text("reason", TEXT_MAX, false), scope == null ? OptOutScope.ALL : scope,
            f.text("utterance", TEXT_MAX, false));
      }
      case CONSENT_RECORDED -> {
        allowed.addAll(List.of("kind", "granted", "capturedAt", "phone"));
        ConsentKind kind = f.enumValue("kind", ConsentKind.class,
            EnumSet.of(ConsentKind.RECORDING, ConsentKind.OUTREACH_WRITTEN), true);
        Boolean granted = f.bool("granted", true);
        Instant captured = f.instant("capturedAt", false);
        return new ConsentRecorded(kind, granted != null && granted, millis(captured == null ? occurredAt : captured),
            f.phone("phone", false));
      }
      case LEAD_UPSERTED -> {
        allowed.addAll(PROFILE);
        LeadUpserted profile = profile(f);
        if (PROFILE.stream().noneMatch(f::has)) {
          f.error("eventType", "LEAD_UPSERTED needs at least one profile field: " + PROFILE);
        }
        return profile;
      }
      case CADENCE_ENROLLED -> {
        allowed.addAll(List.of("cadenceId", "startAt", "startDate"));
        String cadenceId = cadenceId(f);
        if (f.has("startAt") && f.has("startDate")) {
          f.error("startAt", "give either startDate or startAt");
        }
        Instant start = f.instant(f.firstPresent("startAt", "startDate"), false);
        return new CadenceEnrolled(cadenceId, millis(start));
      }
      case CADENCE_EXITED -> {
        allowed.addAll(List.of("cadenceId", "reason"));
        return new CadenceExited(f.string("cadenceId", ID_MAX, true), f.text("reason", TEXT_MAX, false));
      }
      default -> throw new IllegalStateException("unmapped " + type);
    }
  }

  private String cadenceId(JsonFields f) {
    String id = f.string("cadenceId", ID_MAX, true);
    if (id != null && !knownCadence.test(id)) {
      f.error("cadenceId", "unknown cadence");
      return null;
    }
    return id;
  }

  private static CallCompleted callCompleted(JsonFields f) {
    Integer duration = f.integer(f.firstPresent("durationSeconds", "callDuration"), 0, 86_400, false);
    CallDirection direction = f.enumValue("direction", CallDirection.class,
        EnumSet.of(CallDirection.INBOUND, CallDirection.OUTBOUND), false);
    List<ToolCall> tools = new ArrayList<>();
    JsonNode rawTools = f.raw("toolCalls");
    if (rawTools != null && !rawTools.isNull()) {
      if (!rawTools.isArray() || rawTools.size() > LIST_MAX) {
        f.error("toolCalls", "must be an array of at most " + LIST_MAX + " tool calls");
      } else {
        int i = 0;
        for (JsonNode t : rawTools.values()) {
          JsonFields tf = new JsonFields(t, f.path("toolCalls") + "[" + i++ + "]", errorsOf(f));
          if (!t.isObject()) {
            tf.error("tool", "tool call must be an object");
            continue;
          }
          tf.onlyKnown(Set.of("tool", "arguments", "succeeded"));
          String tool = tf.string("tool", ID_MAX, true);
          Map<String, String> args = tf.scalarMap("arguments", LIST_MAX);
          Boolean ok = tf.bool("succeeded", false);
          if (tool != null) {
            tools.add(new ToolCall(tool, args == null ? Map.of() : args, ok));
          }
        }
      }
    }
    DiscoveredSignals signals = null;
    JsonFields sf = f.object("discoveredSignals");
    if (sf != null) {
      sf.onlyKnown(Set.of("useCase", "teamSize", "painPoints"));
      List<String> pains = sf.strings("painPoints", LIST_MAX, TEXT_MAX);
      signals = new DiscoveredSignals(sf.string("useCase", TEXT_MAX, false), sf.string("teamSize", ID_MAX, false),
          pains == null ? List.of() : pains);
    }
    return new CallCompleted(duration == null ? 0 : duration, direction == null ? CallDirection.UNKNOWN : direction,
        f.string("disposition", ID_MAX, false), f.text("summary", LONG_TEXT_MAX, false), tools, signals,
        f.url("recordingUrl"));
  }

  private static List<FieldError> errorsOf(JsonFields f) {
    return f.errors();
  }

  /** The profile fields of a LEAD_UPSERTED or a PUT /leads body (all optional; null = unchanged). */
  public static LeadUpserted profile(JsonFields f) {
    String segment = f.oneOf("segment", SEGMENTS, false);
    LeadStatus status = f.enumValue("status", LeadStatus.class, STATUSES, false);
    String state = f.string("state", 2, false);
    if (state != null && !STATE.matcher(state).matches()) {
      f.error("state", "must be a two-letter state or region code");
      state = null;
    }
    return LeadUpserted.newBuilder()
        .setEmail(f.email("email", false))
        .setFirstName(f.string("firstName", ID_MAX, false))
        .setLastName(f.string("lastName", ID_MAX, false))
        .setPhone(f.phone("phone", false))
        .setCompany(f.string("company", 256, false))
        .setSegment(segment)
        .setStatus(status)
        .setPreferredContactTime(f.string("preferredContactTime", ID_MAX, false))
        .setTimeZone(f.zone("timeZone"))
        .setState(state == null ? null : state.toUpperCase(java.util.Locale.ROOT))
        .setDoNotCall(f.bool("doNotCall", false))
        .setDoNotEmail(f.bool("doNotEmail", false))
        .build();
  }
}
