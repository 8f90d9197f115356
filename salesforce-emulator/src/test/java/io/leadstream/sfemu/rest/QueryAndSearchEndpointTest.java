package io.leadstream.sfemu.rest;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.support.EmulatorClient.Reply;
import io.leadstream.sfemu.support.EmulatorTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryAndSearchEndpointTest extends EmulatorTest {

  @Test
  void queryPagesWithTheSforceQueryOptionsBatchSize() {
    for (int i = 0; i < 250; i++) {
      emulator.seed("Contact", Map.of("LastName", "C" + i));
    }
    Reply first = api.get(V + "/query?q=" + enc("SELECT Id FROM Contact"), Map.of("Sforce-Query-Options", "batchSize=200"));
    assertThat(first.json().get("records").size()).isEqualTo(200);
    Reply second = api.get(first.json().get("nextRecordsUrl").asString());
    assertThat(second.json().get("records").size()).isEqualTo(50);
    assertThat(second.json().get("done").asBoolean()).isTrue();
    assertThat(emulator.admin().requestCount("query.more")).isEqualTo(1);
  }

  @Test
  void queryErrorsAre400WithSalesforceCodes() {
    assertThat(api.query("SELECT Id FROM").errorCode()).isEqualTo("MALFORMED_QUERY");
    assertThat(api.get(V + "/query").errorCode()).isEqualTo("MALFORMED_QUERY");
    assertThat(api.get(V + "/query/01g000000000000-2000").errorCode()).isEqualTo("INVALID_QUERY_LOCATOR");
  }

  @Test
  void searchAnswersSearchRecords() {
    String id = emulator.seed("Lead", Map.of("LastName", "L", "Company", "C", "MobilePhone", "+1 415 555 0100"));
    Reply r = api.search("FIND {4155550100} IN PHONE FIELDS RETURNING Lead(Id, MobilePhone), Contact(Id)");
    assertThat(r.json().at("/searchRecords/0/Id").asString()).isEqualTo(id);
    assertThat(api.search("FIND nothing").errorCode()).isEqualTo("MALFORMED_SEARCH");
  }

  private static String enc(String s) {
    return io.leadstream.sfemu.support.EmulatorClient.enc(s);
  }
}
