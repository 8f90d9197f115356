package io.leadstream.leaddb;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.testkit.postgres.WithPostgres;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** A grant names its org: how a reconnect tells another org from the same one, also without a stored org. */
@WithPostgres
class ConnectionOrgsTest {
  private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final String ORG_A = "00D8d0000001AAAEAA";
  private static final String ORG_B = "00D8d0000002BBBEAA";

  static JdbcTemplate jdbc;
  static ConnectionStore connections;

  @BeforeAll
  static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = new JdbcTemplate(dataSource);
    connections = new ConnectionStore(jdbc, new TokenCipher(KEY));
  }

  @Test
  void theGrantsLoginUrlOrgAndUserAreStoredBesideItsTokens() {
    ConnectionStore.Connected first = connections.connect(grant("ws-stored", "https://acme--uat.sandbox.my.salesforce.com",
        ORG_A));
    assertThat(first.orgChanged()).isFalse();
    assertThat(connections.connection("ws-stored")).hasValueSatisfying(c -> {
      assertThat(c.loginUrl()).isEqualTo("https://acme--uat.sandbox.my.salesforce.com");
      assertThat(c.orgId()).isEqualTo(ORG_A);
      assertThat(c.userId()).isEqualTo("0058d0000001AdMAAU");
    });
    assertThat(grant("ws-stored", "https://x", ORG_A).toString()).doesNotContain("secret");
  }

  @Test
  void linksOutliveADisconnectAndStillTellAnotherOrgOnReconnect() {
    connections.connect(grant("ws-gone", "https://login.salesforce.com", ORG_A));
    link("ws-gone", "lead-1", ORG_A);
    connections.delete("ws-gone"); // disconnect: the connection and its org are gone, the links stay

    ConnectionStore.Connected back = connections.connect(grant("ws-gone", "https://login.salesforce.com", ORG_B));
    assertThat(back.orgChanged()).isTrue();
    assertThat(back.previousOrgId()).isEqualTo(ORG_A);
    assertThat(back.linksCleared()).isEqualTo(1);
  }

  @Test
  void aGrantStoredBeforeOrgIdsWereIsComparedByItsInstance() {
    jdbc.update("INSERT INTO crm_connections (workspace_id, instance_url) VALUES ('ws-old', 'https://na1.example')");
    link("ws-old", "lead-1", null);
    assertThat(connections.connect(grant("ws-old", "https://login.salesforce.com", ORG_A)).orgChanged())
        .as("same instance: presumably the same org").isFalse();
    assertThat(count("ws-old")).isEqualTo(1);

    jdbc.update("UPDATE crm_connections SET org_id = NULL, instance_url = 'https://na9.example'"
        + " WHERE workspace_id = 'ws-old'");
    assertThat(connections.connect(grant("ws-old", "https://login.salesforce.com", ORG_A)).orgChanged())
        .as("another instance and no org known: another org").isTrue();
    assertThat(count("ws-old")).isZero();
  }

  @Test
  void aLinkAnotherOrgsGrantSavedMeanwhileGoesEvenOnAReconnectToTheSameOrg() {
    connections.connect(grant("ws-race", "https://login.salesforce.com", ORG_B));
    link("ws-race", "lead-1", ORG_B);
    link("ws-race", "lead-2", ORG_A); // saved by a sink still using the workspace's previous grant
    ConnectionStore.Connected again = connections.connect(grant("ws-race", "https://login.salesforce.com", ORG_B));
    assertThat(again.orgChanged()).isFalse();
    assertThat(jdbc.queryForList("SELECT lead_id FROM crm_links WHERE workspace_id = 'ws-race'", String.class))
        .containsExactly("lead-1");
  }

  @Test
  void aReconnectToAnotherOrgClearsOnlyThatWorkspacesMatchState() {
    // Two workspaces of one customer in the same sandbox org; only "ws-moving" is reconnected to production.
    connections.connect(grant("ws-moving", "https://test.salesforce.com", ORG_A));
    connections.connect(grant("ws-staying", "https://test.salesforce.com", ORG_A));
    link("ws-moving", "lead-1", ORG_A);
    link("ws-staying", "lead-1", ORG_A);
    link("ws-staying", "lead-2", null);
    jdbc.update("INSERT INTO call_activities (workspace_id, call_id, lead_id, stage, revision, occurred_at,"
        + " salesforce_task_id) VALUES ('ws-staying', 'call-1', 'lead-1', 'COMPLETED', 1, now(), '00T8d0000000001AAA')");

    ConnectionStore.Connected moved = connections.connect(grant("ws-moving", "https://login.salesforce.com", ORG_B));

    assertThat(moved.orgChanged()).isTrue();
    assertThat(moved.linksCleared()).isEqualTo(1);
    assertThat(count("ws-moving")).isZero();
    assertThat(count("ws-staying")).as("another workspace's links, same old org").isEqualTo(2);
    assertThat(jdbc.queryForObject("SELECT salesforce_task_id FROM call_activities WHERE workspace_id = 'ws-staying'",
        String.class)).isEqualTo("00T8d0000000001AAA");
    assertThat(connections.connection("ws-staying")).hasValueSatisfying(c -> assertThat(c.orgId()).isEqualTo(ORG_A));
  }

  private static ConnectionStore.WebFlowGrant grant(String ws, String loginUrl, String org) {
    return new ConnectionStore.WebFlowGrant(ws, "salesforce", "https://na1.example", loginUrl, org,
        "0058d0000001AdMAAU", "access-secret", "refresh-secret", Instant.now().plusSeconds(3600));
  }

  private static void link(String ws, String lead, String org) {
    jdbc.update("INSERT INTO crm_links (workspace_id, lead_id, salesforce_object, salesforce_id, matched_by, org_id)"
        + " VALUES (?, ?, 'Contact', '0038d0000000001AAA', 'EMAIL_CONTACT', ?)", ws, lead, org);
  }

  private static int count(String ws) {
    return jdbc.queryForObject("SELECT count(*) FROM crm_links WHERE workspace_id = ?", Integer.class, ws);
  }
}
