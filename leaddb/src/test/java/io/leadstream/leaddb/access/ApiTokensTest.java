package io.leadstream.leaddb.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.testkit.postgres.WithPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Workspaces and API tokens in PostgreSQL (SPEC §14), and how a presented token is verified. */
@WithPostgres
class ApiTokensTest {
  static JdbcTemplate jdbc;
  static WorkspaceStore workspaces;
  static ApiTokenStore tokens;

  @BeforeAll
  static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = new JdbcTemplate(dataSource);
    workspaces = new WorkspaceStore(jdbc);
    tokens = new ApiTokenStore(jdbc);
  }

  private static String newWorkspace() {
    String id = "ws-" + Long.toHexString(System.nanoTime());
    assertThat(workspaces.create(id, "Workspace " + id)).isPresent();
    return id;
  }

  /** A verifier whose clocks the test moves. */
  private static final class Clocks {
    final AtomicLong nanos = new AtomicLong();
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    final Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };

    TokenVerifier verifier(ApiTokenStore store) {
      return new TokenVerifier(store, Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(1), clock,
          nanos::get);
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
      now.set(now.get().plus(d));
    }
  }

  @Test
  void aWorkspaceIdIsCreatedOnce() {
    String id = newWorkspace();
    assertThat(workspaces.create(id, "again")).isEmpty();
    assertThat(workspaces.find(id)).hasValueSatisfying(w -> assertThat(w.name()).isEqualTo("Workspace " + id));
  }

  @Test
  void theDatabaseRefusesAWorkspaceIdOutsideThePattern() {
    assertThatThrownBy(() -> workspaces.create("Acme Corp", "x")).isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void settingsArePatchedKeyByKeyAndANullRemovesAKey() {
    String id = newWorkspace();
    workspaces.update(id, null, null, "{\"crmProvider\":\"salesforce\",\"createMissingLeads\":true}");
    WorkspaceStore.Workspace w = workspaces.update(id, null, true, "{\"createMissingLeads\":null,\"loginUrl\":\"https://acme.my.salesforce.com\"}").orElseThrow();
    assertThat(w.disabled()).isTrue();
    assertThat(w.settingsJson()).contains("\"crmProvider\": \"salesforce\"").contains("acme.my.salesforce.com")
        .doesNotContain("createMissingLeads");
    assertThat(workspaces.update("no-such-workspace", "x", null, null)).isEmpty();
  }

  @Test
  void anIssuedTokenIsStoredOnlyAsTheHashOfItsSecret() {
    String ws = newWorkspace();
    ApiTokenStore.IssuedToken issued = tokens.issue(ws, EnumSet.of(Scope.EVENTS_WRITE), null, "dialer");
    assertThat(issued.token()).startsWith("lst_" + issued.tokenId() + "_");
    String secret = ApiTokenFormat.parse(issued.token()).orElseThrow().secret();
    byte[] stored = jdbc.queryForObject("SELECT secret_sha256 FROM api_tokens WHERE token_id = ?", byte[].class,
        issued.tokenId());
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
    assertThat(issued.toString()).doesNotContain(secret);
    assertThat(tokens.list(ws)).singleElement().satisfies(t -> {
      assertThat(t.tokenId()).isEqualTo(issued.tokenId());
      assertThat(t.scopes()).containsExactly(Scope.EVENTS_WRITE);
      assertThat(t.name()).isEqualTo("dialer");
    });
  }

  @Test
  void aTokenNeedsAnExistingWorkspaceAndAScope() {
    assertThatThrownBy(() -> tokens.issue("no-such-workspace", Set.of(Scope.LEADS_READ), null, null))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThatThrownBy(() -> tokens.issue(newWorkspace(), Set.of(), null, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aValidTokenIsVerifiedAsItsWorkspaceWithItsScopes() {
    String ws = newWorkspace();
    ApiTokenStore.IssuedToken issued = tokens.issue(ws, EnumSet.of(Scope.LEADS_READ, Scope.EVENTS_WRITE), null, null);
    TokenVerifier.Result result = new Clocks().verifier(tokens).verify(issued.token());
    assertThat(result).isInstanceOfSatisfying(TokenVerifier.Result.Verified.class, v -> {
      assertThat(v.caller().workspaceId()).isEqualTo(ws);
      assertThat(v.caller().tokenId()).isEqualTo(issued.tokenId());
      assertThat(v.caller().scopes()).containsExactlyInAnyOrder(Scope.LEADS_READ, Scope.EVENTS_WRITE);
      assertThat(v.caller().operator()).isFalse();
    });
  }

  @Test
  void aTokenWithAWrongSecretOrAMadeUpIdIsRejected() {
    ApiTokenStore.IssuedToken issued = tokens.issue(newWorkspace(), EnumSet.of(Scope.LEADS_READ), null, null);
    TokenVerifier verifier = new Clocks().verifier(tokens);
    String wrongSecret = issued.token().substring(0, issued.token().length() - 1)
        + (issued.token().endsWith("A") ? "B" : "A");
    assertThat(verifier.verify(wrongSecret)).isInstanceOf(TokenVerifier.Result.Rejected.class);
    assertThat(verifier.verify("lst_aaaaaaaaaaaa_" + "A".repeat(43))).isInstanceOf(TokenVerifier.Result.Rejected.class);
    assertThat(verifier.verify("not-a-token")).isInstanceOf(TokenVerifier.Result.Rejected.class);
    assertThat(verifier.verify(null)).isInstanceOf(TokenVerifier.Result.Rejected.class);
  }

  @Test
  void aRevokedTokenIsRejectedOnceTheCachedStateIsOlderThanTheTtl() {
    String ws = newWorkspace();
    ApiTokenStore.IssuedToken issued = tokens.issue(ws, EnumSet.of(Scope.EVENTS_WRITE), null, null);
    Clocks clocks = new Clocks();
    TokenVerifier verifier = clocks.verifier(tokens);
    assertThat(verifier.verify(issued.token())).isInstanceOf(TokenVerifier.Result.Verified.class);

    assertThat(tokens.revoke(ws, issued.tokenId())).isTrue();
    clocks.advance(Duration.ofSeconds(5));
    assertThat(verifier.verify(issued.token())).isInstanceOf(TokenVerifier.Result.Rejected.class);
    assertThat(tokens.list(ws).get(0).revokedAt()).isNotNull();
    assertThat(tokens.revoke(ws, issued.tokenId())).as("revoked once").isFalse();
  }

  @Test
  void aWorkspaceCannotRevokeAnotherWorkspacesToken() {
    ApiTokenStore.IssuedToken issued = tokens.issue(newWorkspace(), EnumSet.of(Scope.EVENTS_WRITE), null, null);
    assertThat(tokens.revoke(newWorkspace(), issued.tokenId())).isFalse();
    assertThat(new Clocks().verifier(tokens).verify(issued.token())).isInstanceOf(TokenVerifier.Result.Verified.class);
  }

  @Test
  void anExpiredTokenIsRejectedFromItsExpiryOn() {
    Clocks clocks = new Clocks();
    Instant expiry = clocks.now.get().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
    ApiTokenStore.IssuedToken issued = tokens.issue(newWorkspace(), EnumSet.of(Scope.EVENTS_WRITE), expiry, null);
    TokenVerifier verifier = clocks.verifier(tokens);
    assertThat(verifier.verify(issued.token())).isInstanceOf(TokenVerifier.Result.Verified.class);
    clocks.now.set(expiry);
    assertThat(verifier.verify(issued.token())).isInstanceOf(TokenVerifier.Result.Rejected.class);
  }

  @Test
  void aDisabledWorkspacesTokensAreRejected() {
    String ws = newWorkspace();
    ApiTokenStore.IssuedToken issued = tokens.issue(ws, EnumSet.of(Scope.EVENTS_WRITE), null, null);
    Clocks clocks = new Clocks();
    TokenVerifier verifier = clocks.verifier(tokens);
    workspaces.update(ws, null, true, null);
    assertThat(verifier.verify(issued.token())).isInstanceOf(TokenVerifier.Result.Rejected.class);
    workspaces.update(ws, null, false, null);
    clocks.advance(Duration.ofSeconds(5));
    assertThat(verifier.verify(issued.token())).isInstanceOf(TokenVerifier.Result.Verified.class);
  }

  @Test
  void aUseIsRecordedAsLastUsed() {
    String ws = newWorkspace();
    ApiTokenStore.IssuedToken issued = tokens.issue(ws, EnumSet.of(Scope.EVENTS_WRITE), null, null);
    new Clocks().verifier(tokens).verify(issued.token());
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> tokens.list(ws).get(0).lastUsedAt() != null);
  }

  @Test
  void whileTheStoreIsDownARecentlyVerifiedTokenStillPassesAndAnUnseenOneIsUnavailable() {
    String ws = newWorkspace();
    ApiTokenStore.IssuedToken seen = tokens.issue(ws, EnumSet.of(Scope.EVENTS_WRITE), null, null);
    ApiTokenStore.IssuedToken unseen = tokens.issue(ws, EnumSet.of(Scope.EVENTS_WRITE), null, null);
    // The same store, reached through a data source the test points at a port where nothing listens.
    DelegatingDataSource switchable = new DelegatingDataSource(jdbc.getDataSource());
    Clocks clocks = new Clocks();
    TokenVerifier verifier = clocks.verifier(new ApiTokenStore(new JdbcTemplate(switchable)));
    assertThat(verifier.verify(seen.token())).isInstanceOf(TokenVerifier.Result.Verified.class);

    switchable.setTargetDataSource(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/leadstream?connectTimeout=2"));
    clocks.advance(Duration.ofSeconds(30));
    assertThat(verifier.verify(seen.token())).isInstanceOf(TokenVerifier.Result.Verified.class);
    assertThat(verifier.verify(unseen.token())).isInstanceOf(TokenVerifier.Result.Unavailable.class);
    clocks.advance(Duration.ofSeconds(31));
    assertThat(verifier.verify(seen.token())).as("no longer than maxStale").isInstanceOf(TokenVerifier.Result.Unavailable.class);
  }
}
