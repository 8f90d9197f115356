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
import io.leadstream.schemas.event.CallPlaced;
import io.leadstream.schemas.event.ConsentRecorded;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.MeetingBooked;
import io.leadstream.schemas.event.OptOutScope;
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.TrialSignupOffered;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.CadenceState;
import io.leadstream.schemas.internal.PhoneConsentRecorded;
import io.leadstream.schemas.internal.PhoneLedger;
import io.leadstream.schemas.internal.PhoneOptedOut;
import io.leadstream.schemas.internal.PhoneRequest;
import io.leadstream.schemas.internal.PhoneVerdict;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.topic.DncKey;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.stream.compliance.CallingWindows;
import io.leadstream.stream.compliance.ComplianceConfig;
import io.leadstream.stream.compliance.ComplianceGate;
import io.leadstream.stream.compliance.FrequencyCaps;
import io.leadstream.stream.compliance.GateVerdict;
import io.leadstream.stream.compliance.LeadLocality;
import io.leadstream.stream.compliance.LeadLocalityResolver;
import io.leadstream.stream.compliance.LocalWindow;
import io.leadstream.stream.compliance.PhoneFacts;
import io.leadstream.stream.compliance.PhoneGate;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Leads of one workspace run through the release path as the topology runs it: each event updates its lead (the
 * state machine), then the cadence engine; the event's phone facts and the engine's call proposals and withdrawals
 * queue for the phone stage ({@link PhoneGate}, in the order sent), whose verdicts queue back to the leads; a
 * punctuator fires the timers due by min(now, input watermark) from a byte-ordered timer store. The input can lag or
 * the service be down — events then wait in a backlog and the watermark stays before the oldest of them — and the
 * phone stage can stall.
 * <p>
 * Every output is checked against SPEC §7 as it is produced, by oracles computed from the ground truth of what was
 * appended when, not from the engine's view: no DUE CALL to a number or lead opted out by an event appended before
 * its timer was due (unless a consent captured later lifted it), none without consent for that number when required,
 * none over a cap counting every released DUE and every call placed, each inside its window with {@code notAfter}
 * bounded by the window and the validity; an opt-out reaching the phone stage cancels every live DUE of the number;
 * every non-ALLOW decision and every CANCELLED trigger is audited; one timer per lead, none while proposed.
 */
final class CadenceSimulation {
    static final String LEAD = "lead-42";
    static final String WORKSPACE = "acme";
    static final Instant START = Instant.parse("2026-03-02T14:00:00Z");
    static final AreaCodeDirectory AREA_CODES = AreaCodeDirectory.load();
    static final CallingWindows WINDOWS = CallingWindows.loadDefault();
    static final Map<String, CadenceDefinition> DEFINITIONS = CadenceDefinitions.loadDefault();

    /** An event as appended to the input, with what was true of its lead then. */
    record Appended(Instant at, VoiceEvent event, String phoneAfter, String consentPhone) {
        String leadId() {
            return event.getLeadId();
        }
    }

    /** A call proposal as its timer fired it: the timer's due time is what the input must have been processed up to. */
    record Proposed(Instant timerDue, LeadState lead) {
    }

    final ComplianceConfig config;
    final CadenceEngine engine;
    final PhoneGate phoneGate;
    final LeadStateMachine machine = new LeadStateMachine(LeadRules.DEFAULTS);
    final LeadLocalityResolver localities = new LeadLocalityResolver(AREA_CODES);

    // What the stores, their changelogs and the topics hold.
    Map<String, LeadState> leads = new TreeMap<>();
    Map<String, CadenceState> states = new TreeMap<>();
    TreeMap<byte[], TimerKey> timers = new TreeMap<>(Arrays::compareUnsigned);
    /** compliance.dnc.v1 by its key {@code <scope>/<E.164>}. */
    final Map<String, DncEntry> dnc = new HashMap<>();
    Map<String, PhoneLedger> ledgers = new HashMap<>();
    final Deque<Appended> backlog = new ArrayDeque<>();
    final Deque<PhoneRequest> phoneQueue = new ArrayDeque<>();
    final Deque<PhoneVerdict> verdictQueue = new ArrayDeque<>();
    boolean inputHeld;
    boolean phoneHeld;
    boolean down;

