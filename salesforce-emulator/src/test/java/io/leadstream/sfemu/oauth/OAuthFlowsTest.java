package io.leadstream.sfemu.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorClient.Reply;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OAuthFlowsTest {

  private static KeyPair keys;
  private static SalesforceEmulator emulator;
  private static EmulatorClient anonymous;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys = gen.generateKeyPair();
    emulator = SalesforceEmulator.start(EmulatorConfig.defaults().withJwtPublicKey(keys.getPublic())
        .withCallbackUrls(java.util.List.of("https://app.example/callback")));
    anonymous = new EmulatorClient(emulator.baseUrl(), null);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static Reply token(Map<String, String> form) {
    return anonymous.form("/services/oauth2/token", form);
  }

  private static boolean works(String accessToken) {
    return anonymous.withToken(accessToken).get(EmulatorClient.V + "/limits").status() == 200;
  }

  @Test
  void clientCredentialsIssuesATokenShapedLikeSalesforces() {
    Reply r = token(Map.of("grant_type", "client_credentials", "client_id", "test-client", "client_secret", "test-secret"));
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.propertyNames()).contains("access_token", "instance_url", "id", "token_type", "issued_at", "signature")
        .doesNotContain("refresh_token");
    assertThat(body.get("instance_url").asString()).isEqualTo(emulator.baseUrl());
    assertThat(body.get("id").asString()).matches(".*/id/00D\\w{15}/005\\w{15}");
    assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
    assertThat(works(body.get("access_token").asString())).isTrue();
  }

  @Test
  void wrongClientIdOrSecretAreOAuthErrors() {
    Reply badId = token(Map.of("grant_type", "client_credentials", "client_id", "nope", "client_secret", "test-secret"));
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.json().get("error").asString()).isEqualTo("invalid_client_id");
    Reply badSecret = token(Map.of("grant_type", "client_credentials", "client_id", "test-client", "client_secret", "x"));
    assertThat(badSecret.json().get("error").asString()).isEqualTo("invalid_client");
    assertThat(badSecret.json().get("error_description").asString()).isEqualTo("invalid client credentials");
    assertThat(token(Map.of("grant_type", "password")).json().get("error").asString()).isEqualTo("unsupported_grant_type");
  }

  @Test
  void webFlowRedirectsWithCodeAndStateAndTheCodeBuysAccessAndRefreshTokens() {
    Reply auth = anonymous.get("/services/oauth2/authorize?response_type=code&client_id=test-client&state=s%201"
        + "&redirect_uri=" + EmulatorClient.enc("https://app.example/callback"));
    assertThat(auth.status()).isEqualTo(302);
    URI location = URI.create(auth.header("Location").orElseThrow());
    assertThat(location.getHost()).isEqualTo("app.example");
    assertThat(location.getQuery()).contains("state=s 1");
    String code = location.getQuery().replaceAll(".*code=([^&]+).*", "$1");

    Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", code, "client_id", "test-client",
        "client_secret", "test-secret", "redirect_uri", "https://app.example/callback");
    JsonNode tokens = token(exchange).json();
    assertThat(tokens.get("refresh_token").asString()).isNotBlank();
    assertThat(works(tokens.get("access_token").asString())).isTrue();
    assertThat(token(exchange).json().get("error").asString()).as("codes are single use").isEqualTo("invalid_grant");

    JsonNode refreshed = token(Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asString(),
        "client_id", "test-client", "client_secret", "test-secret")).json();
    assertThat(refreshed.has("refresh_token")).isFalse();
    assertThat(works(refreshed.get("access_token").asString())).isTrue();
  }

  @Test
  void authorizeRejectsUnknownClientsAndCallbacks() {
    assertThat(anonymous.get("/services/oauth2/authorize?response_type=code&client_id=test-client&redirect_uri="
        + EmulatorClient.enc("https://evil.example/cb")).json().get("error").asString()).isEqualTo("redirect_uri_mismatch");
    assertThat(anonymous.get("/services/oauth2/authorize?response_type=code&client_id=x&redirect_uri="
        + EmulatorClient.enc("https://app.example/callback")).json().get("error").asString()).isEqualTo("invalid_client_id");
  }

  @Test
  void revokingARefreshTokenRevokesItsAccessTokens() {
    Reply auth = anonymous.get("/services/oauth2/authorize?response_type=code&client_id=test-client&redirect_uri="
        + EmulatorClient.enc("https://app.example/callback"));
    String code = auth.header("Location").orElseThrow().replaceAll(".*code=([^&]+).*", "$1");
    JsonNode tokens = token(Map.of("grant_type", "authorization_code", "code", java.net.URLDecoder.decode(code, StandardCharsets.UTF_8),
        "client_id", "test-client", "client_secret", "test-secret", "redirect_uri", "https://app.example/callback")).json();
    assertThat(anonymous.form("/services/oauth2/revoke", Map.of("token", tokens.get("refresh_token").asString())).status()).isEqualTo(200);
    assertThat(works(tokens.get("access_token").asString())).isFalse();
    assertThat(token(Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asString(),
        "client_id", "test-client")).json().get("error_description").asString()).isEqualTo("expired access/refresh token");
    assertThat(anonymous.form("/services/oauth2/revoke", Map.of("token", "unknown")).status()).isEqualTo(400);
  }

  private static String jwt(Map<String, Object> claims, java.security.PrivateKey key) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(EmulatorClient.JSON.writeValueAsBytes(claims));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + b64.encodeToString(s.sign());
  }

  private static Map<String, Object> claims(String aud, long exp) {
    return Map.of("iss", "test-client", "sub", "integration@example.com", "aud", aud, "exp", exp);
  }

  private static Reply jwtGrant(String assertion) {
    return token(Map.of("grant_type", OAuthService.JWT_BEARER, "assertion", assertion));
  }

  @Test
  void jwtBearerWithAValidSignatureGetsAToken() throws Exception {
    Reply r = jwtGrant(jwt(claims("https://login.salesforce.com", Instant.now().plusSeconds(180).getEpochSecond()), keys.getPrivate()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().has("refresh_token")).isFalse();
    assertThat(works(r.json().get("access_token").asString())).isTrue();
  }

  @Test
  void jwtBearerRejectsForeignSignaturesWrongAudienceAndExpiry() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    long exp = Instant.now().plusSeconds(180).getEpochSecond();
    assertThat(jwtGrant(jwt(claims(emulator.baseUrl(), exp), gen.generateKeyPair().getPrivate())).json()
        .get("error_description").asString()).isEqualTo("invalid assertion");
    assertThat(jwtGrant(jwt(claims("https://elsewhere.example", exp), keys.getPrivate())).json()
        .get("error_description").asString()).isEqualTo("audience is invalid");
    Reply expired = jwtGrant(jwt(claims(emulator.baseUrl(), Instant.now().minusSeconds(60).getEpochSecond()), keys.getPrivate()));
    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.json().get("error").asString()).isEqualTo("invalid_grant");
    assertThat(expired.json().get("error_description").asString()).isEqualTo("expired authorization code");
  }

  @Test
  void accessTokensExpireAfterTheConfiguredTtl() {
    try (SalesforceEmulator shortLived = SalesforceEmulator.start(EmulatorConfig.defaults().withAccessTokenTtl(Duration.ZERO))) {
      Reply r = new EmulatorClient(shortLived.baseUrl(), shortLived.accessToken()).get(EmulatorClient.V + "/limits");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.errorCode()).isEqualTo("INVALID_SESSION_ID");
    }
  }
}
