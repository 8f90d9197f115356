package io.leadstream.stream.topology;

import io.leadstream.schemas.topic.Topics;
import io.leadstream.stream.activity.CallActivityMerger;
import io.leadstream.stream.cadence.CadenceEngine;
import io.leadstream.stream.cadence.CadencePlanner;
import io.leadstream.stream.compliance.CallingWindows;
import io.leadstream.stream.compliance.ComplianceConfig;
import io.leadstream.stream.compliance.ComplianceGate;
import io.leadstream.stream.compliance.LeadLocalityResolver;
import io.leadstream.stream.compliance.PhoneGate;
import io.leadstream.stream.geo.AreaCodeDirectory;
import io.leadstream.stream.appointment.AppointmentTimeResolver;
import io.leadstream.stream.engagement.EngagementScorer;
import io.leadstream.stream.engagement.ScoreWeights;
import io.leadstream.stream.lead.LeadEventApplier;
import io.leadstream.stream.lead.LeadRules;
import io.leadstream.stream.lead.LeadStateMachine;
import io.leadstream.stream.validation.EventValidator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;

/**
 * stream-app's topology, a pure function of its settings and serdes (SPEC §5, §6, §3 activities):
 * <pre>
 *   voice.events.v1 ──> lead-state-updater [lead-snapshots] ──> lead.state.v1
 *                              │                            ├──> lead.engagement.v1
 *                              │                            └──> crm.activities.v1
 *                              ├──> cadence-scheduler [cadence-states, cadence-timers, lead-snapshots]
 *                              │      reads global: cadence.definitions.v1, compliance.dnc.v1
 *                              │      ├──> cadence.triggers.v1 (EMAIL/TASK DUE, CANCELLED)
 *                              │      ├──> compliance.audit.v1
 *                              │      └──> &lt;app&gt;-phone-requests (CALL/SMS proposals, withdrawals)
 *                              └──> phone-facts ──> &lt;app&gt;-phone-requests (opt-outs, consents, calls placed)
 *   &lt;app&gt;-phone-requests ──> phone-gate [phone-ledgers] reads global: compliance.dnc.v1
 *                              ├──> cadence.triggers.v1 (CALL/SMS DUE with notAfter, CANCELLED)
 *                              ├──> compliance.audit.v1
 *                              ├──> compliance.dnc.v1 (a number that opted out, scope = its workspace)
 *                              └──> &lt;app&gt;-phone-verdicts
 *   &lt;app&gt;-phone-verdicts ──> phone-verdicts [cadence-states, cadence-timers]
 * </pre>
 * The phone stage is keyed {@code <workspaceId>/<E.164>} ({@link io.leadstream.schemas.topic.DncKey}): two leads
 * sharing a number may live on different partitions, and only one task per number can decide their calls without
 * races (SPEC §7 "Fail closed"). Its two internal topics are named after the application id
 * ({@link Topics#phoneRequests}, {@link Topics#phoneVerdicts}) and have the partition count of {@code voice.events.v1}:
 * the verdicts are read by the lead tasks, co-partitioned with it.
 * A lead is the pair (workspaceId, leadId) (SPEC §3): the input, every store of a lead and every output
 * are keyed {@code <workspaceId>/<leadId>} ({@link io.leadstream.schemas.topic.LeadKey}); the DNC table
 * is keyed {@code <scope>/<E.164>} ({@link io.leadstream.schemas.topic.DncKey}).
 * Unreadable and invalid records go to {@code voice.events.dlq.v1} through the exception handlers
 * configured with the topology ({@link DeadLetterDeserializationHandler}, {@link DeadLetterProcessingHandler}).
 */
public final class LeadTopology {
    public static final String SOURCE = "voice-events";
    public static final String UPDATER = "lead-state-updater";
    public static final String STATE_SINK = "lead-state";
    public static final String ENGAGEMENT_SINK = "lead-engagement";
    public static final String ACTIVITIES_SINK = "crm-activities";
    public static final String SNAPSHOT_STORE = "lead-snapshots";
    public static final String CADENCE_SCHEDULER = "cadence-scheduler";
    public static final String TRIGGERS_SINK = "cadence-triggers";
    public static final String AUDIT_SINK = "compliance-audit";
    public static final String CADENCE_STATE_STORE = "cadence-states";
    public static final String TIMER_STORE = "cadence-timers";
    public static final String DEFINITION_STORE = "cadence-definitions";
    public static final String DNC_STORE = "dnc-list";
    public static final String PHONE_FACTS = "phone-facts";
    public static final String PHONE_REQUESTS_SINK = "phone-requests";
    public static final String PHONE_REQUESTS_SOURCE = "phone-requests-source";
    public static final String PHONE_GATE = "phone-gate";
    public static final String PHONE_LEDGER_STORE = "phone-ledgers";
    public static final String PHONE_TRIGGERS_SINK = "phone-triggers";
    public static final String PHONE_AUDIT_SINK = "phone-audit";
    public static final String DNC_SINK = "phone-dnc";
    public static final String VERDICTS_SINK = "phone-verdicts-sink";
    public static final String VERDICTS_SOURCE = "phone-verdicts-source";
    public static final String VERDICT_APPLIER = "phone-verdicts";

