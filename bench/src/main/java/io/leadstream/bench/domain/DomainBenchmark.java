package io.leadstream.bench.domain;

import io.leadstream.bench.stream.VoiceEventLoad;
import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.DecayedSum;
import io.leadstream.schemas.internal.LeadSnapshot;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.stream.activity.CallActivityMerger;
import io.leadstream.stream.appointment.AppointmentTimeResolver;
import io.leadstream.stream.compliance.CallingWindows;
import io.leadstream.stream.compliance.ComplianceGate;
import io.leadstream.stream.compliance.DncLookup;
import io.leadstream.stream.compliance.GateRequest;
import io.leadstream.stream.compliance.GateVerdict;
import io.leadstream.stream.compliance.LeadLocalityResolver;
import io.leadstream.stream.engagement.EngagementScorer;
import io.leadstream.stream.geo.AreaCodeDirectory;
import io.leadstream.stream.lead.LeadEventApplier;
import io.leadstream.stream.lead.LeadStateMachine;
import io.leadstream.stream.topology.LeadTopology;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Operations per second of stream-app's hot pure-Java paths, each beside a baseline in the same run:
 * <ul>
 *   <li>{@code LeadEventApplier#apply} (built as {@code LeadTopology#build} builds it) on a lead with a
 *       history, over a realistic event mix — against an Avro deep copy of the same snapshot, the
 *       least a copy-on-write state update costs;</li>
 *   <li>{@code EngagementScorer#score} of that lead's ledger — against one {@code Math.pow}, the decay of a single group;</li>
 *   <li>{@code ComplianceGate#evaluate} of a consenting Miami lead's call at noon (every gate passes) —
 *       against the lead-local time of the instant in a cached zone, the least a calling-window check needs.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DomainBenchmark {
    private static final String LEAD = "lead-1";
    private static final int HISTORY = 40;
    private static final int POOL = 1024;

    private LeadEventApplier applier;
    private EngagementScorer scorer;
    private LeadSnapshot snapshot;
    private VoiceEvent[] events;
    private int next;

    private Map<String, DecayedSum> ledger;
    private Instant scoreAt;
    private double[] ages;

    private ComplianceGate gate;
    private GateRequest request;
    private ZoneId zone;

    @Setup(Level.Trial)
    public void setUp() {
        LeadTopology.Settings s = LeadTopology.Settings.DEFAULTS;
        scorer = new EngagementScorer(s.weights());
        applier = new LeadEventApplier(new LeadStateMachine(s.rules()), scorer, new CallActivityMerger(), new AppointmentTimeResolver(),
                s.recentCallsKept(), s.dedupEventsKept());

        // A lead with a history of HISTORY events, then a pool of later events each applied to that same snapshot.
        VoiceEventLoad load = new VoiceEventLoad(11, 1);
        long total = HISTORY + POOL;
        LeadSnapshot current = null;
        for (int i = 0; i < HISTORY; i++) {
            current = applier.apply(current, forLead(load.next(i, total))).snapshot();
        }
        snapshot = current;
        events = new VoiceEvent[POOL];
        for (int i = 0; i < POOL; i++) {
            events[i] = forLead(load.next(HISTORY + i, total));
        }

        ledger = snapshot.getEngagement();
        scoreAt = snapshot.getState().getLastEventAt().plus(Duration.ofHours(6));
        ages = new double[POOL];
        for (int i = 0; i < POOL; i++) {
            ages[i] = 1 + i * 0.37;
        }

        gate = new ComplianceGate(s.compliance(), CallingWindows.loadDefault(), new LeadLocalityResolver(AreaCodeDirectory.load()));
        LeadState lead = MiamiLead.consenting();
        request = new GateRequest(lead, Channel.CALL, Instant.parse("2026-03-10T18:00:00Z"), null,
                List.of(Instant.parse("2026-03-09T15:00:00Z"), Instant.parse("2026-03-10T14:00:00Z")));
        zone = ZoneId.of("America/New_York");
        GateVerdict verdict = gate.evaluate(request, DncLookup.EMPTY);
        if (!verdict.decision().name().equals("ALLOW")) {
            throw new IllegalStateException("the benchmarked request should pass every gate, got " + verdict);
        }
    }

    private static VoiceEvent forLead(VoiceEvent e) {
        return VoiceEvent.newBuilder(e).setLeadId(LEAD).setCallId(LEAD + "-" + e.getCallId()).build();
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (POOL - 1);
        return i;
    }

    @Benchmark
    public LeadEventApplier.Outcome applyMixedEvent() {
        return applier.apply(snapshot, events[nextIndex()]);
    }

    @Benchmark
    public LeadSnapshot baselineApplyAvroDeepCopyOfSnapshot() {
        events[nextIndex()].getEventId(); // same index bookkeeping as the measured path
        return LeadSnapshot.newBuilder(snapshot).build();
    }

    @Benchmark
    public EngagementScorer.Score scoreLedger() {
        return scorer.score(ledger, scoreAt, false);
    }

    @Benchmark
    public double baselineScoreSingleMathPow() {
        return Math.pow(0.5, ages[nextIndex()] / 72.0);
    }

    @Benchmark
    public GateVerdict evaluateAllowedCall() {
        return gate.evaluate(request, DncLookup.EMPTY);
    }

    @Benchmark
    public LocalTime baselineEvaluateLeadLocalTime() {
        return request.at().atZone(zone).toLocalTime();
    }
}
