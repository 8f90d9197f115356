package io.leadstream.sfemu.rest;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real orgs index new records for search asynchronously: SOQL finds a fresh record, SOSL not yet. */
class SearchIndexLagTest extends EmulatorTest {

  private static final String SOSL = "FIND {4155550100} IN PHONE FIELDS RETURNING Lead(Id)";

  @AfterEach
  void clearFaults() {
    emulator.admin().clearFaults();
  }

  private String createLead() {
    return api.post(V + "/sobjects/Lead", Map.of("LastName", "Fresh", "Company", "Acme", "Phone", "+1 415 555 0100"))
        .json().get("id").asString();
  }

  @Test
  void withAnIndexLagAFreshRecordIsFoundBySoqlButNotBySosl() {
    new EmulatorClient(emulator.adminBaseUrl(), null).post("/__admin/faults/sosl-index-lag", Map.of("seconds", 60));
    String id = createLead();

    assertThat(api.search(SOSL).json().get("searchRecords")).isEmpty();
    assertThat(api.query("SELECT Id FROM Lead WHERE Phone = '+1 415 555 0100'").json().at("/records/0/Id").asString())
        .isEqualTo(id);
  }

  @Test
  void onceTheLagHasPassedSoslFindsTheRecord() throws InterruptedException {
    emulator.admin().soslIndexLag(Duration.ofMillis(300));
    String id = createLead();
    assertThat(api.search(SOSL).json().get("searchRecords")).isEmpty();

    Thread.sleep(400);

    assertThat(api.search(SOSL).json().at("/searchRecords/0/Id").asString()).isEqualTo(id);
  }

  @Test
  void byDefaultSoslFindsAFreshRecordAtOnce() {
    String id = createLead();

    assertThat(api.search(SOSL).json().at("/searchRecords/0/Id").asString()).isEqualTo(id);
  }

  @Test
  void theLagCanBeConfigured() {
    EmulatorConfig lagging = EmulatorConfig.defaults()
        .withBehaviours(OrgBehaviours.defaults().withSoslIndexLag(Duration.ofMinutes(15)));
    try (SalesforceEmulator org = SalesforceEmulator.start(lagging)) {
      EmulatorClient client = new EmulatorClient(org.baseUrl(), org.accessToken());
      client.post(V + "/sobjects/Lead", Map.of("LastName", "Fresh", "Company", "Acme", "Phone", "+1 415 555 0100"));

      assertThat(client.search(SOSL).json().get("searchRecords")).isEmpty();
      org.admin().clearFaults();
      assertThat(client.search(SOSL).json().get("searchRecords")).as("clearing faults keeps the configured lag").isEmpty();
    }
  }
}
