package io.leadstream.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private final AccessPolicy policy = new AccessPolicy(List.of("/v3/api-docs", "/v3/api-docs/**",
      "/api/salesforce/oauth/callback"), "/admin");

  @Test
  void exactPublicPathsAndPrefixesArePublic() {
    assertThat(policy.isPublic("/v3/api-docs")).isTrue();
    assertThat(policy.isPublic("/v3/api-docs/swagger-config")).isTrue();
    assertThat(policy.isPublic("/api/salesforce/oauth/callback")).isTrue();
  }

  @Test
  void aPathOnlySharingAPrefixOfAPublicPathIsNotPublic() {
    assertThat(policy.isPublic("/v3/api-docsx")).isFalse();
    assertThat(policy.isPublic("/api/salesforce/oauth/callbackx")).isFalse();
    assertThat(policy.isPublic("/api/salesforce/oauth/callback/x")).isFalse();
  }

  @Test
  void theOperatorPrefixCoversTheAdminApiOnly() {
    assertThat(policy.isOperatorPath("/admin")).isTrue();
    assertThat(policy.isOperatorPath("/admin/v1/workspaces")).isTrue();
    assertThat(policy.isOperatorPath("/administrator")).isFalse();
    assertThat(AccessPolicy.tokensOnly().isOperatorPath("/admin/v1/workspaces")).isFalse();
  }
}
