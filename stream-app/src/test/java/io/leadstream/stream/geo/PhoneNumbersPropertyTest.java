package io.leadstream.stream.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.topic.DncKey;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PhoneNumbersPropertyTest {

    /** NXX-NXX-XXXX with an NPA that is not an N11 service code. */
    @Provide
    Arbitrary<String> nanpNationalNumbers() {
        Arbitrary<String> npa = Combinators.combine(
                        Arbitraries.integers().between(2, 9), Arbitraries.integers().between(0, 99))
                .as((n, xx) -> n + String.format("%02d", xx))
                .filter(code -> !code.endsWith("11"));
        Arbitrary<String> nxx = Combinators.combine(
                        Arbitraries.integers().between(2, 9), Arbitraries.integers().between(0, 99))
                .as((n, xx) -> n + String.format("%02d", xx));
        Arbitrary<String> line = Arbitraries.integers().between(0, 9999).map(i -> String.format("%04d", i));
        return Combinators.combine(npa, nxx, line).as((a, b, c) -> a + b + c);
    }

    @Provide
    Arbitrary<Integer> formats() {
        return Arbitraries.integers().between(0, 7);
    }

    @Property
    void anyNanpShapedNumberRoundTripsThroughNormalise(
            @ForAll("nanpNationalNumbers") String digits, @ForAll("formats") int format) {
        String written = write(digits, format);

        assertThat(PhoneNumbers.normalize(written)).as(written).contains("+1" + digits);
        assertThat(PhoneNumbers.areaCode(written)).as(written).contains(digits.substring(0, 3));
        assertThat(PhoneNumbers.normalize("+1" + digits)).as("E.164 is a fixed point").contains("+1" + digits);
    }

    /** The gate keys its DNC lookups with whatever normalise returns: a key it refused would stop the timer punctuator. */
    @Property
    void everyNormalisedNumberKeysADncLookup(@ForAll("phoneLike") String raw) {
        PhoneNumbers.normalize(raw).ifPresent(e164 -> assertThat(DncKey.global(e164)).isEqualTo("global/" + e164));
    }

    @Provide
    Arbitrary<String> phoneLike() {
        return Arbitraries.strings().withChars("+0123456789 ().-/x#").ofMinLength(1).ofMaxLength(24);
    }

    private static String write(String d, int format) {
        String a = d.substring(0, 3);
        String b = d.substring(3, 6);
        String c = d.substring(6);
        switch (format) {
            case 0: return d;
            case 1: return "1" + d;
            case 2: return "+1" + d;
            case 3: return "(" + a + ") " + b + "-" + c;
            case 4: return a + "." + b + "." + c;
            case 5: return "+1 " + a + " " + b + " " + c;
            case 6: return "1-" + a + "-" + b + "-" + c;
            default: return a + "-" + b + "-" + c + " x123";
        }
    }
}
