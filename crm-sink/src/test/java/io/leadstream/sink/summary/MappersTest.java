package io.leadstream.sink.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.crm.Appointment;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CallStage;
import io.leadstream.sink.SinkTestSupport;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappersTest {
  private final FieldNames fields = FieldNames.defaults();

  @Test
  void theCallSummaryReadsLikeSeed000() {
    CallActivity call = SinkTestSupport.call("default", "l1", "rm_abc123xyz", 3);

    assertThat(CallSummary.describe(call)).isEqualTo("""
        Voice AI Call Summary
        Duration: 15 minutes
        Outcome: Completed (Meeting booked)

        Discovered Information:
        • Use Case: sales_proposals
        • Team Size: 10-50
        • Pain Points: manual contract creation, slow approval process

        Agent Actions:
        ✓ Booked sales meeting for 2025-11-01

        Session ID: rm_abc123xyz""");
  }

  @Test
  void taskSubtypeIsOnlySentWhenTheTaskMayBeCreated() {
    CallActivity call = SinkTestSupport.call("default", "l1", "c1", 1);
    assertThat(new TaskMapper(fields).task(call, "003X", true)).containsEntry("TaskSubtype", "Call")
        .containsEntry("Voice_Call_Id__c", "c1").containsEntry("Status", "Completed");
    assertThat(new TaskMapper(fields).task(call, "003X", false)).doesNotContainKey("TaskSubtype");
  }

  @Test
  void aCallStillRingingIsInProgress() {
    CallActivity call = SinkTestSupport.call("default", "l1", "c1", 1);
    call.setStage(CallStage.PLACED);
    assertThat(new TaskMapper(fields).task(call, "003X", true)).containsEntry("Status", "In Progress");
  }

  @Test
  void anEventIsInUtcWithItsDurationAndAReminderAnHourBefore() {
    Appointment a = SinkTestSupport.appointment("default", "l1", "a1", Instant.parse("2031-11-03T15:00:00Z"));
    Map<String, Object> event = new EventMapper(fields).event(a, "00QX");
    assertThat(event).containsEntry("StartDateTime", "2031-11-03T15:00:00.000Z")
        .containsEntry("EndDateTime", "2031-11-03T16:00:00.000Z").containsEntry("DurationInMinutes", 60L)
        .containsEntry("ReminderDateTime", "2031-11-03T14:00:00.000Z").containsEntry("IsReminderSet", true)
        .containsEntry("Subject", "Sales Meeting - Scheduled via Voice AI")
        .containsEntry("Voice_Appointment_Id__c", "a1");
  }

  @Test
  void anUnresolvedAppointmentIsInvalidWithItsReason() {
    Appointment a = SinkTestSupport.appointment("default", "l1", "a1", null);
    a.setValidationError("time '25:99' is not a time");
    assertThat(EventMapper.invalidReason(a)).contains("time '25:99' is not a time");
  }

  @Test
  void fieldApiNamesCanBeOverriddenPerWorkspace() {
    assertThat(FieldNames.withOverrides(Map.of("useCase", "Use_Case__c")).get("useCase")).isEqualTo("Use_Case__c");
  }
}
