package io.leadstream.leaddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.testkit.postgres.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rotating the token key re-encrypts what crm_connections holds, on a real PostgreSQL. */
@WithPostgres
class TokenKeyRotationTest {
  private static final String KEY_A = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final String KEY_B = "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=";
  private static final String KEY_C = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVoxMjM0NTY=";

  private static final TokenCipher ONLY_A = new TokenCipher("a:" + KEY_A);
  private static final TokenCipher B_AFTER_A = new TokenCipher("b:" + KEY_B, "a:" + KEY_A);
  private static final TokenCipher ONLY_B = new TokenCipher("b:" + KEY_B);

  static DataSource dataSource;
  static JdbcTemplate jdbc;

  @BeforeAll
  static void migrate(DataSource ds) {
    Flyway.configure().dataSource(ds).load().migrate();
    dataSource = ds;
    jdbc = new JdbcTemplate(ds);
  }

  @BeforeEach
  void noConnections() {
    // A rotation covers the whole table: each test starts from its own rows only.
    jdbc.update("DELETE FROM crm_connections");
  }

  @Test
  void afterRotationTheNewKeyAloneDecryptsEveryToken() {
    ConnectionStore underA = new ConnectionStore(jdbc, ONLY_A);
    underA.connect("ws-both", "salesforce", "https://na1.example", "access-1", "refresh-1", Instant.now());
    underA.saveRefreshToken("ws-refresh-only", "https://na2.example", "refresh-2");
    underA.saveAccessToken("ws-access-only", new ConnectionStore.StoredAccessToken("access-3", "https://na3.example",
        Instant.now()));
    underA.touchLastSync("ws-no-tokens", Instant.now());

    TokenKeyRotation.Report report = new TokenKeyRotation(dataSource, B_AFTER_A).rotate();

    assertThat(report.reEncrypted()).isEqualTo(3);
    assertThat(report.alreadyCurrent()).isZero();
    assertThat(report.complete()).isTrue();
    ConnectionStore underB = new ConnectionStore(jdbc, ONLY_B);
    assertThat(underB.accessToken("ws-both")).map(ConnectionStore.StoredAccessToken::value).contains("access-1");
    assertThat(underB.refreshToken("ws-both")).contains("refresh-1");
    assertThat(underB.refreshToken("ws-refresh-only")).contains("refresh-2");
    assertThat(underB.accessToken("ws-access-only")).map(ConnectionStore.StoredAccessToken::value)
        .contains("access-3");
  }

  @Test
  void aSecondRotationChangesNothing() {
    new ConnectionStore(jdbc, ONLY_A).connect("ws-1", "salesforce", "https://na1.example", "access", "refresh",
        Instant.now());
    new ConnectionStore(jdbc, ONLY_A).saveRefreshToken("ws-2", "https://na2.example", "refresh");
    TokenKeyRotation rotation = new TokenKeyRotation(dataSource, B_AFTER_A);
    rotation.rotate();
    var afterFirstRun = jdbc.queryForList("SELECT * FROM crm_connections ORDER BY workspace_id");

    TokenKeyRotation.Report second = rotation.rotate();

    assertThat(second.reEncrypted()).isZero();
    assertThat(second.alreadyCurrent()).isEqualTo(2);
    assertThat(jdbc.queryForList("SELECT * FROM crm_connections ORDER BY workspace_id"))
        .usingRecursiveComparison().isEqualTo(afterFirstRun);
  }

  @Test
  void onlyTokensNotUnderTheCurrentKeyAreRewritten() {
    new ConnectionStore(jdbc, B_AFTER_A).connect("ws-new", "salesforce", "https://na1.example", "access", "refresh",
        Instant.now());
    new ConnectionStore(jdbc, ONLY_A).saveRefreshToken("ws-mixed", "https://na2.example", "old-refresh");
    // crm-sink, restarted with key b, stored a fresh access token beside the old refresh token.
    new ConnectionStore(jdbc, B_AFTER_A).saveAccessToken("ws-mixed",
        new ConnectionStore.StoredAccessToken("fresh-access", "https://na2.example", Instant.now()));
    byte[] newRefresh = storedRefreshToken("ws-new");
    byte[] mixedAccess = storedAccessToken("ws-mixed");

    TokenKeyRotation.Report report = new TokenKeyRotation(dataSource, B_AFTER_A).rotate();

    assertThat(report.alreadyCurrent()).isEqualTo(1);
    assertThat(report.reEncrypted()).isEqualTo(1);
    assertThat(storedRefreshToken("ws-new")).isEqualTo(newRefresh);
    assertThat(storedAccessToken("ws-mixed")).isEqualTo(mixedAccess);
    assertThat(new ConnectionStore(jdbc, ONLY_B).refreshToken("ws-mixed")).contains("old-refresh");
  }

