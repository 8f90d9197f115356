package io.leadstream.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.leaddb.access.ApiTokenStore;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.leaddb.access.TokenVerifier;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.testkit.postgres.WithPostgres;
import java.util.EnumSet;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Who a request comes from, decided on the normalized path (SPEC §14). */
@WithPostgres
class AuthenticatorTest {
  private static final String OPERATOR_KEY = "operator-key-of-this-test-0123456789";
  static Authenticator authenticator;
  static String token;

  @BeforeAll
  static void setUp(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).load().migrate();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    new WorkspaceStore(jdbc).create("acme", "Acme");
    ApiTokenStore tokens = new ApiTokenStore(jdbc);
    token = tokens.issue("acme", EnumSet.of(Scope.LEADS_READ), null, null).token();
    authenticator = new Authenticator(new AccessPolicy(List.of("/v3/api-docs"), "/admin"),
        TokenVerifier.withDefaults(tokens), OperatorKey.of(OPERATOR_KEY));
  }

  @Test
  void aValidTokenIsTheCallerOfItsWorkspace() {
    assertThat(authenticator.decide("/api/v1/crm/leads/x", "", "Bearer " + token))
        .isInstanceOfSatisfying(Authenticator.Decision.Allowed.class,
            a -> assertThat(a.caller()).hasValueSatisfying(c -> assertThat(c.workspaceId()).isEqualTo("acme")));
  }

  @Test
  void everyNonPublicPathNeedsAToken() {
    for (String path : List.of("/api/v1/crm/leads/x", "/state/leads/x", "/anything", "/%61pi/v1/crm/events")) {
      assertThat(authenticator.decide(path, "", null)).as(path)
          .isInstanceOfSatisfying(Authenticator.Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
    }
  }

  @Test
  void ambiguousPathsAreRefusedWhateverTheCredential() {
    for (String path : List.of("/api;a=b/v1/crm/leads/x", "/api/v1/../v1/crm/leads/x", "/v3/api-docs;x=1")) {
      assertThat(authenticator.decide(path, "", "Bearer " + token)).as(path)
          .isInstanceOfSatisfying(Authenticator.Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(400));
    }
  }

  @Test
  void publicPathsNeedNothing() {
    assertThat(authenticator.decide("/v3/api-docs", "", null))
        .isInstanceOfSatisfying(Authenticator.Decision.Allowed.class, a -> assertThat(a.caller()).isEmpty());
  }

  @Test
  void theAdminApiTakesTheOperatorKeyAndNoToken() {
    assertThat(authenticator.decide("/admin/v1/workspaces", "", "Bearer " + OPERATOR_KEY))
        .isInstanceOfSatisfying(Authenticator.Decision.Allowed.class,
            a -> assertThat(a.caller()).hasValueSatisfying(c -> assertThat(c.operator()).isTrue()));
    assertThat(authenticator.decide("/admin/v1/workspaces", "", "Bearer " + token))
        .isInstanceOfSatisfying(Authenticator.Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
    assertThat(authenticator.decide("/api/v1/crm/leads/x", "", "Bearer " + OPERATOR_KEY))
        .isInstanceOfSatisfying(Authenticator.Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
  }

  @Test
  void withoutAConfiguredOperatorKeyTheAdminApiIsClosed() {
    Authenticator noKey = new Authenticator(new AccessPolicy(List.of(), "/admin"), null, null);
    assertThat(noKey.decide("/admin/v1/workspaces", "", "Bearer anything"))
        .isInstanceOfSatisfying(Authenticator.Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
  }
}
