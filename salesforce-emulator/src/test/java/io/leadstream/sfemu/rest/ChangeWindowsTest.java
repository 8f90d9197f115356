package io.leadstream.sfemu.rest;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static io.leadstream.sfemu.support.EmulatorClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorClient.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The change feed two-way sync follows (SPEC §16): sobjects/{T}/updated and /deleted windows, who changed a record
 * (the integration user or a rep), and queryAll. A 10 ms window resolution lets a spec see a change at once; one
 * spec keeps the real one-minute resolution.
 */
class ChangeWindowsTest {

  private static final String SF_DATETIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000";
  private static SalesforceEmulator emulator;
  private static SalesforceEmulator minuteResolution;
  private EmulatorClient api;
  private EmulatorClient admin;

  @BeforeAll
  static void start() {
    emulator = SalesforceEmulator.start(EmulatorConfig.defaults()
        .withBehaviours(OrgBehaviours.defaults().withChangeWindowResolution(Duration.ofMillis(10))));
    minuteResolution = SalesforceEmulator.start(EmulatorConfig.defaults());
  }

  @AfterAll
  static void stop() {
    emulator.close();
    minuteResolution.close();
  }

  @BeforeEach
  void reset() {
    emulator.admin().reset();
    api = new EmulatorClient(emulator.baseUrl(), emulator.accessToken());
    admin = new EmulatorClient(emulator.adminBaseUrl(), null);
  }

  private static Reply window(EmulatorClient client, String type, String kind, Instant start, Instant end) {
    return client.get(V + "/sobjects/" + type + "/" + kind + "/?start=" + enc(start.toString()) + "&end=" + enc(end.toString()));
  }

  private Reply updated(Instant start) throws InterruptedException {
    Thread.sleep(25); // past the 10 ms resolution, so the change lies before latestDateCovered
    return window(api, "Lead", "updated", start, Instant.now().plusSeconds(60));
  }

  private Reply deleted(Instant start) throws InterruptedException {
    Thread.sleep(25);
    return window(api, "Lead", "deleted", start, Instant.now().plusSeconds(60));
  }

  private static List<String> ids(Reply updated) {
    List<String> ids = new ArrayList<>();
    updated.json().get("ids").forEach(id -> ids.add(id.asString()));
    return ids;
  }

  private String createLead() {
    return api.post(V + "/sobjects/Lead", Map.of("LastName", "L", "Company", "Acme")).json().get("id").asString();
  }

  private JsonNode lead(String id) {
    return api.get(V + "/sobjects/Lead/" + id).json();
  }

  @Test
  void updatedListsTheRecordsChangedInTheWindow() throws InterruptedException {
    Instant before = Instant.now().minusSeconds(1);
    String id = createLead();

    Reply r = updated(before);

    assertThat(r.status()).isEqualTo(200);
    assertThat(ids(r)).containsExactly(id);
    assertThat(r.json().get("latestDateCovered").asString()).matches(SF_DATETIME);
  }

  @Test
  void aWindowEndingBeforeAChangeLeavesItOut() throws InterruptedException {
    Instant before = Instant.now().minusSeconds(10);
    Thread.sleep(25);
    Instant end = Instant.now();
    Thread.sleep(25);
    createLead();

    assertThat(ids(window(api, "Lead", "updated", before, end))).isEmpty();
  }

  @Test
  void latestDateCoveredIsTheEndWhenTheEndHasPassed() {
    Instant end = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

    Reply r = window(api, "Lead", "updated", end.minusSeconds(3600), end);

    assertThat(instant(r.json().get("latestDateCovered").asString())).isEqualTo(end);
  }

  @Test
  void latestDateCoveredIsNoLaterThanNowWhenTheEndLiesAhead() {
    Instant now = Instant.now();

    Reply r = window(api, "Lead", "updated", now.minusSeconds(3600), now.plusSeconds(3600));

    assertThat(instant(r.json().get("latestDateCovered").asString())).isBetween(now.minusSeconds(1), Instant.now());
  }

  private static Instant instant(String sfDateTime) {
    return Instant.parse(sfDateTime.replace("+0000", "Z"));
  }

  @Test
  void aRepsEditIsMadeByTheRepAndShowsInTheNextWindow() throws InterruptedException {
    String id = createLead();
    String createdStamp = lead(id).get("SystemModstamp").asString();
    Thread.sleep(25);
    Instant afterCreate = Instant.now();

    Reply edit = admin.patch("/__admin/records/Lead/" + id, Map.of("DoNotCall", true));

    assertThat(edit.status()).isEqualTo(204);
    JsonNode record = lead(id);
    assertThat(record.get("LastModifiedById").asString()).isEqualTo(emulator.admin().repUserId());
    assertThat(record.get("DoNotCall").asBoolean()).isTrue();
    assertThat(record.get("SystemModstamp").asString()).isGreaterThan(createdStamp);
    assertThat(ids(updated(afterCreate))).containsExactly(id);
  }

