package io.leadstream.api.sessions;

import io.leadstream.api.ingest.DerivedEvents;
import io.leadstream.api.ingest.JsonFields;
import io.leadstream.api.leads.LeadResolver.Resolution;
import io.leadstream.api.web.ApiException;
import io.leadstream.api.web.FieldError;
import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.MeetingBooked;
import io.leadstream.schemas.event.QualificationResult;
import io.leadstream.schemas.event.VoiceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * A seed-000 session export ({@code session_id, user_email, start_time, end_time,
 * duration_seconds, tool_calls[], discovered_signals{use_case, team_size, pain_points}}) →
 * {@code CALL_COMPLETED} (callId = session_id, tool calls with their other properties as
 * arguments, discovered signals), one {@code MEETING_BOOKED} per {@code book_sales_meeting} that
 * booked, {@code QUALIFICATION_RESULT} when {@code discovered_signals.lead_score} is given, and
 * {@code LEAD_UPSERTED} for a lead seen for the first time. Optional: {@code user_phone},
 * {@code summary}, {@code direction}.
 */
public final class SessionMapper {
  private static final int MAX_TOOL_CALLS = 100;

  public List<VoiceEvent> map(JsonNode body, String workspaceId, Instant receivedAt,
                              BiFunction<String, String, Resolution> resolve) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(body, "", errors);
    String sessionId = f.string("session_id", JsonFields.ID_MAX, true);
    String email = f.email("user_email", !f.has("user_phone"));
    String phone = f.phone("user_phone", false);
    Instant start = f.instant("start_time", false);
    Instant end = f.instant("end_time", false);
    Integer duration = f.integer("duration_seconds", 0, 86_400, false);
    if (start != null && end != null && end.isBefore(start)) {
      f.error("end_time", "must not be before start_time");
    }
    String summary = f.text("summary", JsonFields.LONG_TEXT_MAX, false);
    List<ToolCall> tools = new ArrayList<>();
    List<MeetingBooked> meetings = new ArrayList<>();
    JsonNode rawTools = f.raw("tool_calls");
    if (rawTools != null && !rawTools.isNull()) {
      if (!rawTools.isArray() || rawTools.size() > MAX_TOOL_CALLS) {
        f.error("tool_calls", "must be an array of at most " + MAX_TOOL_CALLS + " tool calls");
      } else {
        int i = 0;
        for (JsonNode t : rawTools.values()) {
          JsonFields tf = new JsonFields(t, "tool_calls[" + i + "]", errors);
          if (!t.isObject()) {
            tf.error("tool", "tool call must be an object");
            i++;
            continue;
          }
          String tool = tf.string("tool", JsonFields.ID_MAX, true);
          Map<String, String> args = new LinkedHashMap<>();
          for (String name : t.propertyNames()) {
            String value = name.equals("tool") ? null : tf.scalar(name, JsonFields.TEXT_MAX);
            if (value != null) {
              args.put(name, value);
            }
          }
          Boolean booked = tf.bool("meeting_booked", false);
          if (tool != null) {
            tools.add(new ToolCall(tool, args, booked));
            if (tool.equals("book_sales_meeting") && !Boolean.FALSE.equals(booked)) {
              String date = tf.string("preferred_date", 64, true);
              MeetingBooked.Builder m = MeetingBooked.newBuilder()
                  .setAppointmentId("appt-" + sessionId + "-" + i).setDate(date)
                  .setTime(tf.string("preferred_time", 64, false)).setTimeZone(tf.zone("time_zone"))
                  .setType("Sales Meeting").setNotes(tf.text("notes", JsonFields.TEXT_MAX, false));
              meetings.add(m.build());
            }
          }
          i++;
        }
      }
    }
    DiscoveredSignals signals = null;
    Integer leadScore = null;
    List<String> pains = null;
    String segment = null;
    String nextAction = null;
    JsonFields sf = f.object("discovered_signals");
    if (sf != null) {
      pains = sf.strings("pain_points", JsonFields.LIST_MAX, JsonFields.TEXT_MAX);
      signals = new DiscoveredSignals(sf.string("use_case", JsonFields.TEXT_MAX, false),
          sf.string("team_size", JsonFields.ID_MAX, false), pains == null ? List.of() : pains);
      leadScore = sf.integer("lead_score", 0, 100, false);
      segment = sf.string("segment", JsonFields.ID_MAX, false);
      nextAction = sf.text("next_action", JsonFields.TEXT_MAX, false);
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    int seconds = duration != null ? duration
        : start != null && end != null ? (int) Math.min(86_400, Duration.between(start, end).toSeconds()) : 0;
    Resolution lead = resolve.apply(email, phone);
    Instant at = end != null ? end : start != null ? start : receivedAt;
    DerivedEvents events = new DerivedEvents(workspaceId, "session:" + sessionId, lead.leadId(), sessionId, at,
        receivedAt);
    if (lead.isNew()) {
      events.add(EventType.LEAD_UPSERTED, LeadUpserted.newBuilder().setEmail(email).setPhone(phone).build());
    }
    events.add(EventType.CALL_COMPLETED, CallCompleted.newBuilder().setDurationSeconds(seconds)
        .setDirection(CallDirection.UNKNOWN).setSummary(summary).setToolCalls(tools).setDiscoveredSignals(signals)
        .build());
    if (leadScore != null) {
      events.add(EventType.QUALIFICATION_RESULT, new QualificationResult(pains == null ? List.of() : pains,
          segment, leadScore, nextAction));
    }
    for (MeetingBooked m : meetings) {
      events.add(EventType.MEETING_BOOKED, m);
    }
    return events.events();
  }
}
