package io.leadstream.leaddb;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-encrypts the CRM tokens of {@code crm_connections} under the {@link TokenCipher}'s current key
 * (SPEC §14), so that a previous key can then be dropped from {@code LEADSTREAM_TOKEN_KEYS_PREVIOUS}.
 *
 * <p>Each connection not already wholly under the current key is rewritten in its own transaction
 * that re-reads the row {@code FOR UPDATE}: a token a running service stores meanwhile (a connect,
 * a refreshed access token) is either seen by that re-read or written after the rotation's commit,
 * never overwritten with a stale copy. A second run finds nothing to do. A connection whose tokens
 * no configured key opens is reported and left as it is; the others still rotate.
 */
public final class TokenKeyRotation {
  private static final int PAGE_SIZE = 200;

  /** A connection left as it was because one of its tokens did not decrypt. */
  public record Undecryptable(String workspaceId, String reason) {
  }

  /**
   * What a run did, counted in connections (rows of {@code crm_connections} holding a token).
   * Holds no token or key: fit to print.
   */
  public record Report(String currentKeyId, int reEncrypted, int alreadyCurrent, List<Undecryptable> undecryptable) {
    public Report {
      undecryptable = List.copyOf(undecryptable);
    }

    /** Every stored token is now under the current key, so the previous keys are no longer needed. */
    public boolean complete() {
      return undecryptable.isEmpty();
    }

    /** A few lines for an operator: the counts, then each connection left behind and why. */
    public String summary() {
      StringBuilder out = new StringBuilder("Token key rotation to key id '").append(currentKeyId).append("': ")
          .append(reEncrypted).append(" connection(s) re-encrypted, ").append(alreadyCurrent)
          .append(" already current, ").append(undecryptable.size()).append(" undecryptable");
      undecryptable.forEach(u -> out.append(System.lineSeparator()).append("  ").append(u.workspaceId())
          .append(": ").append(u.reason()));
      return out.toString();
    }
  }

  private record StoredTokens(String workspaceId, byte[] accessToken, byte[] refreshToken) {
    boolean empty() {
      return accessToken == null && refreshToken == null;
    }

    boolean underCurrentKey(TokenCipher cipher) {
      return (accessToken == null || cipher.isUnderCurrentKey(accessToken))
          && (refreshToken == null || cipher.isUnderCurrentKey(refreshToken));
    }
  }

  private enum Outcome { RE_ENCRYPTED, ALREADY_CURRENT, GONE }

  private static final RowMapper<StoredTokens> STORED_TOKENS =
      (rs, i) -> new StoredTokens(rs.getString(1), rs.getBytes(2), rs.getBytes(3));

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final TokenCipher cipher;

  public TokenKeyRotation(DataSource dataSource, TokenCipher cipher) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.cipher = cipher;
  }

  /** The rotation to the keys of {@code LEADSTREAM_TOKEN_KEY} and {@code LEADSTREAM_TOKEN_KEYS_PREVIOUS}. */
  public static TokenKeyRotation fromEnvironment(DataSource dataSource) {
    return new TokenKeyRotation(dataSource, TokenCipher.fromEnvironment(System.getenv()));
  }

  /** Re-encrypts every stored token not under the current key; safe to run again and beside running services. */
  public Report rotate() {
    int reEncrypted = 0;
    int alreadyCurrent = 0;
    List<Undecryptable> undecryptable = new ArrayList<>();
    String after = "";
    List<StoredTokens> page;
    do {
      // Unlocked keyset scan, only to find candidates: each is decided on its locked re-read.
      page = jdbc.query("""
          SELECT workspace_id, access_token_enc, refresh_token_enc FROM crm_connections
          WHERE workspace_id > ? AND (access_token_enc IS NOT NULL OR refresh_token_enc IS NOT NULL)
          ORDER BY workspace_id LIMIT ?""", STORED_TOKENS, after, PAGE_SIZE);
      for (StoredTokens scanned : page) {
        if (scanned.underCurrentKey(cipher)) {
          alreadyCurrent++;
          continue;
        }
        try {
          Outcome outcome = transactions.execute(status -> reEncrypt(scanned.workspaceId()));
          if (outcome == Outcome.RE_ENCRYPTED) {
            reEncrypted++;
          } else if (outcome == Outcome.ALREADY_CURRENT) {
            alreadyCurrent++;
          }
        } catch (UndecryptableTokenException e) {
          undecryptable.add(new Undecryptable(scanned.workspaceId(), e.getMessage()));
        }
      }
      if (!page.isEmpty()) {
        after = page.get(page.size() - 1).workspaceId();
      }
    } while (page.size() == PAGE_SIZE);
    return new Report(cipher.currentKeyId(), reEncrypted, alreadyCurrent, undecryptable);
  }

  private Outcome reEncrypt(String workspaceId) {
    List<StoredTokens> locked = jdbc.query("""
        SELECT workspace_id, access_token_enc, refresh_token_enc FROM crm_connections
        WHERE workspace_id = ? FOR UPDATE""", STORED_TOKENS, workspaceId);
    if (locked.isEmpty() || locked.get(0).empty()) {
      return Outcome.GONE; // disconnected since the scan
    }
    StoredTokens row = locked.get(0);
    if (row.underCurrentKey(cipher)) {
      return Outcome.ALREADY_CURRENT; // a service re-sealed it since the scan
    }
    // Both tokens are opened before anything is written, so a half-readable row stays whole.
    byte[] accessToken = reseal(workspaceId, row.accessToken());
    byte[] refreshToken = reseal(workspaceId, row.refreshToken());
    // updated_at is left alone: the connection did not change, only how its tokens are sealed.
    jdbc.update("UPDATE crm_connections SET access_token_enc = ?, refresh_token_enc = ? WHERE workspace_id = ?",
        accessToken, refreshToken, workspaceId);
    return Outcome.RE_ENCRYPTED;
  }

  private byte[] reseal(String workspaceId, byte[] stored) {
    if (stored == null || cipher.isUnderCurrentKey(stored)) {
      return stored;
    }
    return cipher.encrypt(workspaceId, cipher.decrypt(workspaceId, stored));
  }
}