    /** The default lead's state and cadence state, for specs of one lead. */
    LeadState lead = LeadStateMachine.initial(LEAD, WORKSPACE);
    CadenceState state = CadencePlanner.empty(new LeadKey(WORKSPACE, LEAD));
    Instant now = START;
    int sequence;

    /** Everything emitted, in order: CadenceTrigger and GateDecision records. */
    final List<SpecificRecord> outputs = new ArrayList<>();
    /** What an earlier incarnation emitted before {@link #restartFromChangelogs}, for the oracles that look back. */
    final List<SpecificRecord> priorOutputs = new ArrayList<>();
    /** Every DUE CALL released, for the caps. */
    final List<CadenceTrigger> dueCalls = new ArrayList<>();
    /** How often the histories hit the paths under test: ticks holding a due timer back, DUEs cancelled after release, phone-stage refusals. */
    int heldTimers;
    int cancelledAfterRelease;
    int phoneRefusals;

    // Ground truth, for the oracles.
    final List<Appended> appended = new ArrayList<>();
    final Map<String, String> truthPhone = new HashMap<>();
    final Map<String, Proposed> proposals = new HashMap<>();

    CadenceSimulation(ComplianceConfig config) {
        this.config = config;
        this.engine = new CadenceEngine(new CadencePlanner(), new ComplianceGate(config, WINDOWS, new LeadLocalityResolver(AREA_CODES)));
        this.phoneGate = new PhoneGate(config);
    }

    // ---- inputs ---------------------------------------------------------------------------

    VoiceEvent event(EventType type, Object payload) {
        return event(LEAD, type, payload);
    }

    VoiceEvent event(String leadId, EventType type, Object payload) {
        sequence++;
        return VoiceEvent.newBuilder().setEventId("evt-" + sequence).setEventType(type).setLeadId(leadId).setWorkspaceId(WORKSPACE)
                .setOccurredAt(now).setReceivedAt(now).setCallId("call-" + sequence).setPayload(payload).build();
    }

    /** Appends an event of the default lead; its engine result when it was processed at once, else null (backlog). */
    CadenceEngine.Result send(EventType type, Object payload) {
        return send(LEAD, type, payload);
    }

    CadenceEngine.Result send(String leadId, EventType type, Object payload) {
        return append(event(leadId, type, payload));
    }

    private CadenceEngine.Result append(VoiceEvent e) {
        String leadId = e.getLeadId();
        String phoneBefore = truthPhone.get(leadId);
        String consentPhone = null;
        if (e.getPayload() instanceof LeadUpserted u && u.getPhone() != null) {
            truthPhone.put(leadId, PhoneNumbers.normalize(u.getPhone()).orElse(null));
        }
        if (e.getPayload() instanceof ConsentRecorded c) {
            consentPhone = c.getPhone() != null ? PhoneNumbers.normalize(c.getPhone()).orElse(c.getPhone()) : phoneBefore;
        }
        Appended a = new Appended(now, e, truthPhone.get(leadId), consentPhone);
        appended.add(a);
        if (inputHeld || down) {
            backlog.addLast(a);
            return null;
        }
        return process(e);
    }

    private CadenceEngine.Result process(VoiceEvent e) {
        String leadId = e.getLeadId();
        LeadState before = leads.get(leadId);
        LeadState after = machine.apply(before, e, 0);
        leads.put(leadId, after);
        CadenceState current = states.getOrDefault(leadId, CadencePlanner.empty(new LeadKey(WORKSPACE, leadId)));
        Optional<PendingStep> pending = PendingStep.of(current);
        CadenceEngine.Result r = engine.onEvent(current, after, e, id -> Optional.ofNullable(DEFINITIONS.get(id)), now);
        applyLead(leadId, r, null);
        phoneQueue.addAll(PhoneFacts.of(before, after, e));
        if (after.getStatus() == LeadStatus.OPTED_OUT) {
            // SPEC §7: an opt-out cancels every pending timer and emits CANCELLED for each, in the same step.
            assertThat(timersOf(leadId)).as("timers after opt-out").isEmpty();
            assertThat(states.containsKey(leadId) ? states.get(leadId).getActive() : null).isNull();
            pending.ifPresent(p -> assertThat(r.triggers()).anyMatch(t -> t.getAction() == TriggerAction.CANCELLED
                    && t.getTriggerId().equals(p.triggerId())));
        }
        sync();
        pump();
        return r;
    }

