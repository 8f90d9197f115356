package io.leadstream.leaddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.leaddb.ConnectionStore.RefreshedToken;
import io.leadstream.leaddb.ConnectionStore.StoredAccessToken;
import io.leadstream.leaddb.ConnectionStore.TokenEndpoint;
import io.leadstream.testkit.postgres.JdbcUrl;
import io.leadstream.testkit.postgres.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** One refresher at a time per workspace, the rotated refresh token stored with the access token (real PostgreSQL). */
@WithPostgres
class RefreshUnderLockTest {
  private static final TokenCipher CIPHER = new TokenCipher("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
  private static final String INSTANCE = "https://acme.my.salesforce.com";

  static DataSource dataSource;
  static String url;
  static JdbcTemplate jdbc;
  static ConnectionStore store;

  /** The org's answer to invalid_grant: a checked exception, as event-api's client throws. */
  static final class InvalidGrant extends Exception {
    InvalidGrant() {
      super("invalid_grant");
    }
  }

  @BeforeAll
  static void migrate(DataSource ds, @JdbcUrl String jdbcUrl) {
    Flyway.configure().dataSource(ds).load().migrate();
    dataSource = ds;
    url = jdbcUrl;
    jdbc = new JdbcTemplate(ds);
    store = new ConnectionStore(jdbc, CIPHER);
  }

  private static Instant now() {
    return Instant.now();
  }

  @Test
  void aRotatedRefreshTokenIsStoredWithTheNewAccessToken() throws Exception {
    store.connect("ws-rotate", "salesforce", INSTANCE, "access-1", "refresh-1", now().minusSeconds(1));
    List<String> sent = new ArrayList<>();

    Optional<StoredAccessToken> token = store.refreshUnderLock("ws-rotate", "access-1", now(), refreshToken -> {
      sent.add(refreshToken);
      return new RefreshedToken("access-2", INSTANCE, now().plusSeconds(3600), "refresh-2");
    });

    assertThat(sent).containsExactly("refresh-1");
    assertThat(token).map(StoredAccessToken::value).contains("access-2");
    assertThat(store.refreshToken("ws-rotate")).contains("refresh-2");
    assertThat(store.accessToken("ws-rotate")).map(StoredAccessToken::value).contains("access-2");
  }

  @Test
  void withoutRotationTheStoredRefreshTokenStays() throws Exception {
    store.connect("ws-keep", "salesforce", INSTANCE, "access-1", "refresh-1", now().minusSeconds(1));

    store.refreshUnderLock("ws-keep", "access-1", now(),
        refreshToken -> new RefreshedToken("access-2", INSTANCE, now().plusSeconds(3600), null));

    assertThat(store.refreshToken("ws-keep")).contains("refresh-1");
    assertThat(store.accessToken("ws-keep")).map(StoredAccessToken::value).contains("access-2");
  }

  @Test
  void aTokenAPeerStoredMeanwhileIsTakenWithoutCallingTheOrg() throws Exception {
    store.connect("ws-peer", "salesforce", INSTANCE, "peer-access", "refresh-1", now().plusSeconds(3600));

    Optional<StoredAccessToken> token = store.refreshUnderLock("ws-peer", "my-stale-access", now(), refreshToken -> {
      throw new AssertionError("the org must not be called: a peer refreshed already");
    });

    assertThat(token).map(StoredAccessToken::value).contains("peer-access");
  }

  @Test
  void theStoredTokenTheCallerSawRejectedIsRefreshedEvenBeforeItsExpiry() throws Exception {
    store.connect("ws-401", "salesforce", INSTANCE, "rejected", "refresh-1", now().plusSeconds(3600));
    AtomicInteger calls = new AtomicInteger();

    Optional<StoredAccessToken> token = store.refreshUnderLock("ws-401", "rejected", now(), refreshToken -> {
      calls.incrementAndGet();
      return new RefreshedToken("accepted", INSTANCE, now().plusSeconds(3600), null);
    });

    assertThat(calls).hasValue(1);
    assertThat(token).map(StoredAccessToken::value).contains("accepted");
  }

  @Test
  void whenTheOrgRefusesTheRefreshNothingStoredChanges() {
    store.connect("ws-refused", "salesforce", INSTANCE, "access-1", "refresh-1", now().minusSeconds(1));
    InvalidGrant refused = new InvalidGrant();

    assertThatThrownBy(() -> store.refreshUnderLock("ws-refused", "access-1", now(), refreshToken -> {
      throw refused;
    })).isSameAs(refused);

    assertThat(store.refreshToken("ws-refused")).contains("refresh-1");
    assertThat(store.accessToken("ws-refused")).map(StoredAccessToken::value).contains("access-1");
  }

  @Test
  void aWorkspaceWithoutARefreshTokenHasNothingToRefresh() throws Exception {
    store.saveAccessToken("ws-server", new StoredAccessToken("cc-access", INSTANCE, now().minusSeconds(1)));

    assertThat(store.refreshUnderLock("nobody", null, now(), refreshToken -> {
      throw new AssertionError("no refresh token, no call");
    })).isEmpty();
    assertThat(store.refreshUnderLock("ws-server", "cc-access", now(), refreshToken -> {
      throw new AssertionError("no refresh token, no call");
    })).isEmpty();
  }

  @Test
  void aStuckPeerHoldingTheLockMakesTheWaitEndAtTheLockTimeout() throws Exception {
    store.connect("ws-stuck", "salesforce", INSTANCE, "access-1", "refresh-1", now().minusSeconds(1));
    try (Connection peer = dataSource.getConnection()) {
      peer.setAutoCommit(false);
      try (PreparedStatement lock = peer.prepareStatement(
          "SELECT 1 FROM crm_connections WHERE workspace_id = 'ws-stuck' FOR UPDATE")) {
        lock.executeQuery().close();
      }
      long started = System.nanoTime();

      assertThatThrownBy(() -> store.refreshUnderLock("ws-stuck", "access-1", now(), Duration.ofMillis(300),
          refreshToken -> {
            throw new AssertionError("the org must not be called without the lock");
          })).isInstanceOf(PessimisticLockingFailureException.class);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      peer.rollback();
    }
    assertThat(store.refreshToken("ws-stuck")).contains("refresh-1");
  }

  /**
   * Two processes (their own pools, their own stores) find the same token stale at once, round after round,
   * against an org that rotates refresh tokens: it is called once per round and never sees a dead token.
   */
  @Test
  void twoProcessesRefreshingAtOnceCallTheRotatingOrgOncePerRound() throws Exception {
    store.connect("ws-race", "salesforce", INSTANCE, "access-0", "refresh-0", now().minusSeconds(1));
    AtomicReference<String> live = new AtomicReference<>("refresh-0");
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger invalidGrants = new AtomicInteger();
    TokenEndpoint<InvalidGrant> rotatingOrg = refreshToken -> {
      int n = calls.incrementAndGet();
      sleep(150); // a real round trip: the peer arrives while this one holds the lock
      synchronized (live) {
        if (!live.get().equals(refreshToken)) {
          invalidGrants.incrementAndGet();
          throw new InvalidGrant();
        }
        live.set("refresh-" + n); // rotation: the token just used dies
      }
      return new RefreshedToken("access-" + n, INSTANCE, now().plusSeconds(3600), "refresh-" + n);
    };
    List<ConnectionStore> processes = List.of(
        new ConnectionStore(new JdbcTemplate(new DriverManagerDataSource(url)), CIPHER),
        new ConnectionStore(new JdbcTemplate(new DriverManagerDataSource(url)), CIPHER));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 4; round++) {
        String stale = store.accessToken("ws-race").orElseThrow().value();
        jdbc.update("UPDATE crm_connections SET expires_at = now() - interval '1 second' WHERE workspace_id = 'ws-race'");
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<String>> results = new ArrayList<>();
        for (ConnectionStore process : processes) {
          results.add(pool.submit(() -> {
            together.await();
            return process.refreshUnderLock("ws-race", stale, now(), rotatingOrg).orElseThrow().value();
          }));
        }
        assertThat(results.get(0).get()).as("round %d: both processes use one new token", round)
            .isEqualTo(results.get(1).get()).isNotEqualTo(stale);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(invalidGrants).hasValue(0);
    assertThat(calls).as("one refresh per round").hasValue(4);
    assertThat(store.refreshToken("ws-race")).contains(live.get());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
