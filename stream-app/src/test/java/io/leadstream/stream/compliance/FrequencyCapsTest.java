package io.leadstream.stream.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.compliance.GateRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FrequencyCapsTest {
    private static final Instant T = Instant.parse("2026-03-10T14:00:00Z");
    private final FrequencyCaps caps = FrequencyCaps.DEFAULT;

    private static List<Instant> hoursBefore(int... hours) {
        List<Instant> out = new ArrayList<>();
        for (int h : hours) {
            out.add(T.minus(Duration.ofHours(h)));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @Test
    void a_fourth_call_within_24_hours_waits_until_the_oldest_leaves_the_window() {
        List<Instant> history = hoursBefore(20, 10, 2);
        assertThat(caps.exceeded(T, history)).map(FrequencyCaps.Cap::rule).contains(GateRule.FREQUENCY_CAP_24H);
        assertThat(caps.earliestAllowed(T, history)).isEqualTo(T.plus(Duration.ofHours(4)));
    }

    @Test
    void calls_exactly_24_hours_apart_are_not_in_the_same_window() {
        assertThat(caps.allows(T, hoursBefore(24, 10, 2))).isTrue();
    }

    @Test
    void an_eighth_call_within_7_days_waits_for_the_7_day_window() {
        List<Instant> history = hoursBefore(160, 150, 120, 100, 80, 60, 30);
        assertThat(caps.exceeded(T, history)).map(FrequencyCaps.Cap::rule).contains(GateRule.FREQUENCY_CAP_7D);
        assertThat(caps.earliestAllowed(T, history)).isEqualTo(T.plus(Duration.ofHours(8)));
    }

    @Test
    void caps_are_configurable() {
        FrequencyCaps one = new FrequencyCaps(List.of(new FrequencyCaps.Cap(Duration.ofHours(1), 1, GateRule.FREQUENCY_CAP_24H)));
        assertThat(one.earliestAllowed(T, List.of(T.minusSeconds(600)))).isEqualTo(T.plusSeconds(3000));
    }

    @Test
    void prune_keeps_only_what_the_longest_window_can_still_see() {
        assertThat(caps.prune(hoursBefore(200, 100, 1), T)).isEqualTo(hoursBefore(100, 1));
    }

    @Provide
    Arbitrary<List<Instant>> histories() {
        return Arbitraries.integers().between(0, 14 * 24 * 60).map(m -> T.minus(Duration.ofMinutes(m))).list().ofMaxSize(12)
                .map(l -> {
                    List<Instant> sorted = new ArrayList<>(l);
                    sorted.sort(Comparator.naturalOrder());
                    return sorted;
                });
    }

    @Property(tries = 300)
    void the_earliest_allowed_instant_is_allowed_and_nothing_before_it_is(@ForAll("histories") List<Instant> history) {
        Instant earliest = caps.earliestAllowed(T, history);
        assertThat(earliest).isAfterOrEqualTo(T);
        assertThat(caps.allows(earliest, history)).isTrue();
        for (Instant probe = T; probe.isBefore(earliest); probe = probe.plus(Duration.ofMinutes(7))) {
            assertThat(caps.allows(probe, history)).as("%s before %s", probe, earliest).isFalse();
        }
    }

    @Property(tries = 200)
    void calls_placed_only_when_allowed_never_exceed_a_cap_in_any_rolling_window(@ForAll("gaps") List<Integer> gapsMinutes) {
        List<Instant> placed = new ArrayList<>();
        Instant t = T;
        for (int gap : gapsMinutes) {
            t = caps.earliestAllowed(t.plus(Duration.ofMinutes(gap)), placed);
            placed.add(t);
        }
        for (Instant start : placed) {
            long day = placed.stream().filter(p -> !p.isBefore(start) && p.isBefore(start.plus(Duration.ofHours(24)))).count();
            long week = placed.stream().filter(p -> !p.isBefore(start) && p.isBefore(start.plus(Duration.ofDays(7)))).count();
            assertThat(day).isLessThanOrEqualTo(3);
            assertThat(week).isLessThanOrEqualTo(7);
        }
    }

    @Provide
    Arbitrary<List<Integer>> gaps() {
        return Arbitraries.integers().between(0, 36 * 60).list().ofMinSize(1).ofMaxSize(25);
    }
}