    /**
     * @param dedupEventsKept   how many of a lead's last eventIds are remembered to drop duplicates
     * @param decayInterval     how often engagement scores are re-checked for decay (SPEC: daily)
     * @param decayTick         how often the punctuator wakes to continue a decay pass
     * @param decayLeadsPerTick bound on the leads one tick scans, so a pass never stalls processing
     * @param maxFutureSkew     how far in the future an occurredAt may be before the event is rejected
     * @param recentCallsKept   calls per lead kept to merge late events of a call
     * @param compliance        SPEC §7 gate settings (consent requirement, frequency caps)
     * @param cadenceTick       how often due cadence timers are drained (SPEC: at most 1 s)
     * @param cadenceTimersPerTick bound on timers fired per tick
     */
    public record Settings(LeadRules rules, ScoreWeights weights, int dedupEventsKept, Duration decayInterval,
                           Duration decayTick, int decayLeadsPerTick, Duration maxFutureSkew, int recentCallsKept,
                           ComplianceConfig compliance, Duration cadenceTick, int cadenceTimersPerTick) {
        public static final Settings DEFAULTS = new Settings(LeadRules.DEFAULTS, ScoreWeights.DEFAULTS, 64,
                Duration.ofDays(1), Duration.ofSeconds(30), 20_000, Duration.ofHours(1), 2,
                ComplianceConfig.DEFAULTS, Duration.ofSeconds(1), 1_000);
    }

    private final Settings settings;
    private final TopologySerdes serdes;
    private final AppointmentTimeResolver appointments;
    private final StreamMetrics metrics;
    private final String applicationId;
    private final InputWatermark watermark;

    /**
     * @param applicationId names the internal topics of the phone stage
     * @param watermark     how far the input is processed: no timer is released ahead of it
     */
    public LeadTopology(Settings settings, TopologySerdes serdes, AppointmentTimeResolver appointments, StreamMetrics metrics,
                        String applicationId, InputWatermark watermark) {
        this.settings = settings;
        this.serdes = serdes;
        this.appointments = appointments;
        this.metrics = metrics;
        this.applicationId = java.util.Objects.requireNonNull(applicationId, "applicationId");
        this.watermark = java.util.Objects.requireNonNull(watermark, "watermark");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Topology build() {
        LeadEventApplier applier = new LeadEventApplier(new LeadStateMachine(settings.rules()), new EngagementScorer(settings.weights()),
                new CallActivityMerger(), appointments, settings.recentCallsKept(), settings.dedupEventsKept());
        EventValidator validator = new EventValidator(settings.maxFutureSkew());

        Topology topology = new Topology();
        topology.addSource(AutoOffsetReset.earliest(), SOURCE, new OccurredAtTimestampExtractor(), Serdes.String().deserializer(),
                serdes.events().deserializer(), Topics.VOICE_EVENTS.name());
        topology.addProcessor(UPDATER, () -> new LeadStateUpdater(applier, validator, settings, metrics), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SNAPSHOT_STORE),
                Serdes.String(), serdes.snapshots()).withCachingEnabled(), UPDATER);
        topology.addSink(STATE_SINK, Topics.LEAD_STATE.name(), Serdes.String().serializer(),
                (Serializer<SpecificRecord>) (Serializer) serdes.state().serializer(), UPDATER);
        topology.addSink(ENGAGEMENT_SINK, Topics.LEAD_ENGAGEMENT.name(), Serdes.String().serializer(),
                (Serializer<SpecificRecord>) (Serializer) serdes.engagement().serializer(), UPDATER);
        topology.addSink(ACTIVITIES_SINK, Topics.CRM_ACTIVITIES.name(), Serdes.String().serializer(),
                (Serializer<SpecificRecord>) (Serializer) serdes.activities().serializer(), UPDATER);

