package io.leadstream.stream.cadence;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.compliance.DncSource;
import io.leadstream.schemas.topic.DncKey;
import io.leadstream.stream.compliance.ComplianceConfig;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * SPEC §7 invariants over random histories of three leads of one workspace — two of them may share a number — run
 * through the whole release path: the lead state machine, the planner and the lead's gates, the phone stage, the
 * verdicts back. Histories include processing lag (the input watermark behind the due timers), downtime with a
 * backlog produced meanwhile and a restart from the changelogs, a stalled phone stage, shared phones, consents
 * captured before or after opt-outs and sent late, and calls placed by the cadence's dialer or anyone else.
 * {@link CadenceSimulation} checks each output against the ground truth as it is produced: no DUE CALL to a number or
 * a lead opted out before its timer was due (unless a consent captured later lifted it), none without consent for
 * that number, none over a cap, each inside its window with a bounded {@code notAfter}; an opt-out cancels every live
 * DUE of the number; every non-ALLOW decision and every CANCELLED trigger is audited. Here: the caps over the whole
 * history, and a restart from the changelogs firing the same triggers.
 */
class CadenceEnginePropertyTest {
    static final List<String> LEADS = List.of(CadenceSimulation.LEAD, "lead-43", "lead-44");
    static final String MIAMI = "(305) 555-0100";

    /** One thing that happens to a lead, to the service or to the clock. */
    interface Action {
        void applyTo(CadenceSimulation sim);
    }

