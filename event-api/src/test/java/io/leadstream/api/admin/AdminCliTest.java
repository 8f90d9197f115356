package io.leadstream.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.leaddb.TokenCipher;
import io.leadstream.testkit.postgres.SharedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API from the command line ({@code java -jar event-api.jar admin …}) against a running instance. */
class AdminCliTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private record Run(int exit, String out, String err) {
  }

  private static Run cli(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new AdminCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run cli(String... args) {
    return cli(Map.of("LEADSTREAM_ADMIN_KEY", ADMIN_KEY, "LEADSTREAM_ADMIN_URL", BASE), args);
  }

  @Test
  void onboardAWorkspaceIssueATokenAndRevokeIt() throws Exception {
    String ws = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(cli("workspaces", "create", ws, "Acme via CLI").exit()).isZero();
    Run issued = cli("tokens", "create", ws, "events:write,leads:read", "--name", "dialer");
    assertThat(issued.exit()).as(issued.err()).isZero();
    JsonNode token = JSON.readTree(issued.out());
    assertThat(send("GET", "/api/v1/crm/leads/x", token.path("token").asString(), null, null, Map.of()).statusCode())
        .isEqualTo(404);

    Run listed = cli("tokens", "list", ws);
    assertThat(listed.out()).contains(token.path("tokenId").asString(), "dialer")
        .doesNotContain(token.path("token").asString());
    assertThat(cli("tokens", "revoke", ws, token.path("tokenId").asString()).exit()).isZero();
    assertThat(cli("workspaces", "update", ws, "{\"disabled\": true}").out()).contains("\"disabled\" : true");
  }

  @Test
  void rotateTokenKeyReEncryptsStoredTokensUnderTheCurrentKey() {
    String ws = "rotate-" + UUID.randomUUID().toString().substring(0, 8);
    new ConnectionStore(JDBC, new TokenCipher(PREVIOUS_TOKEN_KEY)).saveRefreshToken(ws, EMULATOR.baseUrl(),
        "refresh-under-retired-key");
    Map<String, String> env = Map.of("DATABASE_URL", SharedPostgres.get().jdbcUrl(DATABASE), "DATABASE_USER",
        "postgres", "LEADSTREAM_TOKEN_KEY", TOKEN_KEY, "LEADSTREAM_TOKEN_KEYS_PREVIOUS", PREVIOUS_TOKEN_KEY);
    try {
      Run rotated = cli(env, "rotate-token-key");
      assertThat(rotated.exit()).as(rotated.err()).isZero();
      assertThat(new ConnectionStore(JDBC, new TokenCipher(TOKEN_KEY)).refreshToken(ws))
          .as("readable without the retired key").contains("refresh-under-retired-key");
      assertThat(rotated.out()).doesNotContain("refresh-under-retired-key");
    } finally {
      JDBC.update("DELETE FROM crm_connections WHERE workspace_id = ?", ws);
    }
  }

  @Test
  void rotateTokenKeyNeedsTheDatabase() {
    Run run = cli(Map.of("LEADSTREAM_TOKEN_KEY", TOKEN_KEY), "rotate-token-key");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("DATABASE_URL");
  }

  @Test
  void aRefusalExitsWithOneAndPrintsTheProblem() {
    Run refused = cli("workspaces", "create", "Not Valid", "x");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("workspaceId");
  }

  @Test
  void withoutTheOperatorKeyNothingIsSent() {
    Run run = cli(Map.of("LEADSTREAM_ADMIN_URL", BASE), "workspaces", "list");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("LEADSTREAM_ADMIN_KEY");
  }

  @Test
  void aWrongOperatorKeyIsRefused() {
    Run run = cli(Map.of("LEADSTREAM_ADMIN_KEY", "not-the-operator-key-0123456789", "LEADSTREAM_ADMIN_URL", BASE),
        "workspaces", "list");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void anUnknownCommandPrintsTheUsage() {
    Run run = cli("workspaces", "explode");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("usage: java -jar event-api.jar admin");
  }
}
