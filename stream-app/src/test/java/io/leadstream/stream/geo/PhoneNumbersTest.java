package io.leadstream.stream.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "(415) 555-0100       | +14155550100",
            "415.555.0100         | +14155550100",
            "+1 415 555 0100      | +14155550100",
            "14155550100          | +14155550100",
            "4155550100           | +14155550100",
            "415-555-0100 x12     | +14155550100",
            "415-555-0100 ext. 12 | +14155550100",
            "415-555-0100 #12     | +14155550100",
            "1 (415) 555-0100     | +14155550100",
            "1-415-555-0100       | +14155550100",
            "+1 (415) 555-0100    | +14155550100",
            "+14155550100         | +14155550100",
            "  415 555 0100       | +14155550100",
            "011 44 20 7946 0958  | +442079460958",
            "+44 20 7946 0958     | +442079460958",
            "+49 30 123456        | +4930123456",
    })
    void normalisesWrittenAndDialledFormsToE164(String raw, String e164) {
        assertThat(PhoneNumbers.normalize(raw)).contains(e164);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {
            "not a number", "1-800-FLOWERS", "555-0100", "415555010", "415555010012",
            "24155550100", "(015) 555-0100", "(115) 555-0100", "(911) 555-0100", "(415) 055-0100",
            "+1 415 555 010", "+0 123 456 789", "+12", "+1234567890123456", "415+555+0100", "++14155550100",
    })
    void rejectsJunkInsteadOfGuessing(String raw) {
        assertThat(PhoneNumbers.normalize(raw)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void rejectsMissingNumbers(String raw) {
        assertThat(PhoneNumbers.normalize(raw)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+14155550100    | 415",
            "(212) 555-0199  | 212",
            "1 416 555 0100  | 416",
    })
    void extractsTheAreaCodeOfNanpNumbers(String phone, String areaCode) {
        assertThat(PhoneNumbers.areaCode(phone)).contains(areaCode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+442079460958", "junk", ""})
    void hasNoAreaCodeForNonNanpNumbersOrJunk(String phone) {
        assertThat(PhoneNumbers.areaCode(phone)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"+14155550100, true", "+442079460958, false"})
    void tellsNanpNumbersFromOthers(String phone, boolean nanp) {
        assertThat(PhoneNumbers.isNanp(phone)).isEqualTo(nanp);
    }
}
