package io.leadstream.stream.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AreaCodeDirectoryTest {

    private static final Set<String> STATES_AND_DC = Set.of(
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
            "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
            "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
            "WI", "WY", "DC");

    private final AreaCodeDirectory directory = AreaCodeDirectory.load();

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            // single-zone states and overlays
            "212, NY, America/New_York", "332, NY, America/New_York", "646, NY, America/New_York",
            "917, NY, America/New_York", "213, CA, America/Los_Angeles", "310, CA, America/Los_Angeles",
            "323, CA, America/Los_Angeles", "424, CA, America/Los_Angeles", "415, CA, America/Los_Angeles",
            "312, IL, America/Chicago", "404, GA, America/New_York", "303, CO, America/Denver",
            "206, WA, America/Los_Angeles",
    })
    void looksUpSingleZoneCodesAndOverlays(String code, String region, String zone) {
        assertThat(directory.lookup(code)).contains(new AreaCode(code, region, ZoneId.of(zone)));
    }

    @ParameterizedTest(name = "{0} ({1}) -> {2}")
    @CsvSource({
            "850, FL, America/Chicago", "448, FL, America/Chicago", "305, FL, America/New_York",
            "915, TX, America/Denver", "214, TX, America/Chicago",
            "208, ID, America/Boise", "986, ID, America/Boise",
            "541, OR, America/Los_Angeles", "458, OR, America/Los_Angeles",
            "270, KY, America/Chicago", "364, KY, America/Chicago",
            "812, IN, America/Indiana/Indianapolis", "930, IN, America/Indiana/Indianapolis",
            "317, IN, America/Indiana/Indianapolis", "219, IN, America/Chicago",
            "906, MI, America/Detroit", "605, SD, America/Chicago", "701, ND, America/Chicago",
            "308, NE, America/Chicago", "620, KS, America/Chicago",
            "423, TN, America/New_York", "901, TN, America/Chicago",
            "480, AZ, America/Phoenix", "520, AZ, America/Phoenix", "602, AZ, America/Phoenix",
            "623, AZ, America/Phoenix", "928, AZ, America/Phoenix",
            "808, HI, Pacific/Honolulu", "907, AK, America/Anchorage",
    })
    void mapsMultiZoneStatesToTheZoneOfTheAreaCodeItself(String code, String region, String zone) {
        AreaCode entry = directory.lookup(code).orElseThrow();
        assertThat(entry.region()).isEqualTo(region);
        assertThat(entry.zone()).isEqualTo(ZoneId.of(zone));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "787, PR, America/Puerto_Rico", "939, PR, America/Puerto_Rico", "340, VI, America/St_Thomas",
            "671, GU, Pacific/Guam", "670, MP, Pacific/Saipan", "684, AS, Pacific/Pago_Pago",
    })
    void coversUsTerritories(String code, String region, String zone) {
        assertThat(directory.lookup(code)).contains(new AreaCode(code, region, ZoneId.of(zone)));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "416, ON, America/Toronto", "514, QC, America/Toronto", "604, BC, America/Vancouver",
            "403, AB, America/Edmonton", "306, SK, America/Regina", "204, MB, America/Winnipeg",
            "506, NB, America/Moncton", "902, NS, America/Halifax", "709, NL, America/St_Johns",
    })
    void coversCanadianProvinces(String code, String region, String zone) {
        assertThat(directory.lookup(code)).contains(new AreaCode(code, region, ZoneId.of(zone)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"800", "888", "900", "555", "911", "999", "876", "abc", ""})
    void knowsNothingOfNonGeographicForeignOrBogusCodes(String code) {
        assertThat(directory.lookup(code)).isEmpty();
    }

    @Test
    void findsTheEntryForAPhoneNumberInAnyFormat() {
        assertThat(directory.forPhone("(415) 555-0100")).map(AreaCode::region).contains("CA");
        assertThat(directory.forPhone("+1 416 555 0100")).map(AreaCode::zone).contains(ZoneId.of("America/Toronto"));
    }

    @Test
    void findsNothingForForeignOrUnparseablePhones() {
        assertThat(directory.forPhone("+44 20 7946 0958")).isEmpty();
        assertThat(directory.forPhone("call me maybe")).isEmpty();
        assertThat(directory.forPhone(null)).isEmpty();
    }

    @Test
    void shippedTableHasSeveralHundredCodes() {
        assertThat(directory.size()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void shippedTableCoversAllFiftyStatesAndDc() {
        assertThat(directory.regions()).containsAll(STATES_AND_DC);
    }

    @Test
    void shippedTableHasValidCodesRegionsAndZones() {
        assertThat(directory.all()).allSatisfy(entry -> {
            assertThat(entry.code()).matches("[2-9]\\d\\d").doesNotEndWith("11");
            assertThat(entry.region()).matches("[A-Z]{2}");
            // ZoneId.of succeeded during load; the rules must also be resolvable now.
            assertThat(entry.zone().getRules()).isNotNull();
        });
    }

    @Test
    void arizonaCodesObserveNoDaylightSavingTime() {
        assertThat(directory.all()).filteredOn(e -> e.region().equals("AZ")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.zone().getRules().isDaylightSavings(Instant.parse("2026-07-01T12:00:00Z")))
                        .as(e.code()).isFalse());
    }

    @Test
    void loadIsCached() {
        assertThat(AreaCodeDirectory.load()).isSameAs(directory);
    }

    @Test
    void parsesCommentsHeaderAndRows() {
        AreaCodeDirectory d = AreaCodeDirectory.fromLines("test", List.of(
                "# a comment", "", AreaCodeDirectory.HEADER, "415,CA,America/Los_Angeles", "212,NY,America/New_York"));
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.lookup("212")).map(AreaCode::region).contains("NY");
    }

    @Test
    void rejectsATableWithAnInvalidZoneId() {
        assertThatThrownBy(() -> AreaCodeDirectory.fromLines("bad", List.of(
                AreaCodeDirectory.HEADER, "415,CA,America/Nowhere")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad:2")
                .hasMessageContaining("America/Nowhere");
    }

    @Test
    void rejectsATableWithACodeThatIsNotThreeDigits() {
        assertThatThrownBy(() -> AreaCodeDirectory.fromLines("bad", List.of(
                AreaCodeDirectory.HEADER, "4150,CA,America/Los_Angeles", "41,CA,America/Los_Angeles")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'4150'")
                .hasMessageContaining("'41'");
    }

    @Test
    void rejectsATableWithDuplicateCodes() {
        assertThatThrownBy(() -> AreaCodeDirectory.fromLines("bad", List.of(
                AreaCodeDirectory.HEADER, "415,CA,America/Los_Angeles", "415,NY,America/New_York")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("duplicate area code 415");
    }

    @Test
    void rejectsATableWithAWrongHeaderOrRowShape() {
        assertThatThrownBy(() -> AreaCodeDirectory.fromLines("bad", List.of(
                "code,state,tz", "415,CA")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected header")
                .hasMessageContaining("expected 3 columns");
    }
}
