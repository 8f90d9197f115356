package io.leadstream.leaddb.access;

import static io.leadstream.leaddb.SqlTimes.instant;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * API tokens in {@code api_tokens} (SPEC §14): issued with scopes and an optional expiry, shown
 * once, stored as the SHA-256 of their secret, listed without it, revoked by id. Every query names
 * the workspace, so one workspace's operator call never reaches another's tokens.
 */
public final class ApiTokenStore {

  /** A freshly issued token: {@link #token()} is the only time the secret exists outside the caller. */
  public record IssuedToken(String tokenId, String workspaceId, String token, Set<Scope> scopes, Instant createdAt,
                            Instant expiresAt) {
    @Override
    public String toString() {
      return "IssuedToken[tokenId=" + tokenId + ", workspaceId=" + workspaceId + ", scopes=" + scopes + "]";
    }
  }

  /** What may be shown about a token: never its secret or hash. */
  public record TokenInfo(String tokenId, String workspaceId, String name, Set<Scope> scopes, Instant createdAt,
                          Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
  }

  /** What verifying a presented token needs. */
  public record StoredToken(String tokenId, String workspaceId, byte[] secretSha256, Set<Scope> scopes,
                            Instant expiresAt, Instant revokedAt, boolean workspaceDisabled) {
    @Override
    public String toString() {
      return "StoredToken[tokenId=" + tokenId + ", workspaceId=" + workspaceId + ", scopes=" + scopes + "]";
    }
  }

  private final JdbcTemplate jdbc;
  private final SecureRandom random = new SecureRandom();

  public ApiTokenStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Issues a token for an existing workspace.
   *
   * @throws IllegalArgumentException when {@code scopes} is empty
   * @throws org.springframework.dao.DataIntegrityViolationException when the workspace does not exist
   */
  public IssuedToken issue(String workspaceId, Set<Scope> scopes, Instant expiresAt, String name) {
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("a token needs at least one scope");
    }
    String id = ApiTokenFormat.newTokenId(random);
    String secret = ApiTokenFormat.newSecret(random);
    String[] names = scopes.stream().map(Scope::wireName).sorted().toArray(String[]::new);
    Instant created = jdbc.queryForObject("""
        INSERT INTO api_tokens (token_id, workspace_id, secret_sha256, scopes, name, expires_at)
        VALUES (?, ?, ?, ?, ?, ?) RETURNING created_at""",
        (rs, i) -> instant(rs, 1), id, workspaceId, ApiTokenFormat.sha256(secret), names, name, ts(expiresAt));
    return new IssuedToken(id, workspaceId, ApiTokenFormat.token(id, secret), Set.copyOf(scopes), created, expiresAt);
  }

  public List<TokenInfo> list(String workspaceId) {
    return jdbc.query("""
        SELECT token_id, workspace_id, name, scopes, created_at, expires_at, last_used_at, revoked_at
        FROM api_tokens WHERE workspace_id = ? ORDER BY created_at, token_id""",
        (rs, i) -> new TokenInfo(rs.getString(1), rs.getString(2), rs.getString(3), scopes(rs.getArray(4)),
            instant(rs, 5), instant(rs, 6), instant(rs, 7), instant(rs, 8)),
        workspaceId);
  }

  /** Revokes a token of this workspace; false when the workspace has no such token (or it was revoked). */
  public boolean revoke(String workspaceId, String tokenId) {
    return jdbc.update("UPDATE api_tokens SET revoked_at = now() WHERE workspace_id = ? AND token_id = ?"
        + " AND revoked_at IS NULL", workspaceId, tokenId) > 0;
  }

  /** The token with this id and its workspace's state, for verification. */
  public Optional<StoredToken> lookup(String tokenId) {
    return jdbc.query("""
        SELECT t.token_id, t.workspace_id, t.secret_sha256, t.scopes, t.expires_at, t.revoked_at, w.disabled
        FROM api_tokens t JOIN workspaces w ON w.workspace_id = t.workspace_id WHERE t.token_id = ?""",
        (rs, i) -> new StoredToken(rs.getString(1), rs.getString(2), rs.getBytes(3), scopes(rs.getArray(4)),
            instant(rs, 5), instant(rs, 6), rs.getBoolean(7)),
        tokenId).stream().findFirst();
  }

  /** Records a use; never moves last_used_at backwards (instances touch concurrently). */
  public void touchLastUsed(String tokenId, Instant at) {
    jdbc.update("UPDATE api_tokens SET last_used_at = ? WHERE token_id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
        Timestamp.from(at), tokenId, Timestamp.from(at));
  }

  private static Set<Scope> scopes(Array array) throws SQLException {
    return array == null ? Set.of() : Scope.parseAll(Arrays.asList((String[]) array.getArray()));
  }

  private static Timestamp ts(Instant t) {
    return io.leadstream.leaddb.SqlTimes.timestamp(t);
  }
}
