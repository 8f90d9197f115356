package io.leadstream.stream.cadence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.schemas.topic.LeadKey;
import java.time.Instant;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TimerKeyTest {

    @Provide
    Arbitrary<LeadKey> leads() {
        Arbitrary<String> workspaces = Arbitraries.of("acme", "globex", "a", "acme-eu_2");
        Arbitrary<String> leadIds = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
                .filter(s -> java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s));
        return Combinators.combine(workspaces, leadIds).as(LeadKey::new);
    }

    @Property(tries = 500)
    void a_key_decodes_to_itself(@ForAll long due, @ForAll("leads") LeadKey lead, @ForAll @IntRange(min = 0, max = 50) int step,
                                 @ForAll @IntRange(min = 1, max = 9) int attempt) {
        TimerKey key = new TimerKey(due, lead, step, attempt);
        assertThat(TimerKey.decode(key.encode())).isEqualTo(key);
    }

    @Property(tries = 1000)
    void unsigned_byte_order_is_due_time_order(@ForAll long dueA, @ForAll long dueB, @ForAll("leads") LeadKey leadA, @ForAll("leads") LeadKey leadB) {
        int bytes = Integer.signum(Arrays.compareUnsigned(new TimerKey(dueA, leadA, 0, 1).encode(), new TimerKey(dueB, leadB, 3, 2).encode()));
        if (dueA != dueB) {
            assertThat(bytes).isEqualTo(Integer.signum(Long.compare(dueA, dueB)));
        }
    }

    @Property(tries = 500)
    void the_scan_bound_includes_exactly_the_keys_due_by_now(@ForAll long due, @ForAll("leads") LeadKey lead,
                                                             @ForAll @IntRange(min = -5, max = 5) int nowOffsetMillis) {
        long now = due + nowOffsetMillis;
        if ((nowOffsetMillis > 0 && now < due) || (nowOffsetMillis < 0 && now > due) || now == Long.MAX_VALUE) {
            return; // overflow at the edges of long
        }
        byte[] key = new TimerKey(due, lead, 1, 1).encode();
        boolean inScan = Arrays.compareUnsigned(key, TimerKey.lowest()) >= 0
                && Arrays.compareUnsigned(key, TimerKey.upperBound(Instant.ofEpochMilli(now))) <= 0;
        assertThat(inScan).isEqualTo(due <= now);
    }

    @Test
    void a_lead_id_that_is_not_valid_unicode_cannot_be_a_timer_key() {
        assertThatThrownBy(() -> new TimerKey(1, new LeadKey("acme", "lead-\ud800"), 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_same_lead_id_in_two_workspaces_is_two_timers() {
        TimerKey acme = new TimerKey(1, new LeadKey("acme", "lead_001"), 0, 1);
        TimerKey globex = new TimerKey(1, new LeadKey("globex", "lead_001"), 0, 1);
        assertThat(acme.encode()).isNotEqualTo(globex.encode());
        assertThat(TimerKey.decode(globex.encode()).lead()).isEqualTo(new LeadKey("globex", "lead_001"));
    }

    @Test
    void bytes_naming_no_lead_key_are_not_a_timer_key() {
        byte[] leadIdAlone = "lead_001".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.nio.ByteBuffer.allocate(8 + 4 + leadIdAlone.length + 8).putLong(Long.MIN_VALUE + 1)
                .putInt(leadIdAlone.length).put(leadIdAlone).putInt(0).putInt(1).array();
        assertThatThrownBy(() -> TimerKey.decode(bytes)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no '/'");
    }

    @Test
    void garbage_is_not_a_timer_key() {
        assertThatThrownBy(() -> TimerKey.decode(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 99})).isInstanceOf(IllegalArgumentException.class);
    }
}
