package io.leadstream.sfemu.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorClient.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OAuth answers real orgs give that a server-to-server client must handle: revoked grants (invalid_grant),
 * client_credentials refused on the login host, refresh-token rotation, and the JWT audience rule.
 */
class RealOrgOAuthTest {

  private static final String CALLBACK = "https://app.example/callback";
  private static KeyPair keys;
  private static SalesforceEmulator emulator;
  private static SalesforceEmulator rotating;
  private static SalesforceEmulator strict;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys = gen.generateKeyPair();
    EmulatorConfig base = EmulatorConfig.defaults().withJwtPublicKey(keys.getPublic()).withCallbackUrls(List.of(CALLBACK));
    emulator = SalesforceEmulator.start(base);
    rotating = SalesforceEmulator.start(base.withBehaviours(OrgBehaviours.defaults().withRefreshTokenRotation(true)));
    strict = SalesforceEmulator.start(base.withBehaviours(OrgBehaviours.defaults().withStrictJwtAudience(true)));
  }

  @AfterAll
  static void stop() {
    emulator.close();
    rotating.close();
    strict.close();
  }

  private static EmulatorClient anonymous(String url) {
    return new EmulatorClient(url, null);
  }

  private static Reply token(String url, Map<String, String> form) {
    return anonymous(url).form("/services/oauth2/token", form);
  }

  private static boolean works(SalesforceEmulator on, String accessToken) {
    return anonymous(on.baseUrl()).withToken(accessToken).get(EmulatorClient.V + "/limits").status() == 200;
  }

  /** The web-server flow on {@code url} (My Domain or login host) of {@code on}: access and refresh token. */
  private static JsonNode connect(SalesforceEmulator on, String url) {
    Reply auth = anonymous(url).get("/services/oauth2/authorize?response_type=code&client_id=test-client&redirect_uri="
        + EmulatorClient.enc(CALLBACK));
    String code = URLDecoder.decode(auth.header("Location").orElseThrow().replaceAll(".*code=([^&]+).*", "$1"),
        StandardCharsets.UTF_8);
    return token(url, Map.of("grant_type", "authorization_code", "code", code, "client_id", "test-client",
        "client_secret", "test-secret", "redirect_uri", CALLBACK)).json();
  }

  private static Reply refresh(SalesforceEmulator on, String refreshToken) {
    return token(on.baseUrl(), Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
        "client_id", "test-client", "client_secret", "test-secret"));
  }

  private static Map<String, String> clientCredentials() {
    return Map.of("grant_type", "client_credentials", "client_id", "test-client", "client_secret", "test-secret");
  }

  @Test
  void revokingEveryGrantMakesRefreshesInvalidGrantAndKillsTheirAccessTokens() {
    JsonNode tokens = connect(emulator, emulator.baseUrl());

    anonymous(emulator.adminBaseUrl()).post("/__admin/faults/revoke-refresh-tokens", Map.of());

    Reply r = refresh(emulator, tokens.get("refresh_token").asString());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asString()).isEqualTo("invalid_grant");
    assertThat(r.json().get("error_description").asString()).isEqualTo("expired access/refresh token");
    assertThat(works(emulator, tokens.get("access_token").asString())).isFalse();
  }

  @Test
  void revokingOneRefreshTokenLeavesOtherGrantsAlone() {
    JsonNode revoked = connect(emulator, emulator.baseUrl());
    JsonNode kept = connect(emulator, emulator.baseUrl());

    Reply admin = anonymous(emulator.adminBaseUrl()).post("/__admin/faults/revoke-refresh-tokens",
        Map.of("refresh_token", revoked.get("refresh_token").asString()));

    assertThat(admin.status()).isEqualTo(204);
    assertThat(refresh(emulator, revoked.get("refresh_token").asString()).json().get("error").asString())
        .isEqualTo("invalid_grant");
    assertThat(refresh(emulator, kept.get("refresh_token").asString()).status()).isEqualTo(200);
    assertThat(works(emulator, kept.get("access_token").asString())).isTrue();
  }

  @Test
  void revokingAnUnknownRefreshTokenIs404() {
    assertThat(anonymous(emulator.adminBaseUrl()).post("/__admin/faults/revoke-refresh-tokens",
        Map.of("refresh_token", "5Aepnope")).status()).isEqualTo(404);
  }

  @Test
  void revokingClientCredentialsGrantsLeavesTheirAccessTokensValid() {
    String access = token(emulator.baseUrl(), clientCredentials()).json().get("access_token").asString();

    emulator.admin().revokeRefreshTokens();

    assertThat(works(emulator, access)).isTrue();
  }

  @Test
  void clientCredentialsOnTheLoginHostIsRefusedAsNotSupportedOnThisDomain() {
    Reply r = token(emulator.loginHostUrl(), clientCredentials());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asString()).isEqualTo("invalid_grant");
    assertThat(r.json().get("error_description").asString()).isEqualTo("request not supported on this domain");
  }

  @Test
  void clientCredentialsOnMyDomainIsGranted() {
    assertThat(token(emulator.baseUrl(), clientCredentials()).status()).isEqualTo(200);
  }

  @Test
  void theLoginHostRunsTheWebFlowAndNamesMyDomainAsInstance() {
    JsonNode tokens = connect(emulator, emulator.loginHostUrl());

    assertThat(tokens.get("instance_url").asString()).isEqualTo(emulator.baseUrl());
    assertThat(works(emulator, tokens.get("access_token").asString())).isTrue();
  }

  @Test
  void theLoginHostServesNoRestApi() {
    assertThat(anonymous(emulator.loginHostUrl()).withToken(emulator.accessToken()).get(EmulatorClient.V + "/limits")
        .status()).isEqualTo(404);
  }

  @Test
  void withRotationARefreshReturnsANewRefreshTokenAndTheOldOneDies() {
    String first = connect(rotating, rotating.baseUrl()).get("refresh_token").asString();

    JsonNode refreshed = refresh(rotating, first).json();

    String second = refreshed.get("refresh_token").asString();
    assertThat(second).isNotBlank().isNotEqualTo(first);
    assertThat(works(rotating, refreshed.get("access_token").asString())).isTrue();
    Reply reused = refresh(rotating, first);
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.json().get("error").asString()).isEqualTo("invalid_grant");
    assertThat(refresh(rotating, second).status()).isEqualTo(200);
  }

  @Test
  void withoutRotationTheRefreshTokenStaysAndIsNotReturned() {
    String refreshToken = connect(emulator, emulator.baseUrl()).get("refresh_token").asString();

    assertThat(refresh(emulator, refreshToken).json().has("refresh_token")).isFalse();
    assertThat(refresh(emulator, refreshToken).status()).isEqualTo(200);
  }

  @Test
  void revokingARotatedRefreshTokenEndsTheWholeGrant() {
    JsonNode first = connect(rotating, rotating.baseUrl());
    JsonNode refreshed = refresh(rotating, first.get("refresh_token").asString()).json();

    anonymous(rotating.baseUrl()).form("/services/oauth2/revoke", Map.of("token", refreshed.get("refresh_token").asString()));

    assertThat(works(rotating, first.get("access_token").asString())).isFalse();
    assertThat(works(rotating, refreshed.get("access_token").asString())).isFalse();
  }

  private static String jwt(String aud) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(EmulatorClient.JSON.writeValueAsBytes(Map.of("iss", "test-client",
        "sub", "integration@example.com", "aud", aud, "exp", Instant.now().plusSeconds(180).getEpochSecond())));
    PrivateKey key = keys.getPrivate();
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + b64.encodeToString(s.sign());
  }

  private static Reply jwtGrant(SalesforceEmulator on, String aud) throws Exception {
    return token(on.baseUrl(), Map.of("grant_type", OAuthService.JWT_BEARER, "assertion", jwt(aud)));
  }

  @Test
  void strictJwtAudienceRefusesTheMyDomainUrl() throws Exception {
    Reply r = jwtGrant(strict, strict.baseUrl());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asString()).isEqualTo("invalid_grant");
    assertThat(r.json().get("error_description").asString()).isEqualTo("audience is invalid");
  }

  @Test
  void strictJwtAudienceTakesTheLoginHosts() throws Exception {
    assertThat(jwtGrant(strict, "https://login.salesforce.com").status()).isEqualTo(200);
    assertThat(jwtGrant(strict, "https://test.salesforce.com").status()).isEqualTo(200);
    assertThat(jwtGrant(strict, strict.loginHostUrl()).status()).isEqualTo(200);
  }

  @Test
  void byDefaultTheMyDomainAudienceIsStillAccepted() throws Exception {
    assertThat(jwtGrant(emulator, emulator.baseUrl()).status()).isEqualTo(200);
  }

  @Test
  void jwtBearerResponsesCarryNoRefreshToken() throws Exception {
    assertThat(jwtGrant(strict, strict.loginHostUrl()).json().has("refresh_token")).isFalse();
  }
}
