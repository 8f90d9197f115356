package io.leadstream.stream.cadence;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceStep;
import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.cadence.TriggerAction;
import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.compliance.Decision;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.DncSource;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.event.CadenceEnrolled;
import io.leadstream.schemas.event.CadenceExited;
import io.leadstream.schemas.event.CallAnswered;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.CallNoAnswer;
import io.leadstream.schemas.event.ConsentRecorded;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.MeetingBooked;
import io.leadstream.schemas.event.OptOutScope;
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.TrialSignupOffered;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.CadenceState;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.topic.DncKey;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.stream.compliance.CallingWindows;
import io.leadstream.stream.compliance.ComplianceConfig;
import io.leadstream.stream.compliance.ComplianceGate;
import io.leadstream.stream.compliance.GateVerdict;
import io.leadstream.stream.compliance.LeadLocality;
import io.leadstream.stream.compliance.LeadLocalityResolver;
import io.leadstream.stream.compliance.LocalWindow;
import io.leadstream.stream.geo.AreaCodeDirectory;
import io.leadstream.stream.geo.PhoneNumbers;
import io.leadstream.stream.lead.LeadRules;
import io.leadstream.stream.lead.LeadStateMachine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * One lead run through the lead state machine and the cadence engine as the topology will: events
 * update the lead first, then the engine; a punctuator fires due timers from a byte-ordered timer
 * store. Every output is checked against the SPEC §7 invariants as it is produced.
 */
final class CadenceSimulation {
    static final String LEAD = "lead-42";
    static final String WORKSPACE = "acme";
    static final Instant START = Instant.parse("2026-03-02T14:00:00Z");
    static final AreaCodeDirectory AREA_CODES = AreaCodeDirectory.load();
    static final CallingWindows WINDOWS = CallingWindows.loadDefault();
    static final Map<String, CadenceDefinition> DEFINITIONS = CadenceDefinitions.loadDefault();

    final ComplianceConfig config;
    final CadenceEngine engine;
    final LeadStateMachine machine = new LeadStateMachine(LeadRules.DEFAULTS);
    final LeadLocalityResolver localities = new LeadLocalityResolver(AREA_CODES);
    final TreeMap<byte[], TimerKey> timers = new TreeMap<>(Arrays::compareUnsigned);
    /** compliance.dnc.v1 by its key {@code <scope>/<E.164>}. */
    final Map<String, DncEntry> dnc = new HashMap<>();
    LeadState lead = LeadStateMachine.initial(LEAD, WORKSPACE);
    CadenceState state = CadencePlanner.empty(new LeadKey(WORKSPACE, LEAD));
    Instant now = START;
    int sequence;

    /** Everything emitted, in order: CadenceTrigger and GateDecision records. */
    final List<SpecificRecord> outputs = new ArrayList<>();
    final List<CadenceTrigger> dueCalls = new ArrayList<>();

    CadenceSimulation(ComplianceConfig config) {
        this.config = config;
        this.engine = new CadenceEngine(new CadencePlanner(), new ComplianceGate(config, WINDOWS, new LeadLocalityResolver(AREA_CODES)));
    }

    // ---- inputs ---------------------------------------------------------------------------

    VoiceEvent event(EventType type, Object payload) {
        sequence++;
        return VoiceEvent.newBuilder().setEventId("evt-" + sequence).setEventType(type).setLeadId(LEAD).setWorkspaceId(WORKSPACE)
                .setOccurredAt(now).setReceivedAt(now).setCallId("call-" + sequence).setPayload(payload).build();
    }

    CadenceEngine.Result send(EventType type, Object payload) {
        VoiceEvent e = event(type, payload);
        lead = machine.apply(lead, e, 0);
        Optional<PendingStep> before = PendingStep.of(state);
        CadenceEngine.Result r = engine.onEvent(state, lead, e, id -> Optional.ofNullable(DEFINITIONS.get(id)), now);
        apply(r, null);
        if (lead.getStatus() == LeadStatus.OPTED_OUT) {
            // SPEC §7: an opt-out cancels every pending timer and emits CANCELLED for each, in the same step.
            assertThat(timers).as("timers after opt-out").isEmpty();
            assertThat(state.getActive()).isNull();
            before.ifPresent(p -> assertThat(r.triggers()).anyMatch(t -> t.getAction() == TriggerAction.CANCELLED
                    && t.getTriggerId().equals(p.triggerId())));
        }
        return r;
    }

    CadenceEngine.Result enroll(String cadenceId) {
        return send(EventType.CADENCE_ENROLLED, new CadenceEnrolled(cadenceId, null));
    }