    CadenceEngine.Result enroll(String cadenceId) {
        return enroll(LEAD, cadenceId);
    }

    CadenceEngine.Result enroll(String leadId, String cadenceId) {
        return send(leadId, EventType.CADENCE_ENROLLED, new CadenceEnrolled(cadenceId, null));
    }

    void profile(String phone, String timeZone, String usState) {
        profile(LEAD, phone, timeZone, usState);
    }

    void profile(String leadId, String phone, String timeZone, String usState) {
        send(leadId, EventType.LEAD_UPSERTED, LeadUpserted.newBuilder().setPhone(phone).setTimeZone(timeZone).setState(usState)
                .setEmail(leadId + "@example.com").build());
    }

    void consent(boolean granted) {
        consent(LEAD, granted, now, null);
    }

    /** Written outreach consent sent now, captured at {@code capturedAt} for {@code phone} (null: the lead's phone). */
    void consent(String leadId, boolean granted, Instant capturedAt, String phone) {
        send(leadId, EventType.CONSENT_RECORDED, new ConsentRecorded(ConsentKind.OUTREACH_WRITTEN, granted, capturedAt, phone));
    }

    void noAnswer() {
        noAnswer(LEAD);
    }

    void noAnswer(String leadId) {
        send(leadId, EventType.CALL_NO_ANSWER, new CallNoAnswer(1, "voicemail"));
    }

    void answered() {
        answered(LEAD);
    }

    void answered(String leadId) {
        send(leadId, EventType.CALL_ANSWERED, new CallAnswered(60, List.of()));
    }

    void completed() {
        send(LEAD, EventType.CALL_COMPLETED, CallCompleted.newBuilder().setDurationSeconds(120).build());
    }

    void optOut() {
        optOut(LEAD);
    }

    void optOut(String leadId) {
        send(leadId, EventType.OPTOUT_REQUESTED, new OptoutRequested("asked to stop", OptOutScope.ALL, "please stop calling"));
    }

    void doNotCall() {
        doNotCall(LEAD);
    }

    void doNotCall(String leadId) {
        send(leadId, EventType.LEAD_UPSERTED, LeadUpserted.newBuilder().setDoNotCall(true).build());
    }

    void meeting() {
        meeting(LEAD);
    }

    void meeting(String leadId) {
        send(leadId, EventType.MEETING_BOOKED, MeetingBooked.newBuilder().setAppointmentId("apt-" + sequence).build());
    }

    void trialAccepted() {
        trialAccepted(LEAD);
    }

    void trialAccepted(String leadId) {
        send(leadId, EventType.TRIAL_SIGNUP_OFFERED, new TrialSignupOffered(true, "pro"));
    }

    void exit(String cadenceId) {
        exit(LEAD, cadenceId);
    }

    void exit(String leadId, String cadenceId) {
        send(leadId, EventType.CADENCE_EXITED, new CadenceExited(cadenceId, "ops"));
    }

    /** The dialer acts on the lead's latest DUE CALL still actionable and reports the call placed on it. */
    void dialerActs(String leadId) {
        for (int i = dueCalls.size() - 1; i >= 0; i--) {
            CadenceTrigger due = dueCalls.get(i);
            if (due.getLeadId().equals(leadId)) {
                if (due.getNotAfter().isAfter(now)) {
                    send(leadId, EventType.CALL_PLACED, new CallPlaced(due.getPhone(), due.getTriggerId()));
                }
                return;
            }
        }
    }

    /** Someone calls the lead outside the cadence (manual call, another dialer). */
    void manualCall(String leadId) {
        send(leadId, EventType.CALL_PLACED, new CallPlaced(null, null));
    }

    /** Lists the default lead's phone in {@code scope}: {@link DncKey#GLOBAL}, this lead's workspace or another one. */
    void dncAdd(String scope, DncSource source) {
        dncAdd(LEAD, scope, source);
    }

    void dncAdd(String leadId, String scope, DncSource source) {
        Optional.ofNullable(truthPhone.get(leadId)).ifPresent(p -> dnc.put(DncKey.of(scope, p), new DncEntry(p, source, now, null, "test")));
    }

    void dncClear() {
        dnc.clear();
    }

    // ---- time, lag, downtime ------------------------------------------------------------------------