    record Enroll(int lead, String cadenceId) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.enroll(LEADS.get(lead), cadenceId);
        }
    }

    record Outcome(int lead, int kind) implements Action {
        public void applyTo(CadenceSimulation sim) {
            switch (kind) {
                case 0 -> sim.noAnswer(LEADS.get(lead));
                default -> sim.answered(LEADS.get(lead));
            }
        }
    }

    record Profile(int lead, String phone, String timeZone, String state) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.profile(LEADS.get(lead), phone, timeZone, state);
        }
    }

    /** Written consent sent now, captured {@code hoursAgo} before (a race with an opt-out), for the lead's number or another. */
    record Consent(int lead, boolean granted, int hoursAgo, boolean otherNumber) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.consent(LEADS.get(lead), granted, sim.now.minus(Duration.ofHours(hoursAgo)), otherNumber ? "+12125550199" : null);
        }
    }

    record OptOut(int lead, boolean viaDoNotCall) implements Action {
        public void applyTo(CadenceSimulation sim) {
            if (viaDoNotCall) {
                sim.doNotCall(LEADS.get(lead));
            } else {
                sim.optOut(LEADS.get(lead));
            }
        }
    }

    /** The cadence's dialer acts on the lead's latest DUE, or someone else calls the lead. */
    record Call(int lead, boolean dialerActs) implements Action {
        public void applyTo(CadenceSimulation sim) {
            if (dialerActs) {
                sim.dialerActs(LEADS.get(lead));
            } else {
                sim.manualCall(LEADS.get(lead));
            }
        }
    }

    /** A lead's phone listed globally, on its own workspace's list or on another workspace's (which never applies), or lists cleared. */
    record Dnc(int lead, String scope, DncSource source) implements Action {
        public void applyTo(CadenceSimulation sim) {
            if (source == null) {
                sim.dncClear();
            } else {
                sim.dncAdd(LEADS.get(lead), scope, source);
            }
        }
    }

    record Exit(int lead, int kind) implements Action {
        public void applyTo(CadenceSimulation sim) {
            switch (kind) {
                case 0 -> sim.meeting(LEADS.get(lead));
                case 1 -> sim.trialAccepted(LEADS.get(lead));
                default -> sim.exit(LEADS.get(lead), "new-lead-outbound");
            }
        }
    }

    record Run(Duration duration) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.run(duration);
        }
    }

    /** The service is down for {@code duration} while {@code during} happens; it restarts from its changelogs with that backlog. */
    record Downtime(Duration duration, List<Action> during) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.goDown();
            Duration step = duration.dividedBy(during.size() + 1);
            for (Action a : during) {
                sim.now = sim.now.plus(step);
                a.applyTo(sim);
            }
            sim.now = sim.now.plus(step);
            sim.restart();
        }
    }

    /** Input processing lags for {@code duration} while {@code during} happens; the punctuator keeps running. */
    record Lag(Duration duration, List<Action> during) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.holdInput();
            Duration step = duration.dividedBy(during.size() + 1);
            for (Action a : during) {
                sim.run(step);
                a.applyTo(sim);
            }
            sim.run(step);
            sim.resumeInput();
            sim.tick();
        }
    }

    /** The phone stage stalls for {@code duration} while {@code during} happens. */
    record PhoneStall(Duration duration, List<Action> during) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.holdPhoneStage();
            Duration step = duration.dividedBy(during.size() + 1);
            for (Action a : during) {
                sim.run(step);
                a.applyTo(sim);
            }
            sim.run(step);
            sim.resumePhoneStage();
        }
    }

    private static Arbitrary<Integer> lead() {
        return Arbitraries.integers().between(0, LEADS.size() - 1);
    }

    /** What leads and dialers do: the events of a history. */
    @Provide
    Arbitrary<Action> events() {
        Arbitrary<String[]> profiles = Arbitraries.of(
                new String[]{MIAMI, null, null},                  // Miami: FL, Eastern; shared by leads that pick it
                new String[]{"+12055550100", null, null},        // Birmingham: AL, no Sundays
                new String[]{"+17135550100", null, null},        // Houston: TX, Sunday from noon
                new String[]{"+12125550100", null, null},        // New York: federal window
                new String[]{"+442071838750", null, null},       // London number: zone and state unknown
                new String[]{null, "America/Denver", null},      // zone from profile
                new String[]{null, null, "FL"});                 // state from profile
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("new-lead-outbound", "inbound-callback").flatMap(c -> lead().map(l -> new Enroll(l, c)))),
                Tuple.of(6, Arbitraries.integers().between(0, 1).flatMap(k -> lead().map(l -> new Outcome(l, k)))),
                Tuple.of(2, profiles.flatMap(p -> lead().map(l -> new Profile(l, p[0], p[1], p[2])))),
                Tuple.of(3, Arbitraries.of(true, true, false).flatMap(g -> Arbitraries.of(0, 0, 2, 30).flatMap(h -> Arbitraries.of(false, false, true)
                        .flatMap(o -> lead().map(l -> new Consent(l, g, h, o)))))),
                Tuple.of(2, Arbitraries.of(true, false).flatMap(d -> lead().map(l -> new OptOut(l, d)))),
                Tuple.of(3, Arbitraries.of(true, true, false).flatMap(d -> lead().map(l -> new Call(l, d)))),
                Tuple.of(1, lead().flatMap(l -> Arbitraries.of(new Dnc(l, DncKey.GLOBAL, DncSource.NATIONAL), new Dnc(l, CadenceSimulation.WORKSPACE, DncSource.INTERNAL),
                        new Dnc(l, "globex", DncSource.INTERNAL), new Dnc(l, null, null), new Dnc(l, null, null)))),
                Tuple.of(1, Arbitraries.integers().between(0, 2).flatMap(k -> lead().map(l -> new Exit(l, k)))));
    }

    @Provide
    Arbitrary<Action> actions() {
        Arbitrary<List<Action>> during = events().list().ofMinSize(1).ofMaxSize(4);
        return Arbitraries.frequencyOf(
                Tuple.of(16, events()),
                Tuple.of(8, Arbitraries.integers().between(1, 24 * 60).map(m -> new Run(Duration.ofMinutes(m)))),
                Tuple.of(2, Arbitraries.integers().between(1, 4 * 24).map(h -> new Run(Duration.ofHours(h)))),
                Tuple.of(2, Arbitraries.integers().between(1, 4 * 24).flatMap(h -> during.map(d -> new Downtime(Duration.ofHours(h), d)))),
                Tuple.of(3, Arbitraries.integers().between(1, 12 * 60).flatMap(m -> during.map(d -> new Lag(Duration.ofMinutes(m), d)))),
                Tuple.of(2, Arbitraries.integers().between(1, 6 * 60).flatMap(m -> during.map(d -> new PhoneStall(Duration.ofMinutes(m), d)))));
    }

    @Provide
    Arbitrary<List<Action>> histories() {
        return actions().list().ofMinSize(1).ofMaxSize(40);
    }

    /** Two leads sharing a Miami number and a New York lead, each with written consent; the first two enrolled. */
    private static CadenceSimulation leads(boolean consentRequired) {
        CadenceSimulation sim = new CadenceSimulation(ComplianceConfig.DEFAULTS.withOutreachConsentRequired(consentRequired));
        sim.profile(LEADS.get(0), MIAMI, null, null);
        sim.profile(LEADS.get(1), MIAMI, null, null);
        sim.profile(LEADS.get(2), "+12125550100", null, null);
        LEADS.forEach(l -> sim.consent(l, true, sim.now, null));
        sim.enroll(LEADS.get(0), "new-lead-outbound");
        sim.enroll(LEADS.get(1), "inbound-callback");
        return sim;
    }

    @Property(tries = 250)
    void every_history_keeps_the_compliance_invariants(@ForAll("histories") List<Action> history, @ForAll boolean consentRequired) {
        CadenceSimulation sim = leads(consentRequired);
        for (Action a : history) {
            a.applyTo(sim);
        }
        sim.run(Duration.ofDays(10)); // let every pending step play out
        sim.assertCapsHeld();
        Statistics.label("DUE calls").collect(sim.dueCalls.isEmpty() ? "none" : sim.dueCalls.size() < 4 ? "1-3" : "4+");
        Statistics.label("timers held by the watermark").collect(sim.heldTimers > 0);
        Statistics.label("DUEs cancelled after release").collect(sim.cancelledAfterRelease > 0);
        Statistics.label("phone stage said no").collect(sim.phoneRefusals > 0);
        Statistics.label("gate decisions audited").collect(sim.audits().stream().map(a -> a.getDecision().name())
                .distinct().sorted().collect(java.util.stream.Collectors.joining(",")));
        Statistics.label("timers held by the watermark").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("DUEs cancelled after release").coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("phone stage said no").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    @Property(tries = 120)
    void a_restart_from_the_changelogs_fires_the_same_triggers(@ForAll("histories") List<Action> history, @ForAll boolean consentRequired,
                                                               @ForAll @IntRange(min = 0, max = 40) int restartAfter) {
        CadenceSimulation uninterrupted = leads(consentRequired);
        history.forEach(a -> a.applyTo(uninterrupted));
        uninterrupted.run(Duration.ofDays(10));

        CadenceSimulation beforeCrash = leads(consentRequired);
        int split = Math.min(restartAfter, history.size());
        history.subList(0, split).forEach(a -> a.applyTo(beforeCrash));
        CadenceSimulation afterRestart = beforeCrash.restartFromChangelogs();
        history.subList(split, history.size()).forEach(a -> a.applyTo(afterRestart));
        afterRestart.run(Duration.ofDays(10));

        List<Object> replayed = new java.util.ArrayList<>(beforeCrash.outputs);
        replayed.addAll(afterRestart.outputs);
        assertThat(replayed).isEqualTo(uninterrupted.outputs);
        afterRestart.assertCapsHeld();
    }
}
