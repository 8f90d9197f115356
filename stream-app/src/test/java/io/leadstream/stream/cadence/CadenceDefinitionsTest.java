package io.leadstream.stream.cadence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceStep;
import io.leadstream.schemas.cadence.ExitRule;
import io.leadstream.schemas.cadence.OffsetUnit;
import io.leadstream.schemas.common.Channel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CadenceDefinitionsTest {

    @Test
    void the_default_new_lead_cadence_calls_on_day_0_2_and_5_and_emails_on_day_3_and_8() {
        Map<String, CadenceDefinition> defaults = CadenceDefinitions.loadDefault();
        assertThat(defaults).containsOnlyKeys("new-lead-outbound", "inbound-callback");
        CadenceDefinition d = defaults.get("new-lead-outbound");
        assertThat(d.getSteps()).extracting(CadenceStep::getStepId)
                .containsExactly("call-day0", "call-day2", "email-day3", "call-day5", "email-day8");
        assertThat(d.getSteps()).extracting(CadenceStep::getChannel)
                .containsExactly(Channel.CALL, Channel.CALL, Channel.EMAIL, Channel.CALL, Channel.EMAIL);
        assertThat(d.getSteps()).extracting(s -> s.getOffset().getValue()).containsExactly(0, 2, 1, 2, 3);
        CadenceStep first = d.getSteps().get(0);
        assertThat(first.getMaxAttempts()).isEqualTo(2);
        assertThat(first.getRetryAfter().getValue()).isEqualTo(4);
        assertThat(first.getRetryAfter().getUnit()).isEqualTo(OffsetUnit.HOURS);
        assertThat(first.getWindow().getStart()).isEqualTo("09:00");
        assertThat(d.getExitOn()).contains(ExitRule.MEETING_BOOKED, ExitRule.TRIAL_ACCEPTED, ExitRule.UPGRADE_ACCEPTED,
                ExitRule.OPTED_OUT, ExitRule.EXPLICIT_EXIT, ExitRule.UNRESPONSIVE);
        assertThat(defaults.values()).allSatisfy(def -> assertThat(CadenceDefinitions.problems(def)).isEmpty());
    }

    private static String cadence(String steps) {
        return "{\"cadences\": [{\"cadenceId\": \"c1\", \"steps\": [" + steps + "]}]}";
    }

    @Test
    void every_problem_of_a_bad_definition_is_reported() {
        String steps = "{\"stepId\": \"a\", \"channel\": \"CALL\", \"offset\": {\"value\": 0, \"unit\": \"MINUTES\"}, \"maxAttempts\": 0},"
                + "{\"stepId\": \"a\", \"channel\": \"CALL\", \"offset\": {\"value\": -1, \"unit\": \"HOURS\"}, \"maxAttempts\": 3},"
                + "{\"stepId\": \"b\", \"channel\": \"CALL\", \"offset\": {\"value\": 1, \"unit\": \"DAYS\"}, \"window\": {\"start\": \"22:00\", \"end\": \"23:00\"}},"
                + "{\"stepId\": \"c\", \"channel\": \"EMAIL\", \"offset\": {\"value\": 1, \"unit\": \"DAYS\"}, \"window\": {\"start\": \"18:00\", \"end\": \"09:00\"}},"
                + "{\"stepId\": \"d\", \"channel\": \"CALL\", \"offset\": {\"value\": 1, \"unit\": \"DAYS\"}, \"maxAttempts\": 2, \"retryAfter\": {\"value\": 0, \"unit\": \"HOURS\"}}";
        assertThatThrownBy(() -> CadenceDefinitions.parse("test", cadence(steps)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts must be ≥ 1 but is 0")
                .hasMessageContaining("stepId is not unique")
                .hasMessageContaining("offset value must be ≥ 0 but is -1")
                .hasMessageContaining("retryAfter is required when maxAttempts > 1")
                .hasMessageContaining("never overlaps the federal calling window")
                .hasMessageContaining("must be before its end")
                .hasMessageContaining("retryAfter value must be > 0");
    }

    @Test
    void unknown_units_channels_and_fields_are_refused() {
        assertThatThrownBy(() -> CadenceDefinitions.parse("test", cadence(
                "{\"stepId\": \"a\", \"channel\": \"FAX\", \"offset\": {\"value\": 0, \"unit\": \"MINUTES\"}}")))
                .hasMessageContaining("'FAX' is not one of");
        assertThatThrownBy(() -> CadenceDefinitions.parse("test", cadence(
                "{\"stepId\": \"a\", \"channel\": \"CALL\", \"offset\": {\"value\": 0, \"unit\": \"WEEKS\"}}")))
                .hasMessageContaining("'WEEKS' is not one of");
        assertThatThrownBy(() -> CadenceDefinitions.parse("test", cadence(
                "{\"stepId\": \"a\", \"channel\": \"CALL\", \"offset\": {\"value\": 0, \"unit\": \"MINUTES\"}, \"retry\": 3}")))
                .hasMessageContaining("unknown step field \"retry\"");
        assertThatThrownBy(() -> CadenceDefinitions.parse("test", "{\"cadences\": []}")).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> CadenceDefinitions.parse("test", "{not json")).hasMessageContaining("not valid JSON");
    }

    @Test
    void duplicate_cadence_ids_are_refused() {
        String one = "{\"cadenceId\": \"c1\", \"steps\": [{\"stepId\": \"a\", \"channel\": \"EMAIL\", \"offset\": {\"value\": 0, \"unit\": \"MINUTES\"}}]}";
        assertThatThrownBy(() -> CadenceDefinitions.parse("test", "{\"cadences\": [" + one + "," + one + "]}"))
                .hasMessageContaining("duplicate cadenceId c1");
    }
}
