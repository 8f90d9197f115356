package io.leadstream.leaddb;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.testkit.postgres.WithPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The shared migrations on a real PostgreSQL, and what event-api and crm-sink read and write there. */
@WithPostgres
class LeadDatabaseTest {
  private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  static JdbcTemplate jdbc;
  static ConnectionStore connections;
  static LeadReads leads;

  @BeforeAll
  static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).load().migrate();
    // A second run (another service starting) finds nothing to do.
    assertThat(Flyway.configure().dataSource(dataSource).load().migrate().migrationsExecuted).isZero();
    jdbc = new JdbcTemplate(dataSource);
    connections = new ConnectionStore(jdbc, new TokenCipher(KEY));
    leads = new LeadReads(jdbc);
  }

  @Test
  void aConnectedWorkspaceKeepsItsTokensEncryptedAndReadsThemBack() {
    Instant expires = Instant.now().plusSeconds(7200).truncatedTo(ChronoUnit.MILLIS);
    connections.connect("ws-a", "salesforce", "https://na1.example", "00D!access-secret", "5Aep-refresh-secret",
        expires);

    byte[] storedRefresh = jdbc.queryForObject(
        "SELECT refresh_token_enc FROM crm_connections WHERE workspace_id = 'ws-a'", byte[].class);
    assertThat(new String(storedRefresh, StandardCharsets.ISO_8859_1)).doesNotContain("refresh-secret");
    assertThat(connections.refreshToken("ws-a")).contains("5Aep-refresh-secret");
    assertThat(connections.accessToken("ws-a")).hasValueSatisfying(t -> {
      assertThat(t.value()).isEqualTo("00D!access-secret");
      assertThat(t.expiresAt()).isEqualTo(expires);
      assertThat(t.toString()).doesNotContain("secret");
    });
    assertThat(connections.connection("ws-a")).hasValueSatisfying(c -> {
      assertThat(c.connected()).isTrue();
      assertThat(c.instanceUrl()).isEqualTo("https://na1.example");
      assertThat(c.lastSyncAt()).isNull();
    });

    assertThat(connections.delete("ws-a")).isTrue();
    assertThat(connections.connection("ws-a")).isEmpty();
    assertThat(connections.delete("ws-a")).isFalse();
  }

  @Test
  void aSyncTimestampAloneIsNotAConnection() {
    connections.touchLastSync("ws-b", Instant.now());
    assertThat(connections.connection("ws-b")).hasValueSatisfying(c -> assertThat(c.connected()).isFalse());
  }

  @Test
  void leadsAreFoundByIdWithinTheirWorkspaceByEmailAndByPhoneDigits() {
    jdbc.update("""
        INSERT INTO leads (workspace_id, lead_id, email, first_name, phone, status, pain_points, version,
          engagement_score, last_qualification_score)
        VALUES ('ws-c', 'lead-1', 'Ann@Acme.example', 'Ann', '+1 (305) 555-0142', 'contacted',
          ARRAY['slow approvals'], 3, 42, 80)""");

    assertThat(leads.find("ws-c", "lead-1")).hasValueSatisfying(lead -> {
      assertThat(lead.firstName()).isEqualTo("Ann");
      assertThat(lead.status()).isEqualTo("contacted");
      assertThat(lead.painPoints()).containsExactly("slow approvals");
      assertThat(lead.engagementScore()).isEqualTo(42);
      assertThat(lead.lastQualificationScore()).isEqualTo(80);
      assertThat(lead.version()).isEqualTo(3);
      assertThat(lead.createdAt()).isNotNull();
    });
    assertThat(leads.find("ws-other", "lead-1")).isEmpty();
    assertThat(leads.leadIdByEmail("ws-c", " ann@ACME.example")).contains("lead-1");
    assertThat(leads.leadIdByEmail("ws-other", "ann@acme.example")).isEmpty();
    assertThat(leads.leadIdByPhone("ws-c", "13055550142")).contains("lead-1");
    assertThat(leads.leadIdByPhone("ws-c", "305.555.0142")).contains("lead-1");
    assertThat(leads.leadIdByPhone("ws-c", "305.555.0143")).isEmpty();
    assertThat(leads.leadIdByPhone("ws-c", "0142")).isEmpty();
  }
}
