package io.leadstream.sfemu.soql;

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

class QueryServiceTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Org org = new Org(StandardSchema.create(), Optional.empty());
  private final RecordService records = new RecordService(org, () -> false);
  private final QueryService queries = new QueryService(org);

  private String lead(Map<String, Object> fields) {
    return records.seed(org.schema().object("Lead").orElseThrow(), JSON.valueToTree(fields));
  }

  @BeforeEach
  void seed() {
    lead(Map.of("LastName", "Brien", "Company", "A", "Email", "o'brien@x.com", "Voice_Agent_Total_Calls__c", 2));
    lead(Map.of("LastName", "Other", "Company", "B", "Email", "other@x.com", "Voice_Agent_Total_Calls__c", 5));
    lead(Map.of("LastName", "Converted", "Company", "C", "Email", "conv@x.com", "IsConverted", true));
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> rows(String soql) {
    return (List<Map<String, Object>>) queries.query(soql, 2000, "60.0").get("records");
  }

  private String errorOf(String soql) {
    try {
      queries.query(soql, 2000, "60.0");
    } catch (SalesforceException e) {
      return e.first().errorCode();
    }
    throw new AssertionError("no error");
  }

  @Test
  void escapedQuoteMatchesTheLiteralValue() {
    assertThat(rows("SELECT Id, Email FROM Lead WHERE Email = 'o\\'brien@x.com'"))
        .singleElement().satisfies(r -> assertThat(r.get("Email")).isEqualTo("o'brien@x.com"));
  }

  @Test
  void properlyEscapedInjectionAttemptIsTreatedAsALiteral() {
    // The value o'brien@x.com' OR Email != ' escaped with \' is one string literal: nothing matches it.
    assertThat(rows("SELECT Id FROM Lead WHERE Email = 'o\\'brien@x.com\\' OR Email != \\''")).isEmpty();
  }

  @Test
  void unescapedInjectionAttemptIsMalformedAndNeverWidensTheResult() {
    assertThat(errorOf("SELECT Id FROM Lead WHERE Email = 'o'brien@x.com' OR Email != ''")).isEqualTo("MALFORMED_QUERY");
  }

  @Test
  void documentedEscapeSequencesDecode() {
    lead(Map.of("LastName", "Esc", "Company", "tab\there \"q\" back\\slash\nline"));
    assertThat(rows("SELECT Id FROM Lead WHERE Company = 'tab\\there \\\"q\\\" back\\\\slash\\nline'")).hasSize(1);
    assertThat(errorOf("SELECT Id FROM Lead WHERE Company = 'bad \\x escape'")).isEqualTo("MALFORMED_QUERY");
  }

  @Test
  void likeHonoursWildcardsAndEscapedWildcards() {
    lead(Map.of("LastName", "Pct", "Company", "100% Co"));
    lead(Map.of("LastName", "Pct2", "Company", "100 Co"));
    assertThat(rows("SELECT Id FROM Lead WHERE Company LIKE '100%'")).hasSize(2);
    assertThat(rows("SELECT Id FROM Lead WHERE Company LIKE '100\\%%'")).hasSize(1);
    assertThat(errorOf("SELECT Id FROM Lead WHERE Company = '100\\%'")).isEqualTo("MALFORMED_QUERY");
  }

  @Test
  void booleanNumberNullInAndParenthesesCombine() {
    assertThat(rows("SELECT Id FROM Lead WHERE IsConverted = false AND (Voice_Agent_Total_Calls__c > 3 OR Email IN ('o\\'brien@x.com'))"))
        .hasSize(2);
    assertThat(rows("SELECT Id FROM Lead WHERE Voice_Agent_Total_Calls__c = null")).hasSize(1);
    assertThat(rows("SELECT Id FROM Lead WHERE Email != 'other@x.com'")).hasSize(2);
    assertThat(rows("SELECT Id FROM Lead WHERE NOT Email LIKE '%x.com'")).isEmpty();
  }

  @Test
  void andAndOrCannotBeMixedWithoutParentheses() {
    assertThat(errorOf("SELECT Id FROM Lead WHERE IsConverted = false AND Email = 'a' OR Email = 'b'")).isEqualTo("MALFORMED_QUERY");
  }

  @Test
  void textComparisonIsCaseInsensitive() {
    assertThat(rows("SELECT Id FROM Lead WHERE Email = 'OTHER@X.COM'")).hasSize(1);
  }

  @Test
  void orderByLimitAndOffset() {
    assertThat(rows("SELECT LastName FROM Lead ORDER BY LastName DESC LIMIT 2 OFFSET 1"))
        .extracting(r -> r.get("LastName")).containsExactly("Converted", "Brien");
  }

  @Test
  void projectionUsesCanonicalNamesAndAttributes() {
    Map<String, Object> r = rows("select id, email from lead where email = 'other@x.com'").get(0);
    assertThat(r.keySet()).containsExactly("attributes", "Id", "Email");
    assertThat((Map<String, Object>) r.get("attributes")).containsEntry("type", "Lead");
  }

  @Test
  void countReturnsTotalSizeOnly() {
    Map<String, Object> body = queries.query("SELECT COUNT() FROM Lead WHERE IsConverted = false", 2000, "60.0");
    assertThat(body).containsEntry("totalSize", 2).containsEntry("records", List.of());
  }

  @Test
  void fieldAndObjectErrorsUseSalesforceCodes() {
    assertThat(errorOf("SELECT Nope FROM Lead")).isEqualTo("INVALID_FIELD");
    assertThat(errorOf("SELECT Id FROM Nope")).isEqualTo("INVALID_TYPE");
    assertThat(errorOf("SELECT Id FROM Lead WHERE Email = 5")).isEqualTo("INVALID_QUERY_FILTER_OPERATOR");
    assertThat(errorOf("SELECT Id FROM Lead WHERE Id = 'abc'")).isEqualTo("INVALID_QUERY_FILTER_OPERATOR");
    assertThat(errorOf("SELECT FROM Lead")).isEqualTo("MALFORMED_QUERY");
  }

  @Test
  void dateLiteralsCompareWithDateFields() {
    lead(Map.of("LastName", "Dated", "Company", "D", "Voice_Agent_Last_Call_Date__c", "2025-01-15"));
    assertThat(rows("SELECT Id FROM Lead WHERE Voice_Agent_Last_Call_Date__c >= 2025-01-01")).hasSize(1);
    assertThat(errorOf("SELECT Id FROM Lead WHERE Voice_Agent_Last_Call_Date__c = '2025-01-15'")).isEqualTo("INVALID_QUERY_FILTER_OPERATOR");
  }

  @Test
  void pagingFollowsNextRecordsUrlWithTheRequestedBatchSize() {
    for (int i = 0; i < 450; i++) {
      lead(Map.of("LastName", "P" + i, "Company", "Paged"));
    }
    Map<String, Object> first = queries.query("SELECT Id FROM Lead WHERE Company = 'Paged'", QueryService.batchSize("batchSize=200"), "60.0");
    assertThat(first).containsEntry("totalSize", 450).containsEntry("done", false);
    String next = (String) first.get("nextRecordsUrl");
    assertThat(next).matches("/services/data/v60\\.0/query/01g\\w{15}-200");
    Map<String, Object> second = queries.more(next.substring(next.lastIndexOf('/') + 1), "60.0");
    Map<String, Object> third = queries.more(((String) second.get("nextRecordsUrl")).replaceAll(".*/", ""), "60.0");
    assertThat((List<?>) third.get("records")).hasSize(50);
    assertThat(third).containsEntry("done", true).doesNotContainKey("nextRecordsUrl");
  }

  @Test
  void batchSizeDefaultsTo2000AndIsClampedTo200To2000() {
    assertThat(QueryService.batchSize(null)).isEqualTo(2000);
    assertThat(QueryService.batchSize("batchSize=10")).isEqualTo(200);
    assertThat(QueryService.batchSize("batchSize=500")).isEqualTo(500);
    assertThat(QueryService.batchSize("batchSize=9999")).isEqualTo(2000);
  }

  @Test
  void unknownLocatorIsInvalidQueryLocator() {
    try {
      queries.more("01g000000000000AAA-2000", "60.0");
      throw new AssertionError("no error");
    } catch (SalesforceException e) {
      assertThat(e.first().errorCode()).isEqualTo("INVALID_QUERY_LOCATOR");
    }
  }
}
