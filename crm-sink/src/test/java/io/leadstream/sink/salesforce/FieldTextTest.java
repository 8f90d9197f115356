package io.leadstream.sink.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sink.leaddb.LeadLink;
import io.leadstream.sink.matching.TargetResolver.Identity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text fit for the org, and when a Salesforce error means the lead's record is gone (relink). */
class FieldTextTest {

  @Test
  void controlCharactersGoTabsAndLineBreaksStay() {
    assertThat(FieldLimits.clean("a\u0000b\u0001c\td\ne\rf\u007f")).isEqualTo("abc\td\ne\rf");
  }

  @Test
  void aLoneSurrogateGoesAPairStays() {
    assertThat(FieldLimits.clean("x\uD83D y 👩‍💻")).isEqualTo("x y 👩‍💻");
  }

  @Test
  void aConvertedOrDeletedLinkedRecordMeansMatchAgain() {
    assertThat(SalesforceWriter.relinkable(SaveResult.failed(SfError.of("CANNOT_UPDATE_CONVERTED_LEAD",
        "cannot reference converted lead")))).isTrue();
    assertThat(SalesforceWriter.relinkable(SaveResult.failed(SfError.of("ENTITY_IS_DELETED", "deleted")))).isTrue();
    assertThat(SalesforceWriter.relinkable(SaveResult.failed(new SfError("INVALID_CROSS_REFERENCE_KEY", "invalid",
        List.of("WhoId"))))).isTrue();
  }

  @Test
  void aCrossReferenceErrorAboutAnotherFieldIsTheRecordsNotTheLinks() {
    assertThat(SalesforceWriter.relinkable(SaveResult.failed(new SfError("INVALID_CROSS_REFERENCE_KEY",
        "invalid cross reference id", List.of("OwnerId"))))).isFalse();
  }

  @Test
  void aLinkStillFitsUntilTheLeadsEmailOrPhoneChanges() {
    LeadLink link = new LeadLink("l1", "Contact", "003A", "CONTACT_EMAIL", "Ann@Acme.com", "+1 (305) 555-0142");
    assertThat(link.stillFits(new Identity(" ann@acme.com", "13055550142"))).isTrue();
    assertThat(link.stillFits(new Identity("ann@globex.com", null))).isFalse();
    assertThat(link.stillFits(new Identity(null, "+13055550199"))).isFalse();
    assertThat(new LeadLink("l1", "Contact", "003A", "review", null, null).stillFits(new Identity("x@y.z", "+1")))
        .as("an operator's choice has no identity to outgrow").isTrue();
  }
}