    /**
     * The service runs for {@code d}: the punctuator fires each releasable timer within a second of its due time;
     * timers the watermark holds back wait.
     */
    void run(Duration d) {
        Instant target = now.plus(d);
        while (!down) {
            Instant due = nextTick();
            if (due == null || due.isAfter(target)) {
                break;
            }
            Instant at = (due.isAfter(now) ? due : now).plusMillis(400);
            if (at.isAfter(target)) {
                break;
            }
            now = at;
            tick();
        }
        now = target.isAfter(now) ? target : now;
        tick();
    }

    /** The next timer the punctuator will fire: due later, or due already and releasable now. */
    private Instant nextTick() {
        long releasable = watermark();
        for (TimerKey t : timers.values()) {
            if (t.due().isAfter(now) || t.dueMillis() <= releasable) {
                return t.due();
            }
        }
        return null;
    }

    /** The service is down for {@code d} (events produced meanwhile wait), then restarts from its changelogs. */
    void downtime(Duration d) {
        goDown();
        now = now.plus(d);
        restart();
    }

    void goDown() {
        down = true;
    }

    /** Back from the changelogs: a punctuation may come before the backlog is processed, then the backlog, then another. */
    void restart() {
        reloadFromChangelogs();
        down = false;
        tick();
        resumeInput();
        tick();
    }

    /** Input processing stalls (lag): events wait in the backlog, the punctuator keeps running. */
    void holdInput() {
        inputHeld = true;
    }

    void resumeInput() {
        inputHeld = false;
        while (!backlog.isEmpty() && !down) {
            process(backlog.pollFirst().event());
        }
    }

    /** The phone stage stalls: proposals and facts wait for it, verdicts too. */
    void holdPhoneStage() {
        phoneHeld = true;
    }

    void resumePhoneStage() {
        phoneHeld = false;
        pump();
    }

    /** Before this instant every appended event has been processed (what InputProgress measures). */
    long watermark() {
        return backlog.isEmpty() ? Long.MAX_VALUE : backlog.peekFirst().at().toEpochMilli() - 1;
    }

    /** One punctuation: every timer due by min(now, watermark), bounded per tick. */
    void tick() {
        if (down) {
            return;
        }
        Instant bound = Instant.ofEpochMilli(Math.min(now.toEpochMilli(), watermark()));
        if (bound.isBefore(now) && timers.values().stream().anyMatch(t -> t.due().isAfter(bound) && !t.due().isAfter(now))) {
            heldTimers++;
        }
        for (int i = 0; i < 100 && !timers.isEmpty(); i++) {
            Map.Entry<byte[], TimerKey> first = timers.firstEntry();
            if (Arrays.compareUnsigned(first.getKey(), TimerKey.upperBound(bound)) > 0) {
                break;
            }
            TimerKey timer = first.getValue();
            String leadId = timer.lead().leadId();
            CadenceState current = states.getOrDefault(leadId, CadencePlanner.empty(timer.lead()));
            Optional<PendingStep> pending = PendingStep.of(current);
            CadenceEngine.Result r = engine.onTimer(current, leads.get(leadId), timer, (scope, p) -> Optional.ofNullable(dnc.get(DncKey.of(scope, p))), now);
            for (PhoneRequest req : r.phoneRequests()) {
                if (req.getRequest() instanceof io.leadstream.schemas.internal.CallProposal p) {
                    proposals.put(p.getTrigger().getTriggerId(), new Proposed(timer.due(), leads.get(leadId)));
                }
            }
            applyLead(leadId, r, pending.orElse(null));
        }
        sync();
        pump();
    }

    /** The phone stage and the lead side's verdict processing catch up, unless stalled or down. */
    private void pump() {
        while (!phoneHeld && !down && (!phoneQueue.isEmpty() || !verdictQueue.isEmpty())) {
            while (!phoneQueue.isEmpty()) {
                phoneStage(phoneQueue.pollFirst());
            }
            while (!verdictQueue.isEmpty()) {
                PhoneVerdict v = verdictQueue.pollFirst();
                CadenceEngine.Result r = engine.onVerdict(states.get(v.getLeadId()), v);
                assertThat(r.phoneRequests()).as("a verdict withdraws nothing").isEmpty();
                applyLead(v.getLeadId(), r, null);
            }
        }
        sync();
    }