  @Test
  void theIntegrationUsersWritesAreMadeByTheIntegrationUser() {
    String id = emulator.seed("Lead", Map.of("LastName", "L", "Company", "Acme"));
    admin.patch("/__admin/records/Lead/" + id, Map.of("Title", "by rep"));

    api.patch(V + "/sobjects/Lead/" + id, Map.of("Title", "by sink"));

    assertThat(lead(id).get("LastModifiedById").asString()).isEqualTo(emulator.admin().integrationUserId())
        .isNotEqualTo(emulator.admin().repUserId());
  }

  @Test
  void theAdminApiNamesBothUsers() {
    JsonNode users = admin.get("/__admin/users").json();

    assertThat(users.get("integration").asString()).isEqualTo(emulator.admin().integrationUserId()).startsWith("005");
    assertThat(users.get("rep").asString()).isEqualTo(emulator.admin().repUserId()).startsWith("005");
  }

  @Test
  void aRestDeleteIsListedInTheDeletedWindow() throws InterruptedException {
    Instant before = Instant.now().minusSeconds(1);
    String id = createLead();

    api.delete(V + "/sobjects/Lead/" + id);

    Reply r = deleted(before);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("deletedRecords")).singleElement().satisfies(d -> {
      assertThat(d.get("id").asString()).isEqualTo(id);
      assertThat(d.get("deletedDate").asString()).matches(SF_DATETIME);
    });
    assertThat(r.json().get("earliestDateAvailable").asString()).matches(SF_DATETIME);
    assertThat(r.json().get("latestDateCovered").asString()).matches(SF_DATETIME);
  }

  @Test
  void aRepsDeleteIsListedInTheDeletedWindowAndNoLongerInUpdated() throws InterruptedException {
    Instant before = Instant.now().minusSeconds(1);
    String id = createLead();

    assertThat(admin.delete("/__admin/records/Lead/" + id).status()).isEqualTo(204);

    assertThat(deleted(before).json().at("/deletedRecords/0/id").asString()).isEqualTo(id);
    assertThat(ids(updated(before))).isEmpty();
    assertThat(api.get(V + "/sobjects/Lead/" + id).status()).isEqualTo(404);
  }

  @Test
  void queryAllReturnsDeletedRowsMarkedIsDeletedWhichQueryLeavesOut() {
    String kept = createLead();
    String gone = createLead();
    admin.delete("/__admin/records/Lead/" + gone);

    JsonNode all = api.get(V + "/queryAll?q=" + enc("SELECT Id, IsDeleted, LastModifiedById FROM Lead WHERE IsDeleted = true")).json();
    JsonNode live = api.query("SELECT Id FROM Lead").json();

    assertThat(all.get("records")).singleElement().satisfies(r -> {
      assertThat(r.get("Id").asString()).isEqualTo(gone);
      assertThat(r.get("LastModifiedById").asString()).isEqualTo(emulator.admin().repUserId());
    });
    assertThat(live.get("records")).singleElement().satisfies(r -> assertThat(r.get("Id").asString()).isEqualTo(kept));
  }

  @Test
  void aWindowShorterThanAMinuteIsAnInvalidReplicationDate() {
    EmulatorClient real = new EmulatorClient(minuteResolution.baseUrl(), minuteResolution.accessToken());
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    Reply r = window(real, "Lead", "updated", minute.plusSeconds(5), minute.plusSeconds(50));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("INVALID_REPLICATION_DATE");
  }

  @Test
  void theRealResolutionIgnoresSeconds() {
    EmulatorClient real = new EmulatorClient(minuteResolution.baseUrl(), minuteResolution.accessToken());
    Instant minute = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);

    Reply r = window(real, "Lead", "updated", minute.minusSeconds(3600), minute.plusSeconds(42));

    assertThat(instant(r.json().get("latestDateCovered").asString())).isEqualTo(minute);
  }

  @Test
  void aStartMoreThan30DaysBackIsAnInvalidReplicationDate() {
    Instant now = Instant.now();

    Reply r = window(api, "Lead", "updated", now.minus(Duration.ofDays(31)), now);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("INVALID_REPLICATION_DATE");
  }

  @Test
  void aMissingStartIsRefused() {
    assertThat(api.get(V + "/sobjects/Lead/updated/?end=" + enc(Instant.now().toString())).status()).isEqualTo(400);
  }

  @Test
  void anUnknownTypeIsNotFound() {
    Instant now = Instant.now();

    assertThat(window(api, "Nope__c", "deleted", now.minusSeconds(3600), now).status()).isEqualTo(404);
  }
}
