package io.leadstream.stream.topology;

import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.crm.Appointment;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CallStage;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.crm.TimeZoneSource;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.lead.ScoreCause;
import io.leadstream.schemas.lead.ScoreComponent;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.stream.Events;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.leadstream.stream.Events.T0;
import static io.leadstream.stream.Events.days;
import static org.assertj.core.api.Assertions.assertThat;

/** What stream-app emits for a lead's events, specified through Kafka Streams' TopologyTestDriver. */
class LeadTopologyTest {
    private final Events events = new Events();
    private final Events globex = new Events("globex");
    /** The wall clock stands a month after the events, so none of them looks like it comes from the future. */
    private TopologyHarness app = new TopologyHarness(LeadTopology.Settings.DEFAULTS, T0.plus(Duration.ofDays(30)));

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void firstAnsweredCallMakesAColdLeadContactedAndEmitsItsState() {
        app.send(events.placed("lead-1", T0, "call-1"), events.answered("lead-1", T0.plusSeconds(20), "call-1", 95));

        List<LeadState> states = app.state.readValuesToList();
        assertThat(states).extracting(LeadState::getStatus).containsExactly(LeadStatus.COLD, LeadStatus.CONTACTED);
        LeadState last = states.get(1);
        assertThat(last.getCallsPlaced()).isEqualTo(1);
        assertThat(last.getCallsAnswered()).isEqualTo(1);
        assertThat(last.getTotalTalkSeconds()).isEqualTo(95);
        assertThat(last.getVersion()).isEqualTo(2);
        assertThat(last.getLastCallId()).isEqualTo("call-1");
    }

    @Test
    void aDuplicateEventIdChangesNothingAndEmitsNothing() {
        VoiceEvent answered = events.answered("lead-1", T0, "call-1", 30);
        app.send(answered);
        app.state.readValuesToList();
        app.engagement.readValuesToList();
        app.activities.readValuesToList();

        app.send(answered);

        assertThat(app.state.isEmpty()).isTrue();
        assertThat(app.engagement.isEmpty()).isTrue();
        assertThat(app.activities.isEmpty()).isTrue();
        LeadState stored = app.driver.<String, io.leadstream.schemas.internal.LeadSnapshot>getKeyValueStore(LeadTopology.SNAPSHOT_STORE)
                .get("acme/lead-1").getState();
        assertThat(stored.getCallsAnswered()).isEqualTo(1);
        assertThat(stored.getVersion()).isEqualTo(1);
    }

    @Test
    void optOutIsTerminalForLaterAndLateEvents() {
        app.send(events.answered("lead-1", days(0), "c1", 30),
                events.optOut("lead-1", days(1)),
                events.answered("lead-1", days(2), "c2", 30),        // later call: counted, still opted out
                events.trial("lead-1", days(0.5), true),             // late trial: counted, no rollback
                events.writtenConsent("lead-1", days(0.8)));         // consent older than the opt-out: no effect

        LeadState last = lastState();
        assertThat(last.getStatus()).isEqualTo(LeadStatus.OPTED_OUT);
        assertThat(last.getDoNotCall()).isTrue();
        assertThat(last.getCallsAnswered()).isEqualTo(2);
        assertThat(last.getTrialAccepted()).isTrue();
        assertThat(last.getOptedOutAt()).isEqualTo(days(1));
        assertThat(last.getEngagementScore()).isZero();
    }

    @Test
    void writtenOutreachConsentAfterTheOptOutLiftsIt() {
        app.send(events.answered("lead-1", days(0), "c1", 30), events.optOut("lead-1", days(1)), events.writtenConsent("lead-1", days(3)));

        LeadState last = lastState();
        assertThat(last.getStatus()).isEqualTo(LeadStatus.CONTACTED);
        assertThat(last.getDoNotCall()).isFalse();
    }

