package io.leadstream.leaddb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each workspace's CRM connection in {@code crm_connections}, its tokens sealed by {@link
 * TokenCipher} (the workspace id is the associated data). event-api writes a connection when a
 * workspace completes the OAuth web flow and removes it on disconnect; crm-sink reads the refresh
 * token, caches access tokens and records the last sync.
 */
public final class ConnectionStore {

  /** A stored access token; {@link #toString()} never shows the token. */
  public record StoredAccessToken(String value, String instanceUrl, Instant expiresAt) {
    @Override
    public String toString() {
      return "StoredAccessToken[instance=" + instanceUrl + ", expiresAt=" + expiresAt + "]";
    }
  }

  /** What a status page may show about a connection: never a token. */
  public record Connection(String workspaceId, String provider, String instanceUrl, boolean hasRefreshToken,
                           boolean hasAccessToken, Instant expiresAt, Instant lastSyncAt, Instant connectedAt) {
    /** Usable by the sink: it holds a token to call the CRM with or to obtain one. */
    public boolean connected() {
      return hasRefreshToken || hasAccessToken;
    }
  }

  private final JdbcTemplate jdbc;
  private final TokenCipher cipher;

  public ConnectionStore(JdbcTemplate jdbc, TokenCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  /**
   * The workspace's access token.
   *
   * @throws IllegalArgumentException when the stored token does not decrypt with this key
   */
  public Optional<StoredAccessToken> accessToken(String workspaceId) {
    List<StoredAccessToken> rows = jdbc.query(
        "SELECT instance_url, access_token_enc, expires_at FROM crm_connections WHERE workspace_id = ?"
            + " AND access_token_enc IS NOT NULL",
        (rs, i) -> new StoredAccessToken(cipher.decrypt(workspaceId, rs.getBytes(2)), rs.getString(1),
            instant(rs, 3)),
        workspaceId);
    return rows.stream().findFirst();
  }

  public Optional<String> refreshToken(String workspaceId) {
    List<byte[]> rows = jdbc.query(
        "SELECT refresh_token_enc FROM crm_connections WHERE workspace_id = ? AND refresh_token_enc IS NOT NULL",
        (rs, i) -> rs.getBytes(1), workspaceId);
    return rows.stream().findFirst().map(b -> cipher.decrypt(workspaceId, b));
  }

  /** Stores the refresh token of a workspace connected through the web flow. */
  public void saveRefreshToken(String workspaceId, String instanceUrl, String refreshToken) {
    jdbc.update("""
        INSERT INTO crm_connections (workspace_id, instance_url, refresh_token_enc) VALUES (?, ?, ?)
        ON CONFLICT (workspace_id) DO UPDATE SET instance_url = EXCLUDED.instance_url,
          refresh_token_enc = EXCLUDED.refresh_token_enc, updated_at = now()""",
        workspaceId, instanceUrl, cipher.encrypt(workspaceId, refreshToken));
  }

  public void saveAccessToken(String workspaceId, StoredAccessToken token) {
    jdbc.update("""
        INSERT INTO crm_connections (workspace_id, instance_url, access_token_enc, expires_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (workspace_id) DO UPDATE SET instance_url = EXCLUDED.instance_url,
          access_token_enc = EXCLUDED.access_token_enc, expires_at = EXCLUDED.expires_at, updated_at = now()""",
        workspaceId, token.instanceUrl(), cipher.encrypt(workspaceId, token.value()), ts(token.expiresAt()));
  }

  /**
   * Replaces the workspace's connection with the result of a completed web flow: both tokens, the
   * instance, and a fresh {@code created_at} (the connection time).
   */
  public void connect(String workspaceId, String provider, String instanceUrl, String accessToken,
                      String refreshToken, Instant expiresAt) {
    jdbc.update("""
        INSERT INTO crm_connections (workspace_id, provider, instance_url, access_token_enc, refresh_token_enc,
          expires_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (workspace_id) DO UPDATE SET provider = EXCLUDED.provider, instance_url = EXCLUDED.instance_url,
          access_token_enc = EXCLUDED.access_token_enc, refresh_token_enc = EXCLUDED.refresh_token_enc,
          expires_at = EXCLUDED.expires_at, created_at = now(), updated_at = now()""",
        workspaceId, provider, instanceUrl, accessToken == null ? null : cipher.encrypt(workspaceId, accessToken),
        refreshToken == null ? null : cipher.encrypt(workspaceId, refreshToken), ts(expiresAt));
  }

  public Optional<Connection> connection(String workspaceId) {
    List<Connection> rows = jdbc.query("""
        SELECT workspace_id, provider, instance_url, refresh_token_enc IS NOT NULL, access_token_enc IS NOT NULL,
          expires_at, last_sync_at, created_at FROM crm_connections WHERE workspace_id = ?""",
        (rs, i) -> new Connection(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
            rs.getBoolean(5), instant(rs, 6), instant(rs, 7), instant(rs, 8)),
        workspaceId);
    return rows.stream().findFirst();
  }

  /** Removes the workspace's connection; true when there was one. */
  public boolean delete(String workspaceId) {
    return jdbc.update("DELETE FROM crm_connections WHERE workspace_id = ?", workspaceId) > 0;
  }

  public void touchLastSync(String workspaceId, Instant at) {
    jdbc.update("""
        INSERT INTO crm_connections (workspace_id, last_sync_at) VALUES (?, ?)
        ON CONFLICT (workspace_id) DO UPDATE SET last_sync_at = EXCLUDED.last_sync_at, updated_at = now()""",
        workspaceId, Timestamp.from(at));
  }

  private static Timestamp ts(Instant instant) {
    return SqlTimes.timestamp(instant);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return SqlTimes.instant(rs, column);
  }
}
