package io.leadstream.sink.matching;

import static io.leadstream.sink.SinkTestSupport.call;
import static io.leadstream.sink.SinkTestSupport.consumerRecord;
import static io.leadstream.sink.SinkTestSupport.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sink.SinkTestSupport;
import io.leadstream.sink.pipeline.SinkPipeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SOSL finds a fresh record only once it is indexed (the emulator's index lag): with createMissingLeads, a
 * phone-only lead whose events come in two batches seconds apart gets one Lead, because the sink remembers the
 * Lead it created (crm_links) and creates by its own key (Voice_Lead_Key__c upsert), never by a new search.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SoslIndexLagTest {
  private static final String WS = "creates-lagging";
  /** An org whose search index lags well behind these tests. */
  private static final SalesforceEmulator LAGGING = SalesforceEmulator.start(EmulatorConfig.defaults());

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SinkTestSupport.register(registry, "sosllag");
    registry.add("leadstream.sink.workspaces." + WS + ".login-url", LAGGING::baseUrl);
    registry.add("leadstream.sink.workspaces." + WS + ".client-id", LAGGING::clientId);
    registry.add("leadstream.sink.workspaces." + WS + ".client-secret", LAGGING::clientSecret);
    registry.add("leadstream.sink.workspaces." + WS + ".create-missing-leads", () -> "true");
  }

  @Autowired JdbcTemplate jdbc;
  @Autowired SinkPipeline pipeline;

  private final SchemaRegistryClient registry = SinkTestSupport.registryClient();
  private String lead;
  private String phone;
  private long offset = System.nanoTime();

  @BeforeEach
  void phoneOnlyLead() {
    LAGGING.admin().soslIndexLag(Duration.ofMinutes(10));
    lead = "phone-" + UUID.randomUUID().toString().substring(0, 8);
    phone = "+1415555" + (1000 + ThreadLocalRandom.current().nextInt(9000));
  }

  @Test
  void aPhoneOnlyLeadSeenTwiceInQuickSuccessionGetsOneLead() throws Exception {
    pipeline.process(List.of(consumerRecord(registry, state(WS, lead, null, phone, 1), offset++),
        consumerRecord(registry, call(WS, lead, lead + "-call1", 1), offset++)));
    long searchesBefore = LAGGING.admin().requestCount("search");
    Thread.sleep(1500); // the second event, seconds later: SOSL still does not find the Lead just created

    pipeline.process(List.of(consumerRecord(registry, state(WS, lead, null, phone, 2), offset++),
        consumerRecord(registry, call(WS, lead, lead + "-call2", 1), offset++)));

    List<Map<String, Object>> leads = leadsWithThisPhone();
    assertThat(leads).as("one Lead for the lead").hasSize(1);
    assertThat(tasksWho()).as("both calls on it").containsOnly(leads.get(0).get("Id")).hasSize(2);
    assertThat(LAGGING.admin().requestCount("search") - searchesBefore).as("the created Lead is remembered")
        .isZero();
  }

  @Test
  void aLeadCreatedJustBeforeItsLinkWasLostIsFoundByItsKeyNotCreatedAgain() throws Exception {
    pipeline.process(List.of(consumerRecord(registry, state(WS, lead, null, phone, 1), offset++)));
    jdbc.update("DELETE FROM crm_links WHERE workspace_id = ? AND lead_id = ?", WS, lead); // the answer was lost
    Thread.sleep(1500);

    pipeline.process(List.of(consumerRecord(registry, state(WS, lead, null, phone, 2), offset++),
        consumerRecord(registry, call(WS, lead, lead + "-call1", 1), offset++)));

    List<Map<String, Object>> leads = leadsWithThisPhone();
    assertThat(leads).as("the search missed it; the create-once key did not").hasSize(1);
    assertThat(tasksWho()).containsExactly(leads.get(0).get("Id"));
  }

  /** Every Lead carrying this test's phone, whichever way it was created. */
  private List<Map<String, Object>> leadsWithThisPhone() {
    String digits = phone.replaceAll("\\D", "");
    return LAGGING.records("Lead").stream()
        .filter(l -> l.get("Phone") != null && l.get("Phone").toString().replaceAll("\\D", "").equals(digits)).toList();
  }

  private List<Object> tasksWho() {
    return LAGGING.records("Task").stream()
        .filter(t -> t.get("Voice_Call_Id__c") != null && t.get("Voice_Call_Id__c").toString().startsWith(lead + "-"))
        .map(t -> t.get("WhoId")).toList();
  }
}