    @Test
    void doNotCallUpsertTakesTheOptOutPath() {
        app.send(events.placed("lead-1", T0, "c1"), events.doNotCall("lead-1", T0.plusSeconds(60)));

        LeadState last = lastState();
        assertThat(last.getStatus()).isEqualTo(LeadStatus.OPTED_OUT);
        assertThat(last.getDoNotCall()).isTrue();
        assertThat(last.getOptedOutAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void sixUnansweredCallsWithoutARecentAnswerMakeALeadUnresponsiveAndAnAnswerRevivesIt() {
        for (int i = 1; i <= 6; i++) {
            app.send(events.noAnswer("lead-1", days(i), "c" + i, i));
        }
        assertThat(lastState().getStatus()).isEqualTo(LeadStatus.UNRESPONSIVE);

        app.send(events.answered("lead-1", days(8), "c8", 40));
        assertThat(lastState().getStatus()).isEqualTo(LeadStatus.CONTACTED);
    }

    @Test
    void engagementIsEmittedWithItsComponentsAsOfTheEventTime() {
        app.send(events.answered("lead-1", T0, "c1", 200), events.qualified("lead-1", T0.plusSeconds(60), 80, "slow approvals", "manual work"));

        List<EngagementScore> scores = app.engagement.readValuesToList();
        EngagementScore last = scores.get(scores.size() - 1);
        Map<String, Double> components = components(last);
        // answered: 10 + 5 (call over 120 s), one minute of decay at h=14d is below rounding
        assertThat(components.get("answered")).isEqualTo(15.0);
        // qualification: 0.3 × 80 + 2 × 2 pain points
        assertThat(components.get("qualification")).isEqualTo(28.0);
        assertThat(last.getScore()).isEqualTo(43);
        assertThat(last.getAsOf()).isEqualTo(T0.plusSeconds(60));
        assertThat(last.getCause()).isEqualTo(ScoreCause.EVENT);
        assertThat(lastState().getEngagementScore()).isEqualTo(43);
    }

    @Test
    void theDailyDecayPassReEmitsScoresThatMovedByAPointAndOnlyThose() {
        app.close();
        Instant start = T0.plus(Duration.ofMinutes(5));
        app = new TopologyHarness(LeadTopology.Settings.DEFAULTS, start);
        app.send(events.meeting("lead-1", T0, "c1", "2026-03-10", "10:00", "America/New_York"));  // +30, h=30d
        app.send(events.noAnswer("lead-2", T0, "c2", 1));                                          // -2 → score 0 either way
        app.send(globex.meeting("lead-1", T0, "c1", "2026-03-10", "10:00", "America/New_York"));  // another workspace's lead-1
        app.engagement.readValuesToList();

        app.driver.advanceWallClockTime(Duration.ofHours(12));
        assertThat(app.engagement.isEmpty()).as("no pass before the daily interval").isTrue();

        app.driver.advanceWallClockTime(Duration.ofDays(14));
        List<TestRecord<String, EngagementScore>> reemitted = app.engagement.readRecordsToList();
        assertThat(reemitted).extracting(TestRecord::key).containsExactlyInAnyOrder("acme/lead-1", "globex/lead-1");
        assertThat(reemitted).allSatisfy(r -> assertThat(r.key()).startsWith(r.value().getWorkspaceId() + "/"));
        EngagementScore decayed = reemitted.get(0).value();
        assertThat(decayed.getCause()).isEqualTo(ScoreCause.DECAY);
        // 30 × 0.5^(age/30d) at the pass instant (~14.5 days after the meeting)
        double age = Duration.between(T0, decayed.getAsOf()).toMillis() / 86_400_000.0;
        assertThat(decayed.getScore()).isEqualTo((int) Math.round(30 * Math.pow(0.5, age / 30)));
        assertThat(decayed.getScore()).isLessThan(30);

        app.driver.advanceWallClockTime(Duration.ofMinutes(30));
        assertThat(app.engagement.isEmpty()).as("a score re-emitted once is not re-emitted until it moves again").isTrue();
    }

    @Test
    void aCallsEventsMergeIntoOneActivityReEmittedAsItGainsInformation() {
        app.send(events.profile("lead-1", T0.minusSeconds(600), "ann@acme.example", "+14155550100", "America/Los_Angeles"),
                events.placed("lead-1", T0, "call-9"),
                events.answered("lead-1", T0.plusSeconds(15), "call-9", 60),
                events.completed("lead-1", T0.plusSeconds(400), "call-9", 385));

        List<CallActivity> calls = app.activities.readValuesToList().stream().map(a -> (CallActivity) a.getActivity()).toList();
        assertThat(calls).extracting(CallActivity::getCallId).containsOnly("call-9");
        assertThat(calls).extracting(CallActivity::getStage).containsExactly(CallStage.PLACED, CallStage.ANSWERED, CallStage.COMPLETED);
        assertThat(calls).extracting(CallActivity::getRevision).containsExactly(1, 2, 3);
        CallActivity done = calls.get(2);
        assertThat(done.getPlacedAt()).isEqualTo(T0);
        assertThat(done.getAnsweredAt()).isEqualTo(T0.plusSeconds(15));
        assertThat(done.getEndedAt()).isEqualTo(T0.plusSeconds(400));
        assertThat(done.getDurationSeconds()).isEqualTo(385);
        assertThat(done.getSummary()).isEqualTo("Discussed proposal automation");
        assertThat(done.getSignals().getPainPoints()).containsExactly("manual contract creation");
        assertThat(done.getEmail()).isEqualTo("ann@acme.example");
        assertThat(done.getPhone()).isEqualTo("+14155550100");
        assertThat(lastState().getTotalTalkSeconds()).as("answered and completed of one call count once").isEqualTo(385);
    }

    @Test
    void aLateAnswerDoesNotMoveACompletedCallBackwards() {
        app.send(events.placed("lead-1", T0, "call-1"), events.completed("lead-1", T0.plusSeconds(300), "call-1", 280),
                events.answered("lead-1", T0.plusSeconds(10), "call-1", 100));

        List<CrmActivity> all = app.activities.readValuesToList();
        CallActivity last = (CallActivity) all.get(all.size() - 1).getActivity();
        assertThat(last.getStage()).isEqualTo(CallStage.COMPLETED);
        assertThat(last.getAnsweredAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(last.getDurationSeconds()).isEqualTo(280);
    }

    @Test
    void aBookedMeetingBecomesAnAppointmentAtTheUtcInstantOfTheLeadsLocalTime() {
        app.send(events.meeting("lead-1", T0, "call-1", "2026-03-04", "2:00 PM", "America/Chicago"));

        Appointment appointment = app.activities.readValuesToList().stream().map(CrmActivity::getActivity)
                .filter(Appointment.class::isInstance).map(Appointment.class::cast).findFirst().orElseThrow();
        assertThat(appointment.getStartAt()).isEqualTo(Instant.parse("2026-03-04T20:00:00Z"));
        assertThat(appointment.getEndAt()).isEqualTo(Instant.parse("2026-03-04T20:30:00Z"));
        assertThat(appointment.getTimeZone()).isEqualTo("America/Chicago");
        assertThat(appointment.getTimeZoneSource()).isEqualTo(TimeZoneSource.EVENT);
        assertThat(appointment.getValidationError()).isNull();
        assertThat(lastState().getMeetingBooked()).isTrue();
    }

    @Test
    void anUnparseableMeetingTimeStillYieldsAnAppointmentCarryingTheError() {
        app.send(events.meeting("lead-1", T0, "call-1", "2026-03-04", "whenever suits", "America/Chicago"));

        Appointment appointment = (Appointment) app.activities.readValuesToList().stream().map(CrmActivity::getActivity)
                .filter(Appointment.class::isInstance).findFirst().orElseThrow();
        assertThat(appointment.getStartAt()).isNull();
        assertThat(appointment.getValidationError()).isNotBlank();
    }

    @Test
    void unreadableBytesGoToTheDeadLetterTopicWithTheirHeadersAndProcessingContinues() {
        byte[] garbage = "{\"eventType\":\"CALL_PLACED\"}".getBytes(StandardCharsets.UTF_8);
        app.rawEvents.pipeInput("lead-9".getBytes(StandardCharsets.UTF_8), garbage);
        app.send(events.placed("lead-1", T0, "c1"));

        TestRecord<byte[], byte[]> dead = app.deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(dead.key()).isEqualTo("lead-9".getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = headers(dead);
        assertThat(headers.get(DeadLetters.ERROR_CLASS)).isEqualTo("io.leadstream.schemas.serde.MalformedRecordException");
        assertThat(headers.get(DeadLetters.ERROR_MESSAGE)).contains("magic byte 0x7b");
        assertThat(headers.get(DeadLetters.ERROR_STAGE)).isEqualTo("deserialization");
        assertThat(headers.get(DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.VOICE_EVENTS.name());
        assertThat(headers.get(DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(headers.get(DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(app.state.readValuesToList()).extracting(LeadState::getLeadId).containsExactly("lead-1");
    }

    @Test
    void anInvalidEventIsDeadLetteredWithItsReasonAndCreatesNoLead() {
        VoiceEvent fromTheFuture = events.placed("lead-7", T0.plus(Duration.ofDays(33)), "c1"); // 3 days past the wall clock
        app.send(fromTheFuture);
        VoiceEvent wrongKey = events.placed("lead-8", T0, "c2");
        app.events.pipeInput("acme/lead-other", wrongKey, T0);

        List<TestRecord<byte[], byte[]>> dead = app.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(headers(dead.get(0)).get(DeadLetters.ERROR_STAGE)).isEqualTo("validation");
        assertThat(headers(dead.get(0)).get(DeadLetters.ERROR_MESSAGE)).contains("in the future");
        assertThat(headers(dead.get(0)).get(DeadLetters.ERROR_CLASS)).isEqualTo(InvalidEventException.class.getName());
        assertThat(app.serdes.events().deserializer().deserialize(Topics.VOICE_EVENTS.name(), dead.get(0).value()))
                .as("the original bytes, replayable").isEqualTo(fromTheFuture);
        assertThat(headers(dead.get(1)).get(DeadLetters.ERROR_MESSAGE)).contains("is not the value's lead 'acme/lead-8'");
        assertThat(app.state.isEmpty()).isTrue();
        assertThat(app.driver.getKeyValueStore(LeadTopology.SNAPSHOT_STORE).get("acme/lead-7")).isNull();
    }

    @Test
    void anEventKeyedByItsLeadIdAloneIsDeadLetteredWithTheReason() {
        VoiceEvent event = events.placed("lead-1", T0, "c1");
        app.events.pipeInput("lead-1", event, T0);

        assertThat(deadLetterReason()).contains("record key 'lead-1' has no '/'");
        assertThat(app.state.isEmpty()).isTrue();
    }

    @Test
    void anEventKeyedByTheSameLeadIdOfAnotherWorkspaceIsDeadLetteredWithTheReason() {
        VoiceEvent event = events.placed("lead-1", T0, "c1");
        app.events.pipeInput("globex/lead-1", event, T0);

        assertThat(deadLetterReason()).contains("record key 'globex/lead-1' is not the value's lead 'acme/lead-1'");
        assertThat(app.driver.getKeyValueStore(LeadTopology.SNAPSHOT_STORE).get("globex/lead-1")).isNull();
        assertThat(app.driver.getKeyValueStore(LeadTopology.SNAPSHOT_STORE).get("acme/lead-1")).isNull();
    }

    @Test
    void anEventOfAWorkspaceIdOutsideTheSpecPatternIsDeadLetteredWithTheReason() {
        app.events.pipeInput("Acme_Corp/lead-1", new Events("Acme_Corp").placed("lead-1", T0, "c1"), T0);

        assertThat(deadLetterReason()).contains("workspaceId 'Acme_Corp' must match [a-z0-9][a-z0-9_-]{0,62}");
        assertThat(app.state.isEmpty()).isTrue();
    }

    @Test
    void anEventOfALeadIdOf129CharactersIsDeadLetteredWithTheReason() {
        app.events.pipeInput("acme/" + "x".repeat(129), events.placed("x".repeat(129), T0, "c1"), T0);

        assertThat(deadLetterReason()).contains("leadId has 129 characters, more than 128");
        assertThat(app.state.isEmpty()).isTrue();
    }

    @Test
    void theSameLeadIdInTwoWorkspacesIsTwoIndependentLeadsInLeadState() {
        app.send(events.profile("lead_001", T0, "ann@acme.example", "+14155550100", null),
                globex.profile("lead_001", T0, "bob@globex.example", "+13055550199", null),
                events.placed("lead_001", T0.plusSeconds(10), "call-1"),
                events.answered("lead_001", T0.plusSeconds(20), "call-1", 95),
                globex.placed("lead_001", T0.plusSeconds(30), "call-1"),
                globex.noAnswer("lead_001", T0.plusSeconds(40), "call-1", 1));

        Map<String, LeadState> latest = new HashMap<>();
        app.state.readRecordsToList().forEach(r -> latest.put(r.key(), r.value()));
        assertThat(latest).containsOnlyKeys("acme/lead_001", "globex/lead_001");
        LeadState acme = latest.get("acme/lead_001");
        LeadState globexLead = latest.get("globex/lead_001");
        assertThat(acme.getWorkspaceId()).isEqualTo("acme");
        assertThat(acme.getProfile().getEmail()).isEqualTo("ann@acme.example");
        assertThat(acme.getStatus()).isEqualTo(LeadStatus.CONTACTED);
        assertThat(acme.getCallsAnswered()).isEqualTo(1);
        assertThat(acme.getVersion()).as("only acme's events").isEqualTo(3);
        assertThat(globexLead.getWorkspaceId()).isEqualTo("globex");
        assertThat(globexLead.getProfile().getEmail()).isEqualTo("bob@globex.example");
        assertThat(globexLead.getStatus()).isEqualTo(LeadStatus.COLD);
        assertThat(globexLead.getCallsAnswered()).isZero();
        assertThat(globexLead.getVersion()).as("globex's events, though their eventIds repeat acme's").isEqualTo(3);
    }

    @Test
    void theSameLeadIdInTwoWorkspacesHasTwoIndependentEngagementScores() {
        app.send(events.answered("lead_001", T0, "call-1", 200), globex.noAnswer("lead_001", T0, "call-1", 1));

        Map<String, EngagementScore> latest = new HashMap<>();
        app.engagement.readRecordsToList().forEach(r -> latest.put(r.key(), r.value()));
        assertThat(latest).containsOnlyKeys("acme/lead_001", "globex/lead_001");
        assertThat(latest.get("acme/lead_001").getWorkspaceId()).isEqualTo("acme");
        assertThat(latest.get("acme/lead_001").getScore()).isEqualTo(15);
        assertThat(latest.get("globex/lead_001").getWorkspaceId()).isEqualTo("globex");
        assertThat(latest.get("globex/lead_001").getScore()).isZero();
    }

    @Test
    void eachWorkspacesCallActivityCarriesItsOwnLeadsProfileThoughLeadAndCallIdsRepeat() {
        app.send(events.profile("lead_001", T0, "ann@acme.example", "+14155550100", null),
                globex.profile("lead_001", T0, "bob@globex.example", "+13055550199", null),
                events.placed("lead_001", T0.plusSeconds(10), "call-1"),
                globex.placed("lead_001", T0.plusSeconds(20), "call-1"),
                globex.completed("lead_001", T0.plusSeconds(200), "call-1", 170));

        List<TestRecord<String, CrmActivity>> records = app.activities.readRecordsToList();
        Map<String, CallActivity> latest = new HashMap<>();
        records.forEach(r -> latest.put(r.key(), (CallActivity) r.value().getActivity()));
        assertThat(latest).containsOnlyKeys("acme/lead_001", "globex/lead_001");
        CallActivity acme = latest.get("acme/lead_001");
        assertThat(acme.getWorkspaceId()).isEqualTo("acme");
        assertThat(acme.getEmail()).isEqualTo("ann@acme.example");
        assertThat(acme.getPhone()).isEqualTo("+14155550100");
        assertThat(acme.getStage()).as("globex's completion is not acme's call").isEqualTo(CallStage.PLACED);
        assertThat(acme.getRevision()).isEqualTo(1);
        CallActivity globexCall = latest.get("globex/lead_001");
        assertThat(globexCall.getWorkspaceId()).isEqualTo("globex");
        assertThat(globexCall.getEmail()).isEqualTo("bob@globex.example");
        assertThat(globexCall.getPhone()).isEqualTo("+13055550199");
        assertThat(globexCall.getStage()).isEqualTo(CallStage.COMPLETED);
        assertThat(globexCall.getRevision()).isEqualTo(2);
    }

    @Test
    void anEventThatChangesNothingPublicEmitsNoState() {
        app.send(events.enrolled("lead-1", T0, "cad-1"));
        app.state.readValuesToList();

        app.send(events.of(io.leadstream.schemas.event.EventType.CADENCE_EXITED, "lead-1", T0.plusSeconds(5), null,
                new io.leadstream.schemas.event.CadenceExited("some-other-cadence", "manual")));

        assertThat(app.state.isEmpty()).isTrue();
    }

    @Test
    void replayingTheSameLogFromScratchGivesByteIdenticalStates() {
        List<VoiceEvent> log = new java.util.ArrayList<>();
        for (int lead = 0; lead < 20; lead++) {
            String id = "lead-" + lead;
            log.add(events.profile(id, days(0), id + "@acme.example", "+1415555" + String.format("%04d", lead), null));
            log.add(events.placed(id, days(lead * 0.1), "c" + lead));
            if (lead % 3 == 0) {
                log.add(events.noAnswer(id, days(lead * 0.1 + 0.01), "c" + lead, 1));
            } else {
                log.add(events.answered(id, days(lead * 0.1 + 0.01), "c" + lead, 30 * lead));
                log.add(events.qualified(id, days(lead * 0.1 + 0.02), 5 * lead, "pain " + lead));
            }
            if (lead % 4 == 0) {
                log.add(events.optOut(id, days(lead * 0.1 + 0.03)));
            }
            if (lead % 5 == 0) {
                log.add(events.trial(id, days(0.05), true)); // late for most leads
            }
        }

        List<byte[]> first = replay(log);
        List<byte[]> second = replay(log);

        assertThat(first).hasSizeGreaterThan(40);
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("record %d", i).isEqualTo(first.get(i));
        }
    }

    private List<byte[]> replay(List<VoiceEvent> log) {
        try (TopologyHarness fresh = new TopologyHarness(LeadTopology.Settings.DEFAULTS, T0.plus(Duration.ofDays(5)))) {
            log.forEach(fresh::send);
            return fresh.stateBytes.readValuesToList();
        }
    }

    /** The reason the one dead-lettered record carries, after checking it was refused by validation. */
    private String deadLetterReason() {
        List<TestRecord<byte[], byte[]>> dead = app.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(headers(dead.get(0)).get(DeadLetters.ERROR_STAGE)).isEqualTo("validation");
        return headers(dead.get(0)).get(DeadLetters.ERROR_MESSAGE);
    }

    private LeadState lastState() {
        List<LeadState> states = app.state.readValuesToList();
        assertThat(states).isNotEmpty();
        return states.get(states.size() - 1);
    }

    private static Map<String, Double> components(EngagementScore score) {
        Map<String, Double> map = new HashMap<>();
        for (ScoreComponent c : score.getComponents()) {
            map.put(c.getGroup(), c.getPoints());
        }
        return map;
    }

    private static Map<String, String> headers(TestRecord<byte[], byte[]> record) {
        Map<String, String> map = new HashMap<>();
        for (Header h : record.headers()) {
            map.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return map;
    }
}