        // SPEC §7: cadences and compliance gates, fed by every applied event.
        CadenceEngine engine = new CadenceEngine(new CadencePlanner(), new ComplianceGate(settings.compliance(),
                CallingWindows.loadDefault(), new LeadLocalityResolver(AreaCodeDirectory.load())));
        topology.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(DEFINITION_STORE),
                        Serdes.String(), serdes.definitions()).withLoggingDisabled(),
                "cadence-definitions-source", Serdes.String().deserializer(), serdes.definitions().deserializer(),
                Topics.CADENCE_DEFINITIONS.name(), "cadence-definitions-updater", () -> new GlobalTableUpdater<>(DEFINITION_STORE));
        topology.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(DNC_STORE),
                        Serdes.String(), serdes.dnc()).withLoggingDisabled(),
                "dnc-source", Serdes.String().deserializer(), serdes.dnc().deserializer(),
                Topics.COMPLIANCE_DNC.name(), "dnc-updater", () -> new GlobalTableUpdater<>(DNC_STORE));
        topology.addProcessor(CADENCE_SCHEDULER, () -> new CadenceScheduler(engine, settings, watermark, metrics), UPDATER);
        topology.connectProcessorAndStateStores(CADENCE_SCHEDULER, SNAPSHOT_STORE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CADENCE_STATE_STORE),
                Serdes.String(), serdes.cadenceStates()).withCachingEnabled(), CADENCE_SCHEDULER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMER_STORE),
                Serdes.Bytes(), Serdes.String()).withCachingEnabled(), CADENCE_SCHEDULER);
        topology.addSink(TRIGGERS_SINK, Topics.CADENCE_TRIGGERS.name(), Serdes.String().serializer(),
                (Serializer<SpecificRecord>) (Serializer) serdes.triggers().serializer(), CADENCE_SCHEDULER);
        topology.addSink(AUDIT_SINK, Topics.COMPLIANCE_AUDIT.name(), Serdes.String().serializer(),
                (Serializer<SpecificRecord>) (Serializer) serdes.audit().serializer(), CADENCE_SCHEDULER);

        // SPEC §7 "Fail closed": per-phone decisions, one task per number.
        String phoneRequests = Topics.phoneRequests(applicationId).name();
        String phoneVerdicts = Topics.phoneVerdicts(applicationId).name();
        topology.addProcessor(PHONE_FACTS, PhoneFactReporter::new, UPDATER);
        topology.addSink(PHONE_REQUESTS_SINK, phoneRequests, Serdes.String().serializer(),
                (Serializer<SpecificRecord>) (Serializer) serdes.phoneRequests().serializer(), CADENCE_SCHEDULER, PHONE_FACTS);
        topology.addSource(AutoOffsetReset.earliest(), PHONE_REQUESTS_SOURCE, Serdes.String().deserializer(),
                serdes.phoneRequests().deserializer(), phoneRequests);
        PhoneGate phoneGate = new PhoneGate(settings.compliance());
        topology.addProcessor(PHONE_GATE, () -> new PhoneGateProcessor(phoneGate, metrics), PHONE_REQUESTS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PHONE_LEDGER_STORE),
                Serdes.String(), serdes.phoneLedgers()).withCachingEnabled(), PHONE_GATE);
        topology.addSink(PHONE_TRIGGERS_SINK, Topics.CADENCE_TRIGGERS.name(), Serdes.String().serializer(),
                (Serializer<SpecificRecord>) (Serializer) serdes.triggers().serializer(), PHONE_GATE);
        topology.addSink(PHONE_AUDIT_SINK, Topics.COMPLIANCE_AUDIT.name(), Serdes.String().serializer(),
                (Serializer<SpecificRecord>) (Serializer) serdes.audit().serializer(), PHONE_GATE);
        topology.addSink(DNC_SINK, Topics.COMPLIANCE_DNC.name(), Serdes.String().serializer(),
                (Serializer<SpecificRecord>) (Serializer) serdes.dnc().serializer(), PHONE_GATE);
        topology.addSink(VERDICTS_SINK, phoneVerdicts, Serdes.String().serializer(),
                (Serializer<SpecificRecord>) (Serializer) serdes.phoneVerdicts().serializer(), PHONE_GATE);
        topology.addSource(AutoOffsetReset.earliest(), VERDICTS_SOURCE, Serdes.String().deserializer(),
                serdes.phoneVerdicts().deserializer(), phoneVerdicts);
        topology.addProcessor(VERDICT_APPLIER, () -> new PhoneVerdictApplier(engine), VERDICTS_SOURCE);
        topology.connectProcessorAndStateStores(VERDICT_APPLIER, CADENCE_STATE_STORE, TIMER_STORE);
        return topology;
    }
}
