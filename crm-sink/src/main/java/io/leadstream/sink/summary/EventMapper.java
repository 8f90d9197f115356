package io.leadstream.sink.summary;

import io.leadstream.schemas.crm.Appointment;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An appointment as the Event upserted on its external id (SPEC §8, seed 001). */
public final class EventMapper {
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(java.time.ZoneOffset.UTC);

  private final FieldNames fields;

  public EventMapper(FieldNames fields) {
    this.fields = fields;
  }

  /** Why no Event can be written for this appointment; empty when it is valid. */
  public static Optional<String> invalidReason(Appointment a) {
    if (a.getValidationError() != null && !a.getValidationError().isBlank()) {
      return Optional.of(a.getValidationError());
    }
    if (a.getStartAt() == null) {
      return Optional.of("appointment start could not be resolved (" + a.getRequestedDate() + " "
          + a.getRequestedTime() + ")");
    }
    long minutes = durationMinutes(a);
    if (minutes <= 0 || minutes > 1440) {
      return Optional.of("appointment duration " + minutes + " min is outside 1-1440");
    }
    return Optional.empty();
  }

  public Map<String, Object> event(Appointment a, String whoId) {
    Instant start = a.getStartAt();
    long minutes = durationMinutes(a);
    Instant end = start.plus(minutes, ChronoUnit.MINUTES);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put(fields.get("eventExternalId"), a.getAppointmentId());
    event.put("Subject", subject(a.getType()));
    event.put("WhoId", whoId);
    event.put("StartDateTime", UTC.format(start));
    event.put("EndDateTime", UTC.format(end));
    event.put("DurationInMinutes", minutes);
    event.put("IsAllDayEvent", false);
    event.put("IsReminderSet", true);
    event.put("ReminderDateTime", UTC.format(start.minus(1, ChronoUnit.HOURS)));
    event.put("Type", "Meeting");
    event.put("ShowAs", "Busy");
    event.put("Description", description(a));
    return event;
  }

  static String subject(String type) {
    String t = type == null || type.isBlank() ? "Appointment" : type.strip();
    return t + " - Scheduled via Voice AI";
  }

  private static long durationMinutes(Appointment a) {
    if (a.getStartAt() != null && a.getEndAt() != null) {
      return ChronoUnit.MINUTES.between(a.getStartAt(), a.getEndAt());
    }
    return a.getDurationMinutes();
  }

  private static String description(Appointment a) {
    StringBuilder b = new StringBuilder("Appointment scheduled during a Voice AI call.");
    if (a.getTimeZone() != null) {
      b.append("\nLead's time zone: ").append(a.getTimeZone());
    }
    if (a.getNotes() != null && !a.getNotes().isBlank()) {
      b.append("\nNotes: ").append(a.getNotes().strip());
    }
    if (a.getCallId() != null) {
      b.append("\nSession ID: ").append(a.getCallId());
    }
    return b.toString();
  }
}
