package io.leadstream.stream.cadence;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.cadence.Offset;
import io.leadstream.schemas.cadence.OffsetUnit;
import io.leadstream.schemas.cadence.TimeWindow;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class StepClockTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant local(String isoLocal) {
        return java.time.LocalDateTime.parse(isoLocal).atZone(NEW_YORK).toInstant();
    }

    @Test
    void business_days_skip_the_weekend_in_lead_local_time() {
        Offset one = new Offset(1, OffsetUnit.BUSINESS_DAYS);
        assertThat(StepClock.add(local("2026-03-06T15:00"), one, NEW_YORK)).as("Friday + 1").isEqualTo(local("2026-03-09T15:00"));
        assertThat(StepClock.add(local("2026-03-07T15:00"), one, NEW_YORK)).as("Saturday + 1").isEqualTo(local("2026-03-09T15:00"));
        assertThat(StepClock.add(local("2026-03-05T15:00"), new Offset(3, OffsetUnit.BUSINESS_DAYS), NEW_YORK))
                .as("Thursday + 3").isEqualTo(local("2026-03-10T15:00"));
        // Friday 23:30 in New York is already Saturday in UTC: the lead's calendar decides
        assertThat(StepClock.add(local("2026-03-06T23:30"), one, NEW_YORK)).isEqualTo(local("2026-03-09T23:30"));
    }

    @Test
    void days_keep_the_local_wall_time_across_a_dst_change_while_hours_are_elapsed_time() {
        Instant friday11 = local("2026-03-06T11:00"); // EST
        assertThat(StepClock.add(friday11, new Offset(2, OffsetUnit.DAYS), NEW_YORK)).isEqualTo(Instant.parse("2026-03-08T15:00:00Z"));
        assertThat(StepClock.add(friday11, new Offset(48, OffsetUnit.HOURS), NEW_YORK)).isEqualTo(Instant.parse("2026-03-08T16:00:00Z"));
    }

    @Test
    void align_moves_a_time_into_the_step_window() {
        TimeWindow w = new TimeWindow("10:00", "18:00");
        assertThat(StepClock.align(local("2026-03-04T09:00"), w, NEW_YORK)).isEqualTo(local("2026-03-04T10:00"));
        assertThat(StepClock.align(local("2026-03-04T12:00"), w, NEW_YORK)).isEqualTo(local("2026-03-04T12:00"));
        assertThat(StepClock.align(local("2026-03-04T18:00"), w, NEW_YORK)).isEqualTo(local("2026-03-05T10:00"));
        assertThat(StepClock.align(local("2026-03-04T18:00"), null, NEW_YORK)).isEqualTo(local("2026-03-04T18:00"));
    }
}
