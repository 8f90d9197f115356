package io.leadstream.sink.workspace;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.sink.SinkProperties;
import io.leadstream.sink.salesforce.OAuthGrant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Start-up refuses what Salesforce would refuse at every token request, naming the property to fix. */
class ConfiguredWorkspacesTest {

  private static SinkProperties workspace(OAuthGrant grant, String loginUrl) {
    SinkProperties props = new SinkProperties();
    SinkProperties.Workspace ws = new SinkProperties.Workspace();
    ws.setGrant(grant);
    ws.setLoginUrl(loginUrl);
    ws.setClientId("client");
    props.getWorkspaces().put("acme", ws);
    return props;
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://login.salesforce.com", "https://login.salesforce.com/", "https://LOGIN.salesforce.com",
      "https://test.salesforce.com", "https://Test.Salesforce.com/"})
  void clientCredentialsOnALoginHostStopsTheStartNamingTheProperty(String loginUrl) {
    assertThatThrownBy(() -> WorkspaceConnections.checkConfigured(workspace(OAuthGrant.CLIENT_CREDENTIALS, loginUrl)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("leadstream.sink.workspaces.acme.login-url")
        .hasMessageContaining("My Domain");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://acme.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com"})
  void clientCredentialsOnAMyDomainStarts(String loginUrl) {
    assertThatCode(() -> WorkspaceConnections.checkConfigured(workspace(OAuthGrant.CLIENT_CREDENTIALS, loginUrl)))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://login.salesforce.com", "https://test.salesforce.com"})
  void jwtBearerOnALoginHostStarts(String loginUrl) {
    assertThatCode(() -> WorkspaceConnections.checkConfigured(workspace(OAuthGrant.JWT_BEARER, loginUrl)))
        .doesNotThrowAnyException();
  }
}