  @Test
  void aConnectionNoKeyOpensIsReportedAndLeftAsItIsWhileTheOthersRotate() {
    TokenCipher onlyC = new TokenCipher("c:" + KEY_C);
    new ConnectionStore(jdbc, onlyC).saveRefreshToken("ws-lost", "https://na1.example", "refresh-lost");
    // Half readable: its refresh token is under the forgotten key c, its access token under a.
    new ConnectionStore(jdbc, onlyC).saveRefreshToken("ws-half", "https://na2.example", "refresh-half");
    new ConnectionStore(jdbc, ONLY_A).saveAccessToken("ws-half",
        new ConnectionStore.StoredAccessToken("access-half", "https://na2.example", Instant.now()));
    new ConnectionStore(jdbc, ONLY_A).saveRefreshToken("ws-ok", "https://na3.example", "refresh-ok");
    byte[] lost = storedRefreshToken("ws-lost");
    byte[] halfAccess = storedAccessToken("ws-half");
    byte[] halfRefresh = storedRefreshToken("ws-half");

    TokenKeyRotation.Report report = new TokenKeyRotation(dataSource, B_AFTER_A).rotate();

    assertThat(report.complete()).isFalse();
    assertThat(report.undecryptable()).extracting(TokenKeyRotation.Undecryptable::workspaceId)
        .containsExactly("ws-half", "ws-lost");
    assertThat(report.undecryptable()).allSatisfy(u -> assertThat(u.reason()).contains("key id 'c'"));
    assertThat(report.summary()).contains("ws-lost: ").doesNotContain(KEY_A, KEY_B, KEY_C);
    assertThat(report.reEncrypted()).isEqualTo(1);
    assertThat(storedRefreshToken("ws-lost")).isEqualTo(lost);
    assertThat(storedAccessToken("ws-half")).isEqualTo(halfAccess);
    assertThat(storedRefreshToken("ws-half")).isEqualTo(halfRefresh);
    assertThat(new ConnectionStore(jdbc, ONLY_B).refreshToken("ws-ok")).contains("refresh-ok");
  }

  @Test
  void aTokenCopiedFromAnotherWorkspaceIsReportedNotReSealedAsItsOwn() {
    new ConnectionStore(jdbc, ONLY_A).saveRefreshToken("ws-x", "https://na1.example", "refresh-of-x");
    jdbc.update("""
        INSERT INTO crm_connections (workspace_id, refresh_token_enc)
        SELECT 'ws-y', refresh_token_enc FROM crm_connections WHERE workspace_id = 'ws-x'""");

    TokenKeyRotation.Report report = new TokenKeyRotation(dataSource, B_AFTER_A).rotate();

    assertThat(report.undecryptable()).singleElement().satisfies(u -> {
      assertThat(u.workspaceId()).isEqualTo("ws-y");
      assertThat(u.reason()).contains("does not decrypt under key id 'a'");
    });
    assertThatThrownBy(() -> new ConnectionStore(jdbc, B_AFTER_A).refreshToken("ws-y"))
        .isInstanceOf(UndecryptableTokenException.class);
    assertThat(new ConnectionStore(jdbc, ONLY_B).refreshToken("ws-x")).contains("refresh-of-x");
  }

  @Test
  void aTokenStoredByARunningServiceDuringTheRotationIsNotOverwritten() throws Exception {
    new ConnectionStore(jdbc, ONLY_A).saveRefreshToken("ws-busy", "https://na1.example", "refresh-before");
    try (Connection service = dataSource.getConnection()) {
      // A service restarted with key b stores a rotated refresh token; its transaction is still open.
      service.setAutoCommit(false);
      try (PreparedStatement update = service.prepareStatement(
          "UPDATE crm_connections SET refresh_token_enc = ? WHERE workspace_id = 'ws-busy'")) {
        update.setBytes(1, B_AFTER_A.encrypt("ws-busy", "refresh-after"));
        update.executeUpdate();
      }
      CompletableFuture<TokenKeyRotation.Report> rotation =
          CompletableFuture.supplyAsync(() -> new TokenKeyRotation(dataSource, B_AFTER_A).rotate());
      awaitALockWaitOnCrmConnections();
      service.commit();

      TokenKeyRotation.Report report = rotation.get();

      assertThat(report.alreadyCurrent()).isEqualTo(1);
      assertThat(report.reEncrypted()).isZero();
    }
    assertThat(new ConnectionStore(jdbc, ONLY_B).refreshToken("ws-busy")).contains("refresh-after");
  }

  private static void awaitALockWaitOnCrmConnections() throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (jdbc.queryForObject("""
        SELECT count(*) FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'""",
        Integer.class) == 0) {
      assertThat(Instant.now()).as("the rotation waits for the service's row lock").isBefore(deadline);
      Thread.sleep(20);
    }
  }

  private static byte[] storedAccessToken(String workspaceId) {
    return jdbc.queryForObject("SELECT access_token_enc FROM crm_connections WHERE workspace_id = ?", byte[].class,
        workspaceId);
  }

  private static byte[] storedRefreshToken(String workspaceId) {
    return jdbc.queryForObject("SELECT refresh_token_enc FROM crm_connections WHERE workspace_id = ?", byte[].class,
        workspaceId);
  }
}
