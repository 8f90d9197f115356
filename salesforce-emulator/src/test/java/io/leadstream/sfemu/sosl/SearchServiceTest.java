package io.leadstream.sfemu.sosl;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.org.Org;
import io.leadstream.sfemu.org.RecordService;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.org.StandardSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SearchServiceTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Org org = new Org(StandardSchema.create(), Optional.empty());
  private final RecordService records = new RecordService(org, () -> false);
  private final SearchService search = new SearchService(org);
  private String leadId;
  private String contactId;

  @BeforeEach
  void seed() {
    leadId = records.seed(org.schema().object("Lead").orElseThrow(), JSON.valueToTree(
        Map.of("LastName", "Lead", "Company", "O'Brien & Sons", "Phone", "(415) 555-0100", "Email", "lead@x.com")));
    contactId = records.seed(org.schema().object("Contact").orElseThrow(), JSON.valueToTree(
        Map.of("LastName", "Contact", "MobilePhone", "+44 20 7946 0958")));
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> found(String sosl) {
    return (List<Map<String, Object>>) search.search(sosl, "60.0").get("searchRecords");
  }

  private String errorOf(String sosl) {
    try {
      search.search(sosl, "60.0");
    } catch (SalesforceException e) {
      return e.first().errorCode();
    }
    throw new AssertionError("no error");
  }

  @Test
  void phoneSearchMatchesOnDigitsWhateverTheFormatting() {
    assertThat(found("FIND {\\+14155550100} IN PHONE FIELDS RETURNING Lead(Id, Phone), Contact(Id, Phone)"))
        .extracting(r -> r.get("Id")).containsExactly(leadId);
    assertThat(found("FIND {442079460958} IN PHONE FIELDS RETURNING Lead(Id), Contact(Id, MobilePhone)"))
        .singleElement().satisfies(r -> assertThat(r).containsEntry("Id", contactId).containsEntry("MobilePhone", "+44 20 7946 0958"));
  }

  @Test
  void differentNumbersDoNotMatch() {
    assertThat(found("FIND {4155550101} IN PHONE FIELDS RETURNING Lead(Id), Contact(Id)")).isEmpty();
  }

  @Test
  void resultsCarryAttributesAndRequestedFieldsInReturningOrder() {
    Map<String, Object> r = found("FIND {4155550100} IN PHONE FIELDS RETURNING Lead(Id, Phone)").get(0);
    assertThat(r.keySet()).containsExactly("attributes", "Id", "Phone");
  }

  @Test
  void escapedReservedCharactersAreLiteral() {
    assertThat(found("FIND {O\\'Brien \\& Sons} IN ALL FIELDS RETURNING Lead(Id)")).hasSize(1);
    assertThat(found("FIND {lead@x.com} IN EMAIL FIELDS RETURNING Lead(Id)")).hasSize(1);
  }

  @Test
  void anUnescapedClosingBraceCannotInjectClauses() {
    assertThat(errorOf("FIND {xy} IN ALL FIELDS RETURNING Lead(Id)} IN PHONE FIELDS RETURNING Lead(Id)")).isEqualTo("MALFORMED_SEARCH");
  }

  @Test
  void malformedSearchesAreReported() {
    assertThat(errorOf("FIND 4155550100 IN PHONE FIELDS")).isEqualTo("MALFORMED_SEARCH");
    assertThat(errorOf("FIND {4155550100 IN PHONE FIELDS")).isEqualTo("MALFORMED_SEARCH");
    assertThat(errorOf("FIND {a\\b} IN ALL FIELDS")).isEqualTo("MALFORMED_SEARCH");
    assertThat(errorOf("FIND {xy} IN PHONE FIELDS RETURNING Nope(Id)")).isEqualTo("INVALID_TYPE");
  }

  @Test
  void returningWhereFiltersResults() {
    assertThat(found("FIND {4155550100} IN PHONE FIELDS RETURNING Lead(Id WHERE IsConverted = true)")).isEmpty();
  }

  @Test
  void samePhoneNeedsSevenDigitsForSuffixMatches() {
    assertThat(SearchService.samePhone("4155550100", "14155550100")).isTrue();
    assertThat(SearchService.samePhone("0100", "4155550100")).isFalse();
  }
}
