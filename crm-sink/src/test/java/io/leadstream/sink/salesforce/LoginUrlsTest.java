package io.leadstream.sink.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** What a login URL says about its org: the JWT audience Salesforce accepts, whether it is a generic login host. */
class LoginUrlsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PEM = pem();

  private static String pem() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder().encodeToString(gen.generateKeyPair().getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code aud} of the assertion the sink signs for this login URL and audience setting. */
  private static String audienceSent(String loginUrl, String audienceSetting) throws Exception {
    OAuthTokenSource source = new OAuthTokenSource(new OAuthTokenSource.Settings("ws", OAuthGrant.JWT_BEARER, loginUrl,
        "client", null, "integration@example.com", PEM, audienceSetting, Duration.ofHours(2), "test"),
        HttpClient.newHttpClient(), JSON, TokenStore.NONE, Clock.systemUTC(), () -> { });
    String payload = source.jwtAssertion().split("\\.")[1];
    return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).path("aud")
        .asString();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "https://login.salesforce.com,                        https://login.salesforce.com",
      "https://acme.my.salesforce.com,                      https://login.salesforce.com",
      "https://acme.my.salesforce.com/,                     https://login.salesforce.com",
      "https://acme-dev-ed.develop.my.salesforce.com,       https://login.salesforce.com",
      "https://test.salesforce.com,                         https://test.salesforce.com",
      "HTTPS://TEST.SALESFORCE.COM/,                        https://test.salesforce.com",
      "https://acme--uat.sandbox.my.salesforce.com,         https://test.salesforce.com",
      "https://acme--uat.my.salesforce.com,                 https://test.salesforce.com",
      "https://acme.scratch.my.salesforce.com,              https://test.salesforce.com",
      "http://127.0.0.1:8787,                               https://login.salesforce.com"})
  void theJwtAudienceFollowsTheLoginUrlsEnvironmentNeverTheMyDomainItself(String loginUrl, String audience)
      throws Exception {
    assertThat(audienceSent(loginUrl, null)).isEqualTo(audience);
    assertThat(audienceSent(loginUrl, " ")).as("a blank setting is no setting").isEqualTo(audience);
  }

  @Test
  void anExplicitAudienceWins() throws Exception {
    assertThat(audienceSent("https://acme.my.salesforce.com", "https://acme.my.site.com/customers"))
        .isEqualTo("https://acme.my.site.com/customers");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://login.salesforce.com", "https://login.salesforce.com/", "https://LOGIN.Salesforce.com",
      "https://test.salesforce.com", "https://test.salesforce.com/", " https://Test.Salesforce.COM/ ",
      "login.salesforce.com"})
  void loginAndTestAreGenericLoginHosts(String url) {
    assertThat(LoginUrls.isGenericLoginHost(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://acme.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com",
      "https://login.salesforce.com.evil.example", "http://127.0.0.1:8787/login", ""})
  void myDomainsAndOtherHostsAreNot(String url) {
    assertThat(LoginUrls.isGenericLoginHost(url)).isFalse();
  }
}