    private void sync() {
        lead = leads.getOrDefault(LEAD, LeadStateMachine.initial(LEAD, WORKSPACE));
        state = states.getOrDefault(LEAD, CadencePlanner.empty(new LeadKey(WORKSPACE, LEAD)));
    }

    // ---- outputs and invariants -------------------------------------------------------------

    private List<TimerKey> timersOf(String leadId) {
        return timers.values().stream().filter(t -> t.lead().leadId().equals(leadId)).toList();
    }

    private void applyLead(String leadId, CadenceEngine.Result r, PendingStep fired) {
        if (r.stateIsEmpty()) {
            states.remove(leadId);
        } else {
            states.put(leadId, r.state());
        }
        r.timersToDelete().forEach(k -> timers.remove(k.encode()));
        r.timersToPut().forEach(k -> timers.put(k.encode(), k));
        outputs.addAll(r.triggers());
        outputs.addAll(r.audits());
        phoneQueue.addAll(r.phoneRequests());

        List<TimerKey> own = timersOf(leadId);
        assertThat(own.size()).as("one pending timer per lead at most").isLessThanOrEqualTo(1);
        PendingStep.of(r.state()).ifPresentOrElse(p -> {
            if (r.state().getActive().getProposedAt() != null) {
                assertThat(own).as("no timer while the phone stage has the attempt").isEmpty();
            } else {
                assertThat(own).containsExactly(p.timerKey());
            }
        }, () -> assertThat(own).isEmpty());
        for (GateDecision a : r.audits()) {
            assertThat(a.getRule()).as("audit rule").isNotEqualTo(GateRule.UNKNOWN);
            assertThat(a.getReason()).as("audit reason").isNotBlank();
        }
        for (CadenceTrigger t : r.triggers()) {
            if (t.getAction() == TriggerAction.CANCELLED) {
                assertThat(r.audits()).as("audit for cancelled %s", t.getTriggerId())
                        .anyMatch(a -> t.getTriggerId().equals(a.getTriggerId()) && a.getDecision() == Decision.CANCEL);
            } else {
                assertThat(t.getChannel()).as("only the phone stage releases calls and texts").isIn(Channel.EMAIL, Channel.TASK);
            }
        }
        if (r.verdict().isPresent() && !r.verdict().get().allowed()) {
            GateVerdict v = r.verdict().get();
            assertThat(r.audits()).as("audit for %s", v).anyMatch(a -> a.getDecision() == v.decision() && a.getRule() == v.rule()
                    && fired != null && fired.triggerId().equals(a.getTriggerId()));
        }
    }

    private void phoneStage(PhoneRequest request) {
        String key = DncKey.of(request.getWorkspaceId(), request.getPhone());
        PhoneGate.Outcome o = phoneGate.decide(ledgers.get(key), request, (scope, p) -> Optional.ofNullable(dnc.get(DncKey.of(scope, p))), now);
        if (o.ledger() == null) {
            ledgers.remove(key);
        } else {
            ledgers.put(key, o.ledger());
        }
        o.dncWrite().ifPresent(w -> {
            if (w.entry() == null) {
                dnc.remove(w.key());
            } else {
                dnc.put(w.key(), w.entry());
            }
        });
        outputs.addAll(o.triggers());
        outputs.addAll(o.audits());
        verdictQueue.addAll(o.verdicts());

        for (GateDecision a : o.audits()) {
            assertThat(a.getRule()).as("audit rule").isNotEqualTo(GateRule.UNKNOWN);
            assertThat(a.getReason()).as("audit reason").isNotBlank();
        }
        for (CadenceTrigger t : o.triggers()) {
            if (t.getAction() == TriggerAction.CANCELLED) {
                assertThat(o.audits()).as("audit for cancelled %s", t.getTriggerId())
                        .anyMatch(a -> t.getTriggerId().equals(a.getTriggerId()) && a.getDecision() == Decision.CANCEL);
                if (released(t.getPhone()).stream().anyMatch(d -> d.getTriggerId().equals(t.getTriggerId()))) {
                    cancelledAfterRelease++;
                }
            } else {
                checkRelease(t);
            }
        }
        for (PhoneVerdict v : o.verdicts()) {
            if (v.getDecision() != Decision.ALLOW) {
                phoneRefusals++;
                assertThat(o.audits()).as("audit for phone verdict %s", v).anyMatch(a -> v.getTriggerId().equals(a.getTriggerId())
                        && a.getDecision() == v.getDecision() && a.getRule() == v.getRule());
            }
        }
        boolean optOutFact = request.getRequest() instanceof PhoneOptedOut
                || request.getRequest() instanceof PhoneConsentRecorded c && !c.getGranted();
        if (optOutFact && PhoneGate.optedOut(o.ledger())) {
            // SPEC §7: an opt-out after a DUE was released cancels it.
            for (CadenceTrigger due : released(request.getPhone())) {
                if (due.getNotAfter().isAfter(now)) {
                    assertThat(triggers()).as("CANCELLED for live %s after %s opted out", due.getTriggerId(), request.getPhone())
                            .anyMatch(t -> t.getAction() == TriggerAction.CANCELLED && t.getTriggerId().equals(due.getTriggerId()));
                }
            }
        }
    }

