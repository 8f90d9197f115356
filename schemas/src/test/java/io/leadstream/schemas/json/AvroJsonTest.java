package io.leadstream.schemas.json;

import io.leadstream.schemas.SampleRecords;
import io.leadstream.schemas.event.EventType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Records rendered for HTTP answers read naturally: ISO instants, enum names, typed union branches. */
class AvroJsonTest {

    @Test
    void timestampsAreIsoInstantsAndEnumsTheirNames() {
        JsonNode state = AvroJson.toJson(SampleRecords.leadState());
        assertThat(state.path("lastContactedAt").asString()).isEqualTo("2026-03-02T15:04:05.123Z");
        assertThat(state.path("status").asString()).isEqualTo("TRIAL");
        assertThat(state.path("profile").path("email").asString()).isEqualTo("john.doe@acme.example");
        assertThat(state.path("painPoints").get(0).asString()).isEqualTo("manual contract creation");
        assertThat(state.path("version").asLong()).isEqualTo(17);
        assertThat(state.path("optedOutAt").isNull()).isTrue();
    }

    @Test
    void aBranchOfAUnionOfRecordsNamesItsType() {
        JsonNode event = AvroJson.toJson(SampleRecords.voiceEvents().get(EventType.CALL_COMPLETED));
        assertThat(event.path("payload").path("type").asString()).isEqualTo("CallCompleted");
        assertThat(event.path("payload").path("durationSeconds").asInt()).isEqualTo(900);
        assertThat(event.path("payload").path("toolCalls").get(0).path("arguments").path("preferred_date").asString()).isEqualTo("2025-11-01");
        assertThat(event.path("payload").path("discoveredSignals").path("teamSize").asString()).isEqualTo("10-50");
    }
}