    void profile(String phone, String timeZone, String usState) {
        send(EventType.LEAD_UPSERTED, LeadUpserted.newBuilder().setPhone(phone).setTimeZone(timeZone).setState(usState)
                .setEmail("dana@example.com").build());
    }

    void consent(boolean granted) {
        send(EventType.CONSENT_RECORDED, new ConsentRecorded(ConsentKind.OUTREACH_WRITTEN, granted, now));
    }

    void noAnswer() {
        send(EventType.CALL_NO_ANSWER, new CallNoAnswer(1, "voicemail"));
    }

    void answered() {
        send(EventType.CALL_ANSWERED, new CallAnswered(60, List.of()));
    }

    void completed() {
        send(EventType.CALL_COMPLETED, CallCompleted.newBuilder().setDurationSeconds(120).build());
    }

    void optOut() {
        send(EventType.OPTOUT_REQUESTED, new OptoutRequested("asked to stop", OptOutScope.ALL, "please stop calling"));
    }

    void doNotCall() {
        send(EventType.LEAD_UPSERTED, LeadUpserted.newBuilder().setDoNotCall(true).build());
    }

    void meeting() {
        send(EventType.MEETING_BOOKED, MeetingBooked.newBuilder().setAppointmentId("apt-" + sequence).build());
    }

    void trialAccepted() {
        send(EventType.TRIAL_SIGNUP_OFFERED, new TrialSignupOffered(true, "pro"));
    }

    void exit(String cadenceId) {
        send(EventType.CADENCE_EXITED, new CadenceExited(cadenceId, "ops"));
    }

    /** Lists the lead's phone in {@code scope}: {@link DncKey#GLOBAL}, this lead's workspace or another one. */
    void dncAdd(String scope, DncSource source) {
        PhoneNumbers.normalize(lead.getProfile().getPhone()).ifPresent(p -> dnc.put(DncKey.of(scope, p), new DncEntry(p, source, now, null, "test")));
    }

    void dncClear() {
        dnc.clear();
    }

    /** The service runs for {@code d}: the punctuator fires each timer within a second of its due time. */
    void run(Duration d) {
        Instant target = now.plus(d);
        while (!timers.isEmpty() && !timers.firstEntry().getValue().due().isAfter(target)) {
            Instant due = timers.firstEntry().getValue().due();
            now = (due.isAfter(now) ? due : now).plusMillis(400);
            tick();
        }
        now = target.isAfter(now) ? target : now;
        tick();
    }

    /** The service is down for {@code d}, then one punctuation runs. */
    void downtime(Duration d) {
        now = now.plus(d);
        tick();
    }

    /** One punctuation: every timer due by now, bounded per tick. */
    void tick() {
        for (int i = 0; i < 100 && !timers.isEmpty(); i++) {
            Map.Entry<byte[], TimerKey> first = timers.firstEntry();
            if (Arrays.compareUnsigned(first.getKey(), TimerKey.upperBound(now)) > 0) {
                return;
            }
            Optional<PendingStep> pending = PendingStep.of(state);
            CadenceEngine.Result r = engine.onTimer(state, lead, first.getValue(), (scope, p) -> Optional.ofNullable(dnc.get(DncKey.of(scope, p))), now);
            apply(r, pending.orElse(null));
        }
    }

    // ---- outputs and invariants -------------------------------------------------------------

    private void apply(CadenceEngine.Result r, PendingStep fired) {
        state = r.state();
        r.timersToDelete().forEach(k -> timers.remove(k.encode()));
        r.timersToPut().forEach(k -> timers.put(k.encode(), k));
        outputs.addAll(r.triggers());
        outputs.addAll(r.audits());

        assertThat(timers.size()).as("one pending timer per lead at most").isLessThanOrEqualTo(1);
        PendingStep.of(state).ifPresentOrElse(p -> assertThat(timers.values()).containsExactly(p.timerKey()),
                () -> assertThat(timers).isEmpty());
        for (GateDecision a : r.audits()) {
            assertThat(a.getRule()).as("audit rule").isNotEqualTo(GateRule.UNKNOWN);
            assertThat(a.getReason()).as("audit reason").isNotBlank();
        }
        for (CadenceTrigger t : r.triggers()) {
            if (t.getAction() == TriggerAction.CANCELLED) {
                assertThat(r.audits()).as("audit for cancelled %s", t.getTriggerId())
                        .anyMatch(a -> t.getTriggerId().equals(a.getTriggerId()) && a.getDecision() == Decision.CANCEL);
            } else if (t.getChannel() == Channel.CALL) {
                checkDueCall(t);
            }
        }
        if (r.verdict().isPresent() && !r.verdict().get().allowed()) {
            GateVerdict v = r.verdict().get();
            assertThat(r.audits()).as("audit for %s", v).anyMatch(a -> a.getDecision() == v.decision() && a.getRule() == v.rule()
                    && fired != null && fired.triggerId().equals(a.getTriggerId()));
        }
    }

