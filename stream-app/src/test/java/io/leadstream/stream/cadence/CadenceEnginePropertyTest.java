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
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * SPEC §7 invariants over random per-lead histories of events and clock advances, run through the
 * lead state machine, the planner and the gates together. {@link CadenceSimulation} checks, as each
 * output is produced: no DUE CALL while opted out / doNotCall / DNC-listed / without required consent;
 * every DUE CALL inside the lead-local legal window and the step window; an opt-out leaves no timer and
 * cancels the pending trigger in the same step; every CANCELLED trigger and every non-ALLOW gate
 * decision is audited with a rule and a reason; one timer per lead; no burst. Here: the caps over the
 * whole history, and a restart from the changelogs firing the same triggers.
 */
class CadenceEnginePropertyTest {

    /** One thing that happens to the lead or to the clock. */
    interface Action {
        void applyTo(CadenceSimulation sim);
    }

    record Enroll(String cadenceId) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.enroll(cadenceId);
        }
    }

    record Outcome(int kind) implements Action {
        public void applyTo(CadenceSimulation sim) {
            switch (kind) {
                case 0 -> sim.noAnswer();
                case 1 -> sim.answered();
                default -> sim.completed();
            }
        }
    }

    record Profile(String phone, String timeZone, String state) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.profile(phone, timeZone, state);
        }
    }

    record Consent(boolean granted) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.consent(granted);
        }
    }

    record OptOut(boolean viaDoNotCall) implements Action {
        public void applyTo(CadenceSimulation sim) {
            if (viaDoNotCall) {
                sim.doNotCall();
            } else {
                sim.optOut();
            }
        }
    }

    /** The lead's phone listed globally, on its own workspace's list or on another workspace's (which never applies), or lists cleared. */
    record Dnc(String scope, DncSource source) implements Action {
        public void applyTo(CadenceSimulation sim) {
            if (source == null) {
                sim.dncClear();
            } else {
                sim.dncAdd(scope, source);
            }
        }
    }

    record Exit(int kind) implements Action {
        public void applyTo(CadenceSimulation sim) {
            switch (kind) {
                case 0 -> sim.meeting();
                case 1 -> sim.trialAccepted();
                default -> sim.exit("new-lead-outbound");
            }
        }
    }

    record Run(Duration duration) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.run(duration);
        }
    }

    record Downtime(Duration duration) implements Action {
        public void applyTo(CadenceSimulation sim) {
            sim.downtime(duration);
        }
    }

    @Provide
    Arbitrary<Action> actions() {
        Arbitrary<Action> profiles = Arbitraries.of(
                new Profile("(305) 555-0100", null, null),      // Miami: FL, Eastern
                new Profile("+12055550100", null, null),        // Birmingham: AL, no Sundays
                new Profile("+17135550100", null, null),        // Houston: TX, Sunday from noon
                new Profile("+14015550100", null, null),        // Rhode Island: short Saturdays
                new Profile("+12125550100", null, null),        // New York: federal window
                new Profile("+442071838750", null, null),       // London number: zone and state unknown
                new Profile(null, "America/Denver", null),      // zone from profile
                new Profile(null, null, "FL"));                 // state from profile
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("new-lead-outbound", "inbound-callback").map(Enroll::new)),
                Tuple.of(6, Arbitraries.integers().between(0, 2).map(Outcome::new)),
                Tuple.of(2, profiles),
                Tuple.of(2, Arbitraries.of(true, true, false).map(Consent::new)),
                Tuple.of(1, Arbitraries.of(true, false).map(OptOut::new)),
                Tuple.of(1, Arbitraries.of(new Dnc(DncKey.GLOBAL, DncSource.NATIONAL), new Dnc(CadenceSimulation.WORKSPACE, DncSource.INTERNAL),
                        new Dnc("globex", DncSource.INTERNAL), new Dnc(null, null), new Dnc(null, null))),
                Tuple.of(1, Arbitraries.integers().between(0, 2).map(Exit::new)),
                Tuple.of(8, Arbitraries.integers().between(1, 24 * 60).map(m -> new Run(Duration.ofMinutes(m)))),
                Tuple.of(2, Arbitraries.integers().between(1, 4 * 24).map(h -> new Run(Duration.ofHours(h)))),
                Tuple.of(2, Arbitraries.integers().between(1, 4 * 24).map(h -> new Downtime(Duration.ofHours(h)))));
    }

    @Provide
    Arbitrary<List<Action>> histories() {
        return actions().list().ofMinSize(1).ofMaxSize(40);
    }

    private static CadenceSimulation lead(boolean consentRequired) {
        CadenceSimulation sim = new CadenceSimulation(ComplianceConfig.DEFAULTS.withOutreachConsentRequired(consentRequired));
        sim.profile("(305) 555-0100", null, null);
        sim.consent(true);
        sim.enroll("new-lead-outbound");
        return sim;
    }

    @Property(tries = 250)
    void every_history_keeps_the_compliance_invariants(@ForAll("histories") List<Action> history, @ForAll boolean consentRequired) {
        CadenceSimulation sim = lead(consentRequired);
        for (Action a : history) {
            a.applyTo(sim);
        }
        sim.run(Duration.ofDays(10)); // let every pending step play out
        sim.assertCapsHeld();
        Statistics.label("DUE calls").collect(sim.dueCalls.isEmpty() ? "none" : sim.dueCalls.size() < 4 ? "1-3" : "4+");
        Statistics.label("gate decisions audited").collect(sim.audits().stream().map(a -> a.getDecision().name())
                .distinct().sorted().collect(java.util.stream.Collectors.joining(",")));
    }

    @Property(tries = 120)
    void a_restart_from_the_changelogs_fires_the_same_triggers(@ForAll("histories") List<Action> history, @ForAll boolean consentRequired,
                                                               @ForAll @IntRange(min = 0, max = 40) int restartAfter) {
        CadenceSimulation uninterrupted = lead(consentRequired);
        history.forEach(a -> a.applyTo(uninterrupted));
        uninterrupted.run(Duration.ofDays(10));

        CadenceSimulation beforeCrash = lead(consentRequired);
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
