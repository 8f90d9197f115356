package io.leadstream.sfemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingTest {

  @Test
  void recordsSurviveARestartWhenADataFileIsConfigured(@TempDir Path dir) {
    Path file = dir.resolve("org.json");
    String id;
    try (SalesforceEmulator first = SalesforceEmulator.start(EmulatorConfig.defaults().withDataFile(file))) {
      id = first.seed("Lead", Map.of("LastName", "Kept", "Company", "C"));
    }
    assertThat(Files.exists(file)).isTrue();
    try (SalesforceEmulator second = SalesforceEmulator.start(EmulatorConfig.defaults().withDataFile(file))) {
      assertThat(second.records("Lead")).singleElement().satisfies(r -> assertThat(r.get("Id")).isEqualTo(id));
      assertThat(second.seed("Lead", Map.of("LastName", "New", "Company", "C"))).isNotEqualTo(id);
    }
  }

  @Test
  void deletedRecordsSurviveARestartForQueryAllAndTheDeletedWindow(@TempDir Path dir) {
    Path file = dir.resolve("org.json");
    String id;
    try (SalesforceEmulator first = SalesforceEmulator.start(EmulatorConfig.defaults().withDataFile(file))) {
      id = first.seed("Lead", Map.of("LastName", "Gone", "Company", "C"));
      first.admin().deleteAsRep("Lead", id);
    }
    try (SalesforceEmulator second = SalesforceEmulator.start(EmulatorConfig.defaults().withDataFile(file))) {
      var all = new io.leadstream.sfemu.support.EmulatorClient(second.baseUrl(), second.accessToken())
          .get("/services/data/v60.0/queryAll?q=SELECT+Id+FROM+Lead").json();
      assertThat(all.at("/records/0/Id").asString()).isEqualTo(id);
      assertThat(second.records("Lead")).isEmpty();
    }
  }

  @Test
  void aPublicUrlIsTheInstanceUrlTheTokenEndpointHandsOutWhileItListensWhereItWasBound() throws Exception {
    EmulatorConfig config = EmulatorConfig.fromEnvironment(Map.of("SF_EMULATOR_PORT", "0",
        "SF_EMULATOR_PUBLIC_URL", "http://salesforce-emulator.localhost:8787/"), new Properties());
    try (SalesforceEmulator emulator = SalesforceEmulator.start(config)) {
      assertThat(emulator.baseUrl()).isEqualTo("http://salesforce-emulator.localhost:8787");
      var http = java.net.http.HttpClient.newHttpClient();
      String form = "grant_type=client_credentials&client_id=" + emulator.clientId() + "&client_secret="
          + emulator.clientSecret();
      var response = http.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + emulator.port() + "/services/oauth2/token"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).contains("\"instance_url\":\"http://salesforce-emulator.localhost:8787\"")
          .doesNotContain("127.0.0.1");
    }
  }

  @Test
  void withoutAPublicUrlTheInstanceUrlIsTheListeningAddress() {
    try (SalesforceEmulator emulator = SalesforceEmulator.start(EmulatorConfig.defaults())) {
      assertThat(emulator.baseUrl()).isEqualTo("http://127.0.0.1:" + emulator.port());
    }
  }

  @Test
  void realOrgBehavioursComeFromTheEnvironment() {
    EmulatorConfig c = EmulatorConfig.fromEnvironment(Map.of("SF_EMULATOR_ROTATE_REFRESH_TOKENS", "true",
        "SF_EMULATOR_STRICT_JWT_AUDIENCE", "true", "SF_EMULATOR_REJECT_CONVERTED_LEAD_REFERENCES", "false",
        "SF_EMULATOR_SOSL_INDEX_LAG_SECONDS", "1.5", "SF_EMULATOR_CHANGE_WINDOW_RESOLUTION_MILLIS", "1000",
        "SF_EMULATOR_APP_NAME", "sink", "SF_EMULATOR_PER_APP_LIMIT", "250", "SF_EMULATOR_REQUIRE_PKCE", "true"),
        new Properties());

    assertThat(c.behaviours()).isEqualTo(new OrgBehaviours(true, true, false, Duration.ofMillis(1500),
        Duration.ofSeconds(1), java.util.Optional.of("sink"), 250, true));
  }

  @Test
  void withoutEnvironmentTheBehavioursAreTheDefaults() {
    assertThat(EmulatorConfig.fromEnvironment(Map.of(), new Properties()).behaviours()).isEqualTo(OrgBehaviours.defaults());
    assertThat(EmulatorConfig.defaults().behaviours()).isEqualTo(OrgBehaviours.defaults());
  }

  @Test
  void configComesFromEnvironmentWithSystemPropertiesWinning() {
    Properties props = new Properties();
    props.setProperty("sfemu.dailyLimit", "99");
    EmulatorConfig c = EmulatorConfig.fromEnvironment(Map.of("SF_EMULATOR_PORT", "0", "SF_EMULATOR_CLIENT_ID", "cid",
        "SF_EMULATOR_DAILY_LIMIT", "5", "SF_EMULATOR_TOKEN_TTL_SECONDS", "60"), props);
    assertThat(c.port()).isZero();
    assertThat(c.clientId()).isEqualTo("cid");
    assertThat(c.dailyApiLimit()).isEqualTo(99);
    assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theAdminListenerComesFromTheEnvironmentOnLoopbackPort8788UnlessConfigured() {
    EmulatorConfig unset = EmulatorConfig.fromEnvironment(Map.of("SF_EMULATOR_HOST", "0.0.0.0"), new Properties());
    assertThat(unset.adminHost()).isEqualTo("127.0.0.1");
    assertThat(unset.adminPort()).isEqualTo(8788);

    Properties props = new Properties();
    props.setProperty("sfemu.adminPort", "0");
    EmulatorConfig set = EmulatorConfig.fromEnvironment(Map.of("SF_EMULATOR_ADMIN_HOST", "0.0.0.0",
        "SF_EMULATOR_ADMIN_PORT", "9788"), props);
    assertThat(set.adminHost()).isEqualTo("0.0.0.0");
    assertThat(set.adminPort()).isZero();
  }

  @Test
  void startsOnARandomLoopbackPort() {
    try (SalesforceEmulator a = SalesforceEmulator.start(EmulatorConfig.defaults());
         SalesforceEmulator b = SalesforceEmulator.start(EmulatorConfig.defaults())) {
      assertThat(a.baseUrl()).startsWith("http://127.0.0.1:");
      assertThat(a.port()).isNotEqualTo(b.port());
    }
  }
}