    /** A DUE the phone stage released, checked against the ground truth. */
    private void checkRelease(CadenceTrigger t) {
        assertThat(t.getChannel()).isIn(Channel.CALL, Channel.SMS, Channel.UNKNOWN);
        assertThat(t.getDueAt()).isEqualTo(now);
        assertThat(t.getNotAfter()).as("notAfter").isNotNull().isAfter(now).isBeforeOrEqualTo(now.plus(config.triggerValidity()));
        Proposed proposed = proposals.get(t.getTriggerId());
        assertThat(proposed).as("released %s was proposed", t.getTriggerId()).isNotNull();
        String leadId = t.getLeadId();
        String phone = t.getPhone();
        List<CadenceTrigger> all = triggers();
        assertThat(all).as("no burst: one live DUE per lead and instant")
                .noneMatch(d -> d != t && d.getAction() == TriggerAction.DUE && (d.getChannel() == Channel.CALL || d.getChannel() == Channel.SMS)
                        && d.getLeadId().equals(leadId) && d.getDueAt().equals(t.getDueAt())
                        && all.stream().noneMatch(c -> c.getAction() == TriggerAction.CANCELLED && c.getTriggerId().equals(d.getTriggerId())));
        Instant cutoff = proposed.timerDue();

        Instant phoneOptOut = phoneOptedOutAt(phone, cutoff);
        assertThat(phoneOptOut == null || consentedAfter(phone, phoneOptOut, null))
                .as("DUE CALL %s to %s, opted out at %s before its timer was due at %s", t.getTriggerId(), phone, phoneOptOut, cutoff).isTrue();
        Instant leadOptOut = leadOptedOutAt(leadId, cutoff);
        assertThat(leadOptOut == null || consentedAfter(null, leadOptOut, leadId))
                .as("DUE CALL %s for lead %s, opted out at %s", t.getTriggerId(), leadId, leadOptOut).isTrue();
        assertThat(dnc.get(DncKey.global(phone))).as("DUE CALL to a globally DNC-listed phone").isNull();
        assertThat(dnc.get(DncKey.of(WORKSPACE, phone))).as("DUE CALL to a phone on its workspace's DNC list").isNull();
        if (config.outreachConsentRequired()) {
            assertThat(appended).as("DUE CALL to %s without written consent for that number", phone).anyMatch(a -> a.leadId().equals(leadId)
                    && a.event().getPayload() instanceof ConsentRecorded c && c.getKind() == ConsentKind.OUTREACH_WRITTEN && c.getGranted()
                    && phone.equals(a.consentPhone()));
        }
        checkWindow(t, proposed.lead());
        if (t.getChannel() != Channel.SMS) {
            checkCaps(t, cutoff);
            dueCalls.add(t);
        }
    }

