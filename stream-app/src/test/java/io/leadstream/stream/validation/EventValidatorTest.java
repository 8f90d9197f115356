package io.leadstream.stream.validation;

import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.QualificationResult;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.stream.Events;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.leadstream.stream.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Which events are refused, and the reason the DLQ record will carry. */
class EventValidatorTest {
    private final Events events = new Events();
    private final EventValidator validator = new EventValidator(Duration.ofHours(1));
    private final Instant now = T0.plus(Duration.ofDays(1));

    @Test
    void aWellFormedEventPasses() {
        VoiceEvent e = events.placed("lead-1", T0, "c");
        assertThat(validator.problem("acme/lead-1", e, now)).isEmpty();
    }

    @Test
    void aMissingLeadIdIsRefused() {
        VoiceEvent e = VoiceEvent.newBuilder(events.placed("x", T0, "c")).setLeadId("").build();
        assertThat(validator.problem("acme/", e, now)).hasValueSatisfying(r -> assertThat(r).contains("leadId is missing"));
    }

    @Test
    void aLeadIdOfAtMost128CharactersPassesAndOf129IsRefused() {
        String longest = "x".repeat(128);
        assertThat(validator.problem("acme/" + longest, events.placed(longest, T0, "c"), now)).isEmpty();
        String tooLong = "x".repeat(129);
        assertThat(validator.problem("acme/" + tooLong, events.placed(tooLong, T0, "c"), now))
                .hasValueSatisfying(r -> assertThat(r).contains("leadId has 129 characters"));
    }

    @Test
    void aWorkspaceIdOutsideTheSpecPatternIsRefused() {
        VoiceEvent e = VoiceEvent.newBuilder(events.placed("l", T0, "c")).setWorkspaceId("Acme Corp").build();
        assertThat(validator.problem("Acme Corp/l", e, now))
                .hasValueSatisfying(r -> assertThat(r).contains("workspaceId 'Acme Corp' must match"));
    }

    @Test
    void anUnknownEventTypeIsRefused() {
        VoiceEvent e = VoiceEvent.newBuilder(events.placed("l", T0, "c")).setEventType(EventType.UNKNOWN).build();
        assertThat(validator.problem("acme/l", e, now)).hasValueSatisfying(r -> assertThat(r).contains("unknown eventType"));
    }

    @Test
    void aPayloadOfAnotherTypeIsRefused() {
        VoiceEvent e = VoiceEvent.newBuilder(events.placed("l", T0, "c")).setEventType(EventType.CALL_ANSWERED).build();
        assertThat(validator.problem("acme/l", e, now)).hasValueSatisfying(r -> assertThat(r).contains("does not match eventType CALL_ANSWERED"));
    }

    @Test
    void anOccurredAtBeyondTheAllowedSkewIsRefused() {
        assertThat(validator.problem("acme/l", events.placed("l", now.plus(Duration.ofMinutes(59)), "c"), now)).isEmpty();
        assertThat(validator.problem("acme/l", events.placed("l", now.plus(Duration.ofHours(2)), "c"), now))
                .hasValueSatisfying(r -> assertThat(r).contains("in the future"));
    }

    @Test
    void secondsSentAsMillisecondsAreRefused() {
        VoiceEvent e = events.placed("l", Instant.ofEpochMilli(1_772_463_845L), "c"); // 1970-01-21
        assertThat(validator.problem("acme/l", e, now)).hasValueSatisfying(r -> assertThat(r).contains("seconds sent as milliseconds"));
    }

    @Test
    void aRecordWithoutKeyIsRefused() {
        assertThat(validator.problem(null, events.placed("l", T0, "c"), now)).hasValueSatisfying(r -> assertThat(r).contains("key is missing"));
    }

    @Test
    void aKeyOfTheLeadIdAloneIsRefused() {
        assertThat(validator.problem("l", events.placed("l", T0, "c"), now)).hasValueSatisfying(r -> assertThat(r).contains("has no '/'"));
    }

    @Test
    void aKeyNamingTheSameLeadIdInAnotherWorkspaceIsRefused() {
        assertThat(validator.problem("globex/l", events.placed("l", T0, "c"), now))
                .hasValueSatisfying(r -> assertThat(r).contains("record key 'globex/l' is not the value's lead 'acme/l'"));
    }

    @Test
    void aLeadScoreOutsideZeroToHundredIsRefused() {
        VoiceEvent e = events.of(EventType.QUALIFICATION_RESULT, "l", T0, null, new QualificationResult(List.of(), null, 140, null));
        assertThat(validator.problem("acme/l", e, now)).hasValueSatisfying(r -> assertThat(r).contains("140"));
    }

    @Test
    void aTombstoneIsRefused() {
        assertThat(validator.problem("acme/l", null, now)).hasValueSatisfying(r -> assertThat(r).contains("tombstone"));
    }
}
