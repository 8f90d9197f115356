package io.leadstream.sfemu.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.OrgBehaviours;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorClient.Reply;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * PKCE as orgs check it (a challenged code needs its verifier; an External Client App requires a challenge),
 * and each emulator being an org of its own: its own org id in the token response's identity URL.
 */
class PkceAndOrgIdentityTest {

  private static final String CALLBACK = "https://app.example/callback";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXkdBjftJeZ4CVP";
  private static SalesforceEmulator plain;
  private static SalesforceEmulator externalClientApp;

  @BeforeAll
  static void start() {
    EmulatorConfig base = EmulatorConfig.defaults().withCallbackUrls(List.of(CALLBACK));
    plain = SalesforceEmulator.start(base);
    externalClientApp = SalesforceEmulator.start(base.withBehaviours(OrgBehaviours.defaults().withPkceRequired(true)));
  }

  @AfterAll
  static void stop() {
    plain.close();
    externalClientApp.close();
  }

  @Test
  void aChallengedCodeIsExchangedOnlyWithItsVerifier() throws Exception {
    String challenge = s256(VERIFIER);

    Reply withoutVerifier = exchange(plain, authorize(plain, challenge), null);
    assertThat(withoutVerifier.status()).isEqualTo(400);
    assertThat(withoutVerifier.json().path("error").asString()).isEqualTo("invalid_grant");
    assertThat(withoutVerifier.json().path("error_description").asString()).isEqualTo("invalid code verifier");

    Reply wrongVerifier = exchange(plain, authorize(plain, challenge), VERIFIER.replace('d', 'e'));
    assertThat(wrongVerifier.status()).isEqualTo(400);
    assertThat(wrongVerifier.json().path("error").asString()).isEqualTo("invalid_grant");

    // The challenge itself is no verifier (a client that sends it back has not understood S256).
    assertThat(exchange(plain, authorize(plain, challenge), challenge).status()).isEqualTo(400);

    String code = authorize(plain, challenge);
    Reply right = exchange(plain, code, VERIFIER);
    assertThat(right.status()).as(right.text()).isEqualTo(200);
    assertThat(right.json().path("refresh_token").asString()).isNotBlank();
    assertThat(exchange(plain, code, VERIFIER).status()).as("still single use").isEqualTo(400);

    assertThat(exchange(plain, authorize(plain, null), null).status())
        .as("an app that does not require PKCE still takes a code without a challenge").isEqualTo(200);
  }

  @Test
  void anExternalClientAppRefusesAnAuthorizeRequestWithoutAChallenge() throws Exception {
    Reply refused = new EmulatorClient(externalClientApp.baseUrl(), null).get("/services/oauth2/authorize?"
        + "response_type=code&client_id=test-client&state=st&redirect_uri=" + EmulatorClient.enc(CALLBACK));
    assertThat(refused.status()).isEqualTo(302);
    String query = URI.create(refused.header("Location").orElseThrow()).getQuery();
    assertThat(query).contains("error=invalid_request").contains("error_description=missing required code challenge")
        .contains("state=st").doesNotContain("code=");

    Reply connected = exchange(externalClientApp, authorize(externalClientApp, s256(VERIFIER)), VERIFIER);
    assertThat(connected.status()).as(connected.text()).isEqualTo(200);
  }

  @Test
  void eachEmulatorIsAnOrgOfItsOwnInTheIdentityUrlAndInItsRecordIds() throws Exception {
    JsonNode a = exchange(plain, authorize(plain, null), null).json();
    JsonNode b = exchange(externalClientApp, authorize(externalClientApp, s256(VERIFIER)), VERIFIER).json();
    // https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm: id is the
    // identity URL, https://<host>/id/<org id>/<user id>.
    String orgA = orgOf(a.path("id").asString());
    String orgB = orgOf(b.path("id").asString());
    assertThat(orgA).startsWith("00D").hasSize(18).isEqualTo(plain.admin().orgId());
    assertThat(orgB).startsWith("00D").hasSize(18).isNotEqualTo(orgA);
    assertThat(a.path("id").asString()).matches(".*/id/00D\\w{15}/005\\w{15}");
    assertThat(a.path("access_token").asString()).startsWith(orgA.substring(0, 15) + "!");

    String leadA = plain.seed("Lead", Map.of("LastName", "A", "Company", "A"));
    String leadB = externalClientApp.seed("Lead", Map.of("LastName", "B", "Company", "B"));
    assertThat(leadA).isNotEqualTo(leadB);
  }

  private static String orgOf(String identityUrl) {
    String[] parts = URI.create(identityUrl).getPath().split("/");
    return parts[parts.length - 2];
  }

  /** The authorize step; the code off the redirect. */
  private static String authorize(SalesforceEmulator on, String challenge) {
    String url = "/services/oauth2/authorize?response_type=code&client_id=test-client&redirect_uri="
        + EmulatorClient.enc(CALLBACK) + (challenge == null ? "" : "&code_challenge=" + challenge
        + "&code_challenge_method=S256");
    Reply auth = new EmulatorClient(on.baseUrl(), null).get(url);
    assertThat(auth.status()).isEqualTo(302);
    String location = auth.header("Location").orElseThrow();
    assertThat(location).contains("code=");
    return URLDecoder.decode(location.replaceAll(".*code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
  }

  private static Reply exchange(SalesforceEmulator on, String code, String verifier) {
    Map<String, String> form = new HashMap<>(Map.of("grant_type", "authorization_code", "code", code,
        "client_id", "test-client", "client_secret", "test-secret", "redirect_uri", CALLBACK));
    if (verifier != null) {
      form.put("code_verifier", verifier);
    }
    return new EmulatorClient(on.baseUrl(), null).form("/services/oauth2/token", form);
  }

  private static String s256(String verifier) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }
}
