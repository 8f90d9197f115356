package io.leadstream.sfemu.org;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SalesforceIdsTest {

  @Test
  void checksumMatchesSalesforcesDocumentedAlgorithm() {
    // Known pair from Salesforce documentation and tooling: 001A0000006Vm9r -> 001A0000006Vm9rIAC.
    assertThat(SalesforceIds.to18("001A0000006Vm9r")).isEqualTo("001A0000006Vm9rIAC");
    assertThat(SalesforceIds.checksum("003000000000000")).isEqualTo("AAA");
  }

  @Test
  void generatedIdsCarryTheKeyPrefixAndAValidSuffix() {
    SalesforceIds ids = new SalesforceIds(123_456);
    String id = ids.next("00Q");
    assertThat(id).hasSize(18).startsWith("00Q");
    assertThat(SalesforceIds.normalize(id)).contains(id);
    assertThat(ids.next("00Q")).isNotEqualTo(id);
  }

  @Test
  void fifteenCharIdsNormaliseToEighteen() {
    assertThat(SalesforceIds.normalize("001A0000006Vm9r")).contains("001A0000006Vm9rIAC");
  }

  @Test
  void malformedIdsAreRejected() {
    assertThat(SalesforceIds.normalize("001A0000006Vm9rXXX")).isEmpty();
    assertThat(SalesforceIds.normalize("not-an-id-at-all")).isEmpty();
    assertThat(SalesforceIds.normalize("001")).isEmpty();
  }
}
