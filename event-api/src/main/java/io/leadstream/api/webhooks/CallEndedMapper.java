package io.leadstream.api.webhooks;

import io.leadstream.api.ingest.DerivedEvents;
import io.leadstream.api.ingest.JsonFields;
import io.leadstream.api.leads.LeadResolver.Resolution;
import io.leadstream.api.web.ApiException;
import io.leadstream.api.web.FieldError;
import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.MeetingBooked;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * The seed-001 call-ended webhook ({@code phone, summary, duration, structured_data{appointment_*}})
 * → events: {@code LEAD_UPSERTED} for a lead seen for the first time, {@code CALL_COMPLETED}, and
 * {@code MEETING_BOOKED} when structured_data carries an appointment date. Fields this service
 * does not use are ignored (voice platforms send many); the ones it uses are validated.
 * Optional: {@code call_id} (else one is derived from the body), {@code email}, {@code direction},
 * {@code ended_at}, {@code disposition}, {@code recording_url}, {@code structured_data.appointment_timezone}.
 */
public final class CallEndedMapper {

  /** @param resolve (email, phone) → the lead */
  public List<io.leadstream.schemas.event.VoiceEvent> map(JsonNode body, String workspaceId, Instant receivedAt,
                                                           BiFunction<String, String, Resolution> resolve) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(body, "", errors);
    String phone = f.phone("phone", !f.has("email"));
    String email = f.email("email", false);
    String summary = f.text("summary", JsonFields.LONG_TEXT_MAX, false);
    Integer duration = f.integer("duration", 0, 86_400, false);
    String callId = f.string("call_id", JsonFields.ID_MAX, false);
    CallDirection direction = f.enumValue("direction", CallDirection.class,
        EnumSet.of(CallDirection.INBOUND, CallDirection.OUTBOUND), false);
    Instant endedAt = f.instant("ended_at", false);
    String disposition = f.string("disposition", JsonFields.ID_MAX, false);
    String recording = f.url("recording_url");
    JsonFields sd = f.object("structured_data");
    String date = null;
    String time = null;
    String type = null;
    String notes = null;
    String zone = null;
    Integer minutes = null;
    if (sd != null) {
      date = sd.string("appointment_date", 64, false);
      time = sd.string("appointment_time", 64, false);
      type = sd.string("appointment_type", JsonFields.ID_MAX, false);
      notes = sd.text("appointment_notes", JsonFields.TEXT_MAX, false);
      zone = sd.zone("appointment_timezone");
      minutes = sd.integer("appointment_duration", 1, 1_440, false);
      if (date == null && time != null) {
        sd.error("appointment_date", "is required with appointment_time");
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    String source = callId != null ? "call:" + callId
        : "body:" + UUID.nameUUIDFromBytes(body.toString().getBytes(StandardCharsets.UTF_8));
    String call = callId != null ? callId : "call-" + UUID.nameUUIDFromBytes(source.getBytes(StandardCharsets.UTF_8));
    Resolution lead = resolve.apply(email, phone);
    DerivedEvents events = new DerivedEvents(workspaceId, "webhook:" + source, lead.leadId(), call,
        endedAt != null ? endedAt : receivedAt, receivedAt);
    if (lead.isNew()) {
      events.add(EventType.LEAD_UPSERTED, LeadUpserted.newBuilder().setPhone(phone).setEmail(email).build());
    }
    events.add(EventType.CALL_COMPLETED, CallCompleted.newBuilder()
        .setDurationSeconds(duration == null ? 0 : duration)
        .setDirection(direction == null ? CallDirection.UNKNOWN : direction)
        .setDisposition(disposition).setSummary(summary).setRecordingUrl(recording).build());
    if (date != null) {
      events.add(EventType.MEETING_BOOKED, MeetingBooked.newBuilder().setAppointmentId("appt-" + call)
          .setDate(date).setTime(time).setTimeZone(zone).setDurationMinutes(minutes == null ? 60 : minutes)
          .setType(type == null ? "Appointment" : type).setNotes(notes).build());
    }
    return events.events();
  }
}
