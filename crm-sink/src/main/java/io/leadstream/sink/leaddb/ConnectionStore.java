package io.leadstream.sink.leaddb;

import io.leadstream.sink.salesforce.AccessToken;
import io.leadstream.sink.salesforce.TokenStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Tokens of each workspace's Salesforce connection in {@code crm_connections}, encrypted. */
public final class ConnectionStore implements TokenStore {
  private static final Logger log = LoggerFactory.getLogger(ConnectionStore.class);

  private final JdbcTemplate jdbc;
  private final TokenCipher cipher;

  public ConnectionStore(JdbcTemplate jdbc, TokenCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  @Override
  public Optional<AccessToken> accessToken(String workspaceId) {
    try {
      List<AccessToken> rows = jdbc.query(
          "SELECT instance_url, access_token_enc, expires_at FROM crm_connections WHERE workspace_id = ?"
              + " AND access_token_enc IS NOT NULL",
          (rs, i) -> new AccessToken(cipher.decrypt(workspaceId, rs.getBytes(2)), rs.getString(1),
              rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()),
          workspaceId);
      return rows.stream().findFirst();
    } catch (DataAccessException | IllegalArgumentException e) {
      log.warn("Stored access token of workspace {} unusable, requesting a new one: {}", workspaceId, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public Optional<String> refreshToken(String workspaceId) {
    List<byte[]> rows = jdbc.query(
        "SELECT refresh_token_enc FROM crm_connections WHERE workspace_id = ? AND refresh_token_enc IS NOT NULL",
        (rs, i) -> rs.getBytes(1), workspaceId);
    return rows.stream().findFirst().map(b -> cipher.decrypt(workspaceId, b));
  }

  /** Stores the refresh token of a workspace connected through the web flow (event-api does this in production). */
  public void saveRefreshToken(String workspaceId, String instanceUrl, String refreshToken) {
    jdbc.update("""
        INSERT INTO crm_connections (workspace_id, instance_url, refresh_token_enc) VALUES (?, ?, ?)
        ON CONFLICT (workspace_id) DO UPDATE SET instance_url = EXCLUDED.instance_url,
          refresh_token_enc = EXCLUDED.refresh_token_enc, updated_at = now()""",
        workspaceId, instanceUrl, cipher.encrypt(workspaceId, refreshToken));
  }

  @Override
  public void saveAccessToken(String workspaceId, AccessToken token) {
    try {
      jdbc.update("""
          INSERT INTO crm_connections (workspace_id, instance_url, access_token_enc, expires_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (workspace_id) DO UPDATE SET instance_url = EXCLUDED.instance_url,
            access_token_enc = EXCLUDED.access_token_enc, expires_at = EXCLUDED.expires_at, updated_at = now()""",
          workspaceId, token.instanceUrl(), cipher.encrypt(workspaceId, token.value()),
          token.expiresAt() == null ? null : Timestamp.from(token.expiresAt()));
    } catch (DataAccessException e) {
      // The token still works from memory; the next restart just asks for a new one.
      log.warn("Could not store the access token of workspace {}: {}", workspaceId, e.toString());
    }
  }

  public void touchLastSync(String workspaceId, Instant at) {
    jdbc.update("""
        INSERT INTO crm_connections (workspace_id, last_sync_at) VALUES (?, ?)
        ON CONFLICT (workspace_id) DO UPDATE SET last_sync_at = EXCLUDED.last_sync_at, updated_at = now()""",
        workspaceId, Timestamp.from(at));
  }
}
