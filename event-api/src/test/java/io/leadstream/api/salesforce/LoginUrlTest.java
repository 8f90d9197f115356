package io.leadstream.api.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which login URLs a workspace may use, and the environment each one is. */
class LoginUrlTest {

  @Test
  void eachKindOfLoginHostIsNamedByItsEnvironment() {
    assertThat(LoginUrl.environment("https://login.salesforce.com")).isEqualTo("production");
    assertThat(LoginUrl.environment("https://test.salesforce.com")).isEqualTo("sandbox");
    assertThat(LoginUrl.environment("https://acme--uat.sandbox.my.salesforce.com")).isEqualTo("sandbox");
    assertThat(LoginUrl.environment("https://acme--uat.my.salesforce.com")).as("sandbox without enhanced domains")
        .isEqualTo("sandbox");
    assertThat(LoginUrl.environment("https://acme.my.salesforce.com")).isEqualTo("my-domain");
    assertThat(LoginUrl.environment("http://127.0.0.1:8787")).isEqualTo("local");
    assertThat(LoginUrl.environment("https://sso.example.com")).isEqualTo("other");
  }

  @Test
  void onlyAnHttpsOriginOrALoopbackEmulatorIsALoginUrl() {
    assertThat(LoginUrl.normalize("https://acme.my.salesforce.com/")).contains("https://acme.my.salesforce.com");
    assertThat(LoginUrl.normalize("http://localhost:8787")).contains("http://localhost:8787");
    assertThat(LoginUrl.normalize("http://login.salesforce.com")).isEmpty();
    assertThat(LoginUrl.normalize("https://login.salesforce.com/services/oauth2")).isEmpty();
    assertThat(LoginUrl.normalize("https://login.salesforce.com?x=1")).isEmpty();
    assertThat(LoginUrl.normalize("https://user@login.salesforce.com")).isEmpty();
    assertThat(LoginUrl.normalize("login.salesforce.com")).isEmpty();
    assertThat(LoginUrl.normalize(null)).isEmpty();
  }
}