    private void checkDueCall(CadenceTrigger t) {
        assertThat(t.getDueAt()).isEqualTo(now);
        assertThat(dueCalls).as("no burst: one DUE per instant").noneMatch(d -> d.getDueAt().equals(t.getDueAt()));
        dueCalls.add(t);
        assertThat(lead.getStatus()).as("DUE CALL for an opted-out lead").isNotEqualTo(LeadStatus.OPTED_OUT);
        assertThat(lead.getDoNotCall()).as("DUE CALL for a doNotCall lead").isFalse();
        Optional<String> phone = PhoneNumbers.normalize(lead.getProfile().getPhone());
        assertThat(phone.map(p -> dnc.get(DncKey.global(p)))).as("DUE CALL to a globally DNC-listed phone").isEmpty();
        assertThat(phone.map(p -> dnc.get(DncKey.of(WORKSPACE, p)))).as("DUE CALL to a phone on its workspace's DNC list").isEmpty();
        if (config.outreachConsentRequired()) {
            assertThat(lead.getConsents()).anyMatch(c -> c.getKind() == ConsentKind.OUTREACH_WRITTEN && c.getGranted());
        }
        // Inside the lead-local window of its state, in every zone the lead may be in (oracle independent of NextAllowedSlot).
        LeadLocality locality = localities.resolve(lead.getProfile());
        CadenceStep step = DEFINITIONS.get(t.getCadenceId()).getSteps().stream().filter(s -> s.getStepId().equals(t.getStepId())).findFirst().orElseThrow();
        for (ZoneId zone : locality.zones()) {
            LocalDateTime local = LocalDateTime.ofInstant(t.getDueAt(), zone);
            Optional<LocalWindow> legal = WINDOWS.windowOn(locality.state().orElse(null), local.toLocalDate());
            assertThat(legal).as("DUE CALL on a closed day %s in %s", local, zone).isPresent();
            assertThat(legal.get().contains(local.toLocalTime())).as("DUE CALL at %s in %s outside %s", local, zone, legal.get()).isTrue();
            if (step.getWindow() != null) {
                assertThat(LocalWindow.of(step.getWindow().getStart(), step.getWindow().getEnd()).contains(local.toLocalTime()))
                        .as("DUE CALL at %s outside step window", local).isTrue();
            }
        }
    }

    /** Caps over every DUE CALL ever released, in any rolling window. */
    void assertCapsHeld() {
        for (CadenceTrigger start : dueCalls) {
            for (var cap : config.caps().caps()) {
                long within = dueCalls.stream().filter(d -> !d.getDueAt().isBefore(start.getDueAt())
                        && d.getDueAt().isBefore(start.getDueAt().plus(cap.window()))).count();
                assertThat(within).as("calls in %s from %s", cap, start.getDueAt()).isLessThanOrEqualTo(cap.max());
            }
        }
    }

    List<CadenceTrigger> triggers() {
        List<CadenceTrigger> out = new ArrayList<>();
        for (SpecificRecord r : outputs) {
            if (r instanceof CadenceTrigger) {
                out.add((CadenceTrigger) r);
            }
        }
        return out;
    }

    List<GateDecision> audits() {
        List<GateDecision> out = new ArrayList<>();
        for (SpecificRecord r : outputs) {
            if (r instanceof GateDecision) {
                out.add((GateDecision) r);
            }
        }
        return out;
    }

    // ---- restart ------------------------------------------------------------------------------

    /**
     * A new simulation (new engine, planner and gate instances) holding only what the changelogs
     * would restore: the serialized cadence and lead state, the timer store's bytes, the DNC table.
     */
    CadenceSimulation restartFromChangelogs() {
        CadenceSimulation restored = new CadenceSimulation(config);
        restored.state = roundTrip(state, CadenceState.class);
        restored.lead = roundTrip(lead, LeadState.class);
        for (byte[] key : timers.keySet()) {
            byte[] copy = key.clone();
            restored.timers.put(copy, TimerKey.decode(copy));
        }
        restored.dnc.putAll(dnc);
        restored.now = now;
        restored.sequence = sequence;
        restored.dueCalls.addAll(dueCalls);
        return restored;
    }

    static <T extends SpecificRecord> T roundTrip(T record, Class<T> type) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<T>(type).write(record, encoder);
            encoder.flush();
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
            return new SpecificDatumReader<T>(type).read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