    /** Inside the window of every zone the lead may be in, step window included, and notAfter no later than its end. */
    private void checkWindow(CadenceTrigger t, LeadState atProposal) {
        LeadLocality locality = localities.resolve(atProposal.getProfile());
        CadenceStep step = DEFINITIONS.get(t.getCadenceId()).getSteps().stream().filter(s -> s.getStepId().equals(t.getStepId())).findFirst().orElseThrow();
        for (ZoneId zone : locality.zones()) {
            LocalDateTime local = LocalDateTime.ofInstant(t.getDueAt(), zone);
            Optional<LocalWindow> legal = WINDOWS.windowOn(locality.state().orElse(null), local.toLocalDate());
            assertThat(legal).as("DUE CALL on a closed day %s in %s", local, zone).isPresent();
            LocalWindow window = legal.get();
            if (step.getWindow() != null) {
                Optional<LocalWindow> both = LocalWindow.of(step.getWindow().getStart(), step.getWindow().getEnd()).intersect(window);
                assertThat(both).as("step window and legal window meet").isPresent();
                window = both.get();
            }
            assertThat(window.contains(local.toLocalTime())).as("DUE CALL at %s in %s outside %s", local, zone, window).isTrue();
            assertThat(LocalDateTime.ofInstant(t.getNotAfter(), zone)).as("notAfter in %s past the end of %s", zone, window)
                    .isBeforeOrEqualTo(local.toLocalDate().atTime(window.end()));
        }
    }

    /**
     * Released DUE CALLs of the number (each at its reported call if a dialer said it acted on it, else at its notAfter)
     * and calls placed on it outside the cadence that were appended before the timer was due: with this one, no cap
     * window may hold more than the cap.
     */
    private void checkCaps(CadenceTrigger t, Instant cutoff) {
        List<Instant> known = new ArrayList<>();
        List<Appended> reportsUsed = new ArrayList<>();
        for (CadenceTrigger prev : dueCalls) {
            if (!prev.getPhone().equals(t.getPhone())) {
                continue;
            }
            Optional<Appended> report = appended.stream().filter(a -> !a.at().isAfter(now) && a.event().getPayload() instanceof CallPlaced p
                    && prev.getTriggerId().equals(p.getTriggerId()) && t.getPhone().equals(dialed(a))).findFirst();
            report.ifPresent(reportsUsed::add);
            known.add(report.map(a -> a.event().getOccurredAt()).orElse(prev.getNotAfter()));
        }
        for (Appended a : appended) {
            if (!a.at().isAfter(cutoff) && a.event().getPayload() instanceof CallPlaced && t.getPhone().equals(dialed(a)) && !reportsUsed.contains(a)) {
                known.add(a.event().getOccurredAt());
            }
        }
        for (FrequencyCaps.Cap cap : config.caps().caps()) {
            long within = known.stream().filter(h -> Duration.between(h, t.getDueAt()).abs().compareTo(cap.window()) < 0).count();
            assertThat(within + 1).as("DUE CALL %s to %s: calls within %s of it", t.getTriggerId(), t.getPhone(), cap).isLessThanOrEqualTo(cap.max());
        }
    }

    private static String dialed(Appended a) {
        CallPlaced p = (CallPlaced) a.event().getPayload();
        return PhoneNumbers.normalize(p.getDialedNumber()).orElse(a.phoneAfter());
    }

    /** Latest opt-out of {@code phone} appended by {@code cutoff}: any lead's opt-out or doNotCall with it, a revoked consent for it. */
    private Instant phoneOptedOutAt(String phone, Instant cutoff) {
        Instant latest = null;
        for (Appended a : appended) {
            if (a.at().isAfter(cutoff)) {
                continue;
            }
            Instant at = null;
            if (isOptOut(a.event()) && phone.equals(a.phoneAfter())) {
                at = a.event().getOccurredAt();
            } else if (a.event().getPayload() instanceof ConsentRecorded c && c.getKind() == ConsentKind.OUTREACH_WRITTEN && !c.getGranted()
                    && phone.equals(a.consentPhone())) {
                at = c.getCapturedAt();
            }
            if (at != null && (latest == null || at.isAfter(latest))) {
                latest = at;
            }
        }
        return latest;
    }

    private Instant leadOptedOutAt(String leadId, Instant cutoff) {
        Instant latest = null;
        for (Appended a : appended) {
            if (!a.at().isAfter(cutoff) && a.leadId().equals(leadId) && isOptOut(a.event())
                    && (latest == null || a.event().getOccurredAt().isAfter(latest))) {
                latest = a.event().getOccurredAt();
            }
        }
        return latest;
    }

    /**
     * A granted written consent appended by now and captured after {@code optedOutAt}: for {@code phone} (any lead), or
     * by {@code leadId} for the number it had then.
     */
    private boolean consentedAfter(String phone, Instant optedOutAt, String leadId) {
        return appended.stream().anyMatch(a -> !a.at().isAfter(now) && a.event().getPayload() instanceof ConsentRecorded c
                && c.getKind() == ConsentKind.OUTREACH_WRITTEN && c.getGranted() && c.getCapturedAt().isAfter(optedOutAt)
                && (phone != null ? phone.equals(a.consentPhone()) : a.leadId().equals(leadId) && Objects.equals(a.consentPhone(), a.phoneAfter())));
    }

