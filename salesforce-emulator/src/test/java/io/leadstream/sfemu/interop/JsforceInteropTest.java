package io.leadstream.sfemu.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The widely used npm client jsforce 3 (interop/salesforce) authenticates with OAuth client
 * credentials and runs query, create, update, upsert, collection create, SOSL, the updated/deleted
 * change windows and limits against the emulator: proof that our responses satisfy a real client, not
 * just our own assumptions. A 10 ms change-window resolution lets the windows show the run's own changes.
 */
class JsforceInteropTest {

  @Test
  void jsforceAuthenticatesAndRunsEveryOperationAgainstTheEmulator() throws Exception {
    EmulatorConfig config = EmulatorConfig.defaults().withClient("js-client", "js-secret")
        .withBehaviours(OrgBehaviours.defaults().withChangeWindowResolution(Duration.ofMillis(10)));
    try (SalesforceEmulator emulator = SalesforceEmulator.start(config)) {
      String seeded = emulator.seed("Lead", Map.of("LastName", "Seeded", "Company", "Acme", "Email", "seeded@example.com"));

      JsonNode out = runNode(emulator);

      assertThat(out.at("/userInfo/organizationId").asString()).startsWith("00D");
      assertThat(out.at("/instanceUrl").asString()).isEqualTo(emulator.baseUrl());
      assertThat(out.at("/query/totalSize").asInt()).isEqualTo(1);
      assertThat(out.at("/query/records/0/Id").asString()).isEqualTo(seeded);
      String leadId = out.at("/created/id").asString();
      assertThat(leadId).startsWith("00Q").hasSize(18);
      assertThat(out.at("/created/success").asBoolean()).isTrue();
      assertThat(out.at("/updated/success").asBoolean()).isTrue();
      assertThat(out.at("/upsertCreated/success").asBoolean()).isTrue();
      assertThat(out.at("/upsertUpdated/success").asBoolean()).isTrue();
      assertThat(out.at("/collection/0/success").asBoolean()).isTrue();
      assertThat(out.at("/collection/1/id").asString()).startsWith("003");
      assertThat(out.at("/search/searchRecords/0/Id").asString()).isEqualTo(leadId);
      List<String> changedLeads = new java.util.ArrayList<>();
      out.at("/leadChanges/ids").forEach(id -> changedLeads.add(id.asString()));
      assertThat(changedLeads).contains(seeded, leadId);
      assertThat(out.at("/accountDeletions/deletedRecords/0/id").asString()).isEqualTo(out.at("/deletedAccount").asString());
      assertThat(out.at("/limits/DailyApiRequests/Max").asInt()).isEqualTo(15_000);
      assertThat(out.at("/limitInfo/apiUsage/limit").asInt()).isEqualTo(15_000);
      assertThat(out.at("/missingFieldError/errorCode").asString()).isEqualTo("REQUIRED_FIELD_MISSING");

      Map<String, Object> lead = emulator.records("Lead").stream().filter(r -> r.get("Id").equals(leadId)).findFirst().orElseThrow();
      assertThat(lead.get("Voice_Agent_Total_Calls__c")).isEqualTo(3.0);
      List<Map<String, Object>> tasks = emulator.records("Task");
      assertThat(tasks).singleElement().satisfies(t -> {
        assertThat(t.get("Subject")).isEqualTo("Inbound Call (updated)");
        assertThat(t.get("WhoId")).isEqualTo(leadId);
      });
      assertThat(emulator.records("Contact")).hasSize(2);
      assertThat(emulator.admin().requestCount("oauth.token")).isEqualTo(1);
      assertThat(emulator.admin().requestCount("sobject.upsert")).isEqualTo(2);
      assertThat(emulator.admin().requestCount("collections.create")).isEqualTo(1);
      assertThat(emulator.admin().requestCount("search")).isEqualTo(1);
    }
  }

  private static JsonNode runNode(SalesforceEmulator emulator) throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("leadstream.root", ".."), "interop", "salesforce");
    ProcessBuilder pb = new ProcessBuilder("node", "jsforce-check.mjs").directory(dir.toFile());
    pb.environment().put("SF_LOGIN_URL", emulator.baseUrl());
    pb.environment().put("SF_CLIENT_ID", emulator.clientId());
    pb.environment().put("SF_CLIENT_SECRET", emulator.clientSecret());
    pb.environment().put("SF_VERSION", "60.0");
    Path err = Files.createTempFile("jsforce", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(err);
    Files.deleteIfExists(err);
    assertThat(p.exitValue()).as("node failed: %s", stderr).isZero();
    return JsonMapper.builder().build().readTree(stdout);
  }
}
