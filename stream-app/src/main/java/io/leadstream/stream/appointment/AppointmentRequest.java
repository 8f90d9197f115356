package io.leadstream.stream.appointment;

import java.time.Instant;
import java.util.Objects;

/**
 * What a MEETING_BOOKED event says about when the meeting is, plus the context needed to place it.
 *
 * @param date            local date as ISO ({@code 2026-03-04}) or as the lead said it ("March 4",
 *                        "3/4", "tomorrow", "next Tuesday"), or a full ISO date-time; may be null
 * @param time            local time as ISO ({@code 14:00}) or spoken ("2:00 PM", "2pm", "2", "noon"),
 *                        or a full ISO date-time; may be null
 * @param eventTimeZone   IANA zone the agent gave with the event; may be null or invalid
 * @param profileTimeZone IANA zone from the lead's profile; may be null or invalid
 * @param phone           the lead's phone in any format, used to infer the zone from its area code
 * @param callTime        when the call happened: relative dates and the past check are measured from it
 * @param durationMinutes meeting length, 1..1440
 */
public record AppointmentRequest(
        String date,
        String time,
        String eventTimeZone,
        String profileTimeZone,
        String phone,
        Instant callTime,
        int durationMinutes) {

    public static final int DEFAULT_DURATION_MINUTES = 60;

    public AppointmentRequest {
        Objects.requireNonNull(callTime, "callTime");
    }
}