    private static boolean isOptOut(VoiceEvent e) {
        return e.getPayload() instanceof OptoutRequested
                || e.getPayload() instanceof LeadUpserted u && (Boolean.TRUE.equals(u.getDoNotCall()) || u.getStatus() == LeadStatus.OPTED_OUT);
    }

    private List<CadenceTrigger> released(String phone) {
        return triggers().stream().filter(t -> t.getAction() == TriggerAction.DUE && phone.equals(t.getPhone())
                && t.getChannel() != Channel.EMAIL && t.getChannel() != Channel.TASK).toList();
    }

    /** Caps over every DUE CALL ever released per number, in any rolling window. */
    void assertCapsHeld() {
        for (CadenceTrigger start : dueCalls) {
            for (var cap : config.caps().caps()) {
                long within = dueCalls.stream().filter(d -> d.getPhone().equals(start.getPhone()) && !d.getDueAt().isBefore(start.getDueAt())
                        && d.getDueAt().isBefore(start.getDueAt().plus(cap.window()))).count();
                assertThat(within).as("calls to %s in %s from %s", start.getPhone(), cap, start.getDueAt()).isLessThanOrEqualTo(cap.max());
            }
        }
    }

    List<CadenceTrigger> triggers() {
        List<CadenceTrigger> out = new ArrayList<>();
        List<SpecificRecord> all = new ArrayList<>(priorOutputs);
        all.addAll(outputs);
        for (SpecificRecord r : all) {
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
     * A new simulation (new engine, planner and gate instances) holding only what the changelogs and topics would
     * restore: the serialized lead, cadence and phone states, the timer store's bytes, the DNC table, the queued
     * records; the ground truth and the releases so far come along for the oracles.
     */
    CadenceSimulation restartFromChangelogs() {
        CadenceSimulation restored = new CadenceSimulation(config);
        restored.leads = roundTripAll(leads, LeadState.class);
        restored.states = roundTripAll(states, CadenceState.class);
        restored.ledgers = roundTripAll(ledgers, PhoneLedger.class);
        restored.timers = copyTimers(timers);
        restored.dnc.putAll(dnc);
        restored.backlog.addAll(backlog);
        phoneQueue.forEach(r -> restored.phoneQueue.add(roundTrip(r, PhoneRequest.class)));
        verdictQueue.forEach(v -> restored.verdictQueue.add(roundTrip(v, PhoneVerdict.class)));
        restored.inputHeld = inputHeld;
        restored.phoneHeld = phoneHeld;
        restored.down = down;
        restored.now = now;
        restored.sequence = sequence;
        restored.dueCalls.addAll(dueCalls);
        restored.appended.addAll(appended);
        restored.truthPhone.putAll(truthPhone);
        restored.proposals.putAll(proposals);
        restored.priorOutputs.addAll(priorOutputs);
        restored.priorOutputs.addAll(outputs);
        restored.sync();
        return restored;
    }

    /** In place, for a restart inside one history: the stores reread from their changelogs. */
    private void reloadFromChangelogs() {
        leads = roundTripAll(leads, LeadState.class);
        states = roundTripAll(states, CadenceState.class);
        ledgers = roundTripAll(ledgers, PhoneLedger.class);
        timers = copyTimers(timers);
        sync();
    }

    private static TreeMap<byte[], TimerKey> copyTimers(TreeMap<byte[], TimerKey> timers) {
        TreeMap<byte[], TimerKey> copy = new TreeMap<>(Arrays::compareUnsigned);
        for (byte[] key : timers.keySet()) {
            byte[] bytes = key.clone();
            copy.put(bytes, TimerKey.decode(bytes));
        }
        return copy;
    }

    private static <T extends SpecificRecord> Map<String, T> roundTripAll(Map<String, T> records, Class<T> type) {
        Map<String, T> copy = records instanceof TreeMap ? new TreeMap<>() : new HashMap<>();
        records.forEach((k, v) -> copy.put(k, roundTrip(v, type)));
        return copy;
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
