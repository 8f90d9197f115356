package io.leadstream.sink.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.leaddb.TokenCipher;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sink.SinkTestSupport;
import io.leadstream.sink.leaddb.StoredTokens;
import io.leadstream.testkit.postgres.SharedPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sink's OAuth against orgs that answer as real ones do: rotated refresh tokens, a strict JWT audience. */
class OAuthTokenSourceTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Clock CLOCK = Clock.systemUTC();
  private static final TokenCipher CIPHER = new TokenCipher(SinkTestSupport.TOKEN_KEY);

  private static SalesforceEmulator rotating;
  private static SalesforceEmulator strictAudience;
  private static KeyPair jwtKeys;
  private static String database;

  @BeforeAll
  static void start() throws Exception {
    rotating = SalesforceEmulator.start(EmulatorConfig.defaults().withCallbackUrls(List.of(SinkTestSupport.CALLBACK))
        .withBehaviours(OrgBehaviours.defaults().withRefreshTokenRotation(true)));
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    jwtKeys = gen.generateKeyPair();
    // Accepts only https://login.salesforce.com, https://test.salesforce.com (and its /login host), not itself.
    strictAudience = SalesforceEmulator.start(EmulatorConfig.defaults().withJwtPublicKey(jwtKeys.getPublic())
        .withBehaviours(OrgBehaviours.defaults().withStrictJwtAudience(true)));
    database = "sink_oauth_" + UUID.randomUUID().toString().substring(0, 8);
    Flyway.configure().dataSource(SharedPostgres.get().createDatabase(database)).load().migrate();
  }

  @AfterAll
  static void stop() {
    rotating.close();
    strictAudience.close();
  }

  /** A sink process of its own: its own connection pool, store and token source. */
  private static OAuthTokenSource process(String ws, AtomicInteger tokenRequests) {
    DataSource own = SharedPostgres.get().dataSource(database);
    return new OAuthTokenSource(new OAuthTokenSource.Settings(ws, OAuthGrant.REFRESH_TOKEN, rotating.baseUrl(),
        rotating.clientId(), rotating.clientSecret(), null, null, null, Duration.ofHours(2), "test"),
        HTTP, JSON, new StoredTokens(new ConnectionStore(new JdbcTemplate(own), CIPHER), CLOCK), CLOCK,
        tokenRequests::incrementAndGet);
  }

  private static int limitsStatus(SalesforceEmulator org, AccessToken token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(token.instanceUrl() + "/services/data/v60.0/limits"))
        .header("Authorization", "Bearer " + token.value()).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void twoSinkProcessesRefreshingARotatingGrantTogetherNeverLockTheWorkspaceOut() throws Exception {
    String ws = "rotating-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode connected = SinkTestSupport.webFlowTokens(rotating);
    ConnectionStore store = new ConnectionStore(new JdbcTemplate(SharedPostgres.get().dataSource(database)), CIPHER);
    store.connect(ws, "salesforce", connected.path("instance_url").asString(), connected.path("access_token").asString(),
        connected.path("refresh_token").asString(), Instant.now().plusSeconds(3600));
    AtomicInteger tokenRequests = new AtomicInteger();
    List<OAuthTokenSource> processes = List.of(process(ws, tokenRequests), process(ws, tokenRequests));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    int rounds = 5;
    try {
      for (int round = 0; round < rounds; round++) {
        List<AccessToken> held = List.of(processes.get(0).current(), processes.get(1).current());
        rotating.admin().expireAccessTokens(); // both get a 401 INVALID_SESSION_ID at once
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<AccessToken>> refreshed = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          OAuthTokenSource process = processes.get(i);
          AccessToken stale = held.get(i);
          refreshed.add(threads.submit(() -> {
            together.await();
            return process.refresh(stale);
          }));
        }
        AccessToken first = refreshed.get(0).get();
        assertThat(refreshed.get(1).get().value()).as("round %d: one refresh, used by both", round)
            .isEqualTo(first.value()).isNotEqualTo(held.get(0).value());
        assertThat(limitsStatus(rotating, first)).isEqualTo(200);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(tokenRequests).as("one token request per round, not one per process").hasValue(rounds);
    // The grant is alive: the refresh token the workspace holds now is the one the org accepts.
    String live = store.refreshToken(ws).orElseThrow();
    HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create(rotating.baseUrl()
            + "/services/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + rotating.clientId()
            + "&client_secret=" + rotating.clientSecret() + "&refresh_token="
            + URLEncoder.encode(live, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).as("no invalid_grant").isEqualTo(200);
  }

  private OAuthTokenSource jwt(String audience) {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(jwtKeys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    // The emulator's base URL stands for the org's My Domain: https://acme.my.salesforce.com.
    return new OAuthTokenSource(new OAuthTokenSource.Settings("jwt-ws", OAuthGrant.JWT_BEARER, strictAudience.baseUrl(),
        strictAudience.clientId(), null, "integration@example.com", pem, audience, Duration.ofHours(2), "test"),
        HTTP, JSON, TokenStore.NONE, CLOCK, () -> { });
  }

  @Test
  void aJwtBearerGrantAtAMyDomainNamesTheProductionLoginHostAsAudience() throws Exception {
    AccessToken token = jwt(null).current();

    assertThat(limitsStatus(strictAudience, token)).isEqualTo(200);
  }

  @Test
  void anExplicitJwtAudienceIsSentAsConfigured() {
    // An Experience Cloud site's URL, or here a wrong one: the setting wins over the derived audience.
    assertThatThrownBy(() -> jwt(strictAudience.baseUrl()).current()).isInstanceOfSatisfying(
        SalesforceApiException.class, e -> assertThat(e.errors()).singleElement().satisfies(err -> {
          assertThat(err.code()).isEqualTo("invalid_grant");
          assertThat(err.message()).isEqualTo("audience is invalid");
        }));
  }
}
