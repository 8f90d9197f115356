package io.leadstream.leaddb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each workspace's CRM connection in {@code crm_connections}, its tokens sealed by {@link
 * TokenCipher} (the workspace id is the associated data). event-api writes a connection when a
 * workspace completes the OAuth web flow and removes it on disconnect; crm-sink reads the refresh
 * token, caches access tokens and records the last sync. Both refresh a web-flow grant only through
 * {@link #refreshUnderLock}: one refresher at a time per workspace, across processes.
 */
public final class ConnectionStore {
  /** How long a refresher waits for a peer's refresh of the same workspace before giving up. */
  public static final Duration REFRESH_LOCK_TIMEOUT = Duration.ofSeconds(15);

  /** A stored access token; {@link #toString()} never shows the token. */
  public record StoredAccessToken(String value, String instanceUrl, Instant expiresAt) {
    @Override
    public String toString() {
      return "StoredAccessToken[instance=" + instanceUrl + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * What a status page may show about a connection: never a token. {@code loginUrl}: where the grant was
   * issued (refreshes and revocation go there); {@code orgId}/{@code userId}: of the token response's identity
   * URL. All three null for a connection stored before they were.
   */
  public record Connection(String workspaceId, String provider, String instanceUrl, boolean hasRefreshToken,
                           boolean hasAccessToken, Instant expiresAt, Instant lastSyncAt, Instant connectedAt,
                           String loginUrl, String orgId, String userId) {
    /** Usable by the sink: it holds a token to call the CRM with or to obtain one. */
    public boolean connected() {
      return hasRefreshToken || hasAccessToken;
    }
  }

  /** A completed web-server flow to store; {@link #toString()} never shows a token. */
  public record WebFlowGrant(String workspaceId, String provider, String instanceUrl, String loginUrl, String orgId,
                             String userId, String accessToken, String refreshToken, Instant expiresAt) {
    @Override
    public String toString() {
      return "WebFlowGrant[workspace=" + workspaceId + ", instance=" + instanceUrl + ", login=" + loginUrl
          + ", org=" + orgId + "]";
    }
  }

  /**
   * What storing a grant did: whether the workspace now names another org than its links, previous grant or
   * instance did ({@code previousOrgId} when known), and what of the old org's match state was dropped.
   */
  public record Connected(String previousOrgId, String orgId, boolean orgChanged, int linksCleared,
                          int reviewsClosed, int pendingRematched) {
  }

  /**
   * What the token endpoint answered to a refresh_token grant. {@code refreshToken} is the rotated one when
   * the org rotates refresh tokens, else null (the stored one stays valid). {@link #toString()} shows no token.
   */
  public record RefreshedToken(String accessToken, String instanceUrl, Instant expiresAt, String refreshToken) {
    @Override
    public String toString() {
      return "RefreshedToken[instance=" + instanceUrl + ", expiresAt=" + expiresAt + ", rotated="
          + (refreshToken != null) + "]";
    }
  }

  /** The refresh_token grant at the org's token endpoint, called with the stored refresh token. */
  @FunctionalInterface
  public interface TokenEndpoint<E extends Exception> {
    RefreshedToken refresh(String refreshToken) throws E;
  }

  private final JdbcTemplate jdbc;
  private final TokenCipher cipher;
  private final TransactionTemplate transactions;

  public ConnectionStore(JdbcTemplate jdbc, TokenCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
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
    connect(new WebFlowGrant(workspaceId, provider, instanceUrl, null, null, null, accessToken, refreshToken,
        expiresAt));
  }

  /**
   * Stores a completed web flow, as {@link #connect(String, String, String, String, String, Instant)}, with its
   * login URL and org. When the org is not the one the workspace's links, previous grant or (for a grant stored
   * before org ids were) instance named, every cached match into the old org goes in the same transaction: the
   * links, the "Task/Event exists" marks that decide TaskSubtype on create, the open reviews (their candidates
   * are the old org's records) and the reasons of records waiting for a match — all are matched again, in the
   * new org. A reconnect to the same org keeps them.
   */
  public Connected connect(WebFlowGrant g) {
    String ws = g.workspaceId();
    return transactions.execute(status -> {
      List<String[]> previous = jdbc.query(
          "SELECT org_id, instance_url FROM crm_connections WHERE workspace_id = ? FOR UPDATE",
          (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, ws);
      List<String> linkOrgs = jdbc.queryForList(
          "SELECT DISTINCT org_id FROM crm_links WHERE workspace_id = ? AND org_id IS NOT NULL", String.class, ws);
      String previousOrg = previous.isEmpty() ? null : previous.get(0)[0];
      String previousInstance = previous.isEmpty() ? null : previous.get(0)[1];
      boolean changed;
      if (g.orgId() == null) {
        changed = false; // nothing to compare with
      } else if (previousOrg != null) {
        changed = !previousOrg.equals(g.orgId());
      } else if (!linkOrgs.isEmpty()) {
        changed = linkOrgs.stream().anyMatch(o -> !o.equals(g.orgId()));
        previousOrg = linkOrgs.stream().filter(o -> !o.equals(g.orgId())).findFirst().orElse(g.orgId());
      } else {
        // A grant from before org ids were stored: another instance is the only sign of another org.
        changed = previousInstance != null && g.instanceUrl() != null
            && !trimSlash(previousInstance).equalsIgnoreCase(trimSlash(g.instanceUrl()));
      }
      int links = 0;
      int reviews = 0;
      int pending = 0;
      if (changed) {
        String why = "reconnected to another Salesforce org (" + g.orgId() + "): matched again there";
        links = jdbc.update("DELETE FROM crm_links WHERE workspace_id = ?", ws);
        jdbc.update("UPDATE call_activities SET salesforce_task_id = NULL WHERE workspace_id = ?"
            + " AND salesforce_task_id IS NOT NULL", ws);
        jdbc.update("UPDATE appointments SET salesforce_event_id = NULL WHERE workspace_id = ?"
            + " AND salesforce_event_id IS NOT NULL", ws);
        reviews = jdbc.update("""
            UPDATE sync_log SET status = 'held', review_status = NULL, candidates = NULL, error_message = ?,
              updated_at = now()
            WHERE workspace_id = ? AND status = 'ambiguous' AND review_status = 'open'""", why, ws);
        pending = jdbc.update("""
            UPDATE crm_pending SET reason = 'held', retry_at = now(), detail = ?, updated_at = now()
            WHERE workspace_id = ? AND reason IN ('not_found', 'ambiguous')""", why, ws);
      } else if (g.orgId() != null) {
        // Links another org's grant saved while this one was being stored: never this org's records.
        links = jdbc.update("DELETE FROM crm_links WHERE workspace_id = ? AND org_id IS NOT NULL AND org_id <> ?",
            ws, g.orgId());
      }
      jdbc.update("""
          INSERT INTO crm_connections (workspace_id, provider, instance_url, login_url, org_id, user_id,
            access_token_enc, refresh_token_enc, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (workspace_id) DO UPDATE SET provider = EXCLUDED.provider,
            instance_url = EXCLUDED.instance_url, login_url = EXCLUDED.login_url, org_id = EXCLUDED.org_id,
            user_id = EXCLUDED.user_id, access_token_enc = EXCLUDED.access_token_enc,
            refresh_token_enc = EXCLUDED.refresh_token_enc, expires_at = EXCLUDED.expires_at, created_at = now(),
            updated_at = now()""",
          ws, g.provider(), g.instanceUrl(), g.loginUrl(), g.orgId(), g.userId(),
          g.accessToken() == null ? null : cipher.encrypt(ws, g.accessToken()),
          g.refreshToken() == null ? null : cipher.encrypt(ws, g.refreshToken()), ts(g.expiresAt()));
      return new Connected(previousOrg, g.orgId(), changed, links, reviews, pending);
    });
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** {@link #refreshUnderLock(String, String, Instant, Duration, TokenEndpoint)} with {@link #REFRESH_LOCK_TIMEOUT}. */
  public <E extends Exception> Optional<StoredAccessToken> refreshUnderLock(String workspaceId, String staleAccessToken,
      Instant now, TokenEndpoint<E> endpoint) throws E {
    return refreshUnderLock(workspaceId, staleAccessToken, now, REFRESH_LOCK_TIMEOUT, endpoint);
  }

  /**
   * Refreshes the workspace's web-flow grant, one refresher at a time across processes. With refresh-token
   * rotation the org answers a refresh with a new refresh token and kills the old one
   * (https://help.salesforce.com/apex/HTViewHelpDoc?id=remoteaccess_oauth_refresh_token_flow.htm), so two
   * services refreshing on their own lock each other out: the second one sends a dead token (invalid_grant).
   *
   * <p>In one transaction: lock the workspace's row ({@code FOR UPDATE}), re-read its access token; when it is
   * not {@code staleAccessToken} and not expired at {@code now}, a peer refreshed meanwhile and that token is
   * returned without calling the org. Otherwise {@code endpoint} is called with the stored refresh token and
   * the new access token, and the rotated refresh token if any, are stored before the lock is released. A
   * row lock rather than an advisory lock: connect, disconnect and key rotation write the same row, so a
   * refresh also waits for (and is waited for by) them, and a reconnect's new grant is never overwritten
   * with tokens of the old one. The HTTP call runs inside the transaction: refreshes are rare (one per
   * session timeout per workspace) and the wait is bounded.
   *
   * @param staleAccessToken the token the caller found expired or rejected; null when it had none
   * @param lockTimeout      longest wait for a peer's lock ({@code lock_timeout}): a stuck peer cannot hang us
   * @return the workspace's valid access token; empty when it has no refresh token (not connected by the web flow)
   * @throws org.springframework.dao.PessimisticLockingFailureException when the lock was not had in time
   * @throws E what the endpoint threw (nothing is changed then)
   */
  @SuppressWarnings("unchecked")
  public <E extends Exception> Optional<StoredAccessToken> refreshUnderLock(String workspaceId, String staleAccessToken,
      Instant now, Duration lockTimeout, TokenEndpoint<E> endpoint) throws E {
    try {
      return transactions.execute(status -> {
        jdbc.queryForObject("SELECT set_config('lock_timeout', ?, true)", String.class,
            Math.max(1, lockTimeout.toMillis()) + "ms");
        List<Row> rows = jdbc.query("""
            SELECT refresh_token_enc, access_token_enc, instance_url, expires_at FROM crm_connections
            WHERE workspace_id = ? FOR UPDATE""",
            (rs, i) -> new Row(rs.getBytes(1), rs.getBytes(2), rs.getString(3), instant(rs, 4)), workspaceId);
        if (rows.isEmpty() || rows.get(0).refreshToken() == null) {
          return Optional.<StoredAccessToken>empty();
        }
        Row row = rows.get(0);
        String stored = row.expiresAt() == null || now.isBefore(row.expiresAt())
            ? decryptedOrNull(workspaceId, row.accessToken()) : null;
        if (stored != null && !stored.equals(staleAccessToken)) {
          return Optional.of(new StoredAccessToken(stored, row.instanceUrl(), row.expiresAt()));
        }
        RefreshedToken fresh;
        try {
          fresh = endpoint.refresh(cipher.decrypt(workspaceId, row.refreshToken()));
        } catch (Exception e) {
          throw new EndpointFailed(e);
        }
        String instanceUrl = fresh.instanceUrl() == null || fresh.instanceUrl().isBlank() ? row.instanceUrl()
            : fresh.instanceUrl();
        jdbc.update("""
            UPDATE crm_connections SET access_token_enc = ?, expires_at = ?, instance_url = ?,
              refresh_token_enc = COALESCE(?, refresh_token_enc), updated_at = now()
            WHERE workspace_id = ?""",
            cipher.encrypt(workspaceId, fresh.accessToken()), ts(fresh.expiresAt()), instanceUrl,
            fresh.refreshToken() == null ? null : cipher.encrypt(workspaceId, fresh.refreshToken()), workspaceId);
        return Optional.of(new StoredAccessToken(fresh.accessToken(), instanceUrl, fresh.expiresAt()));
      });
    } catch (EndpointFailed e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw (E) e.getCause();
    } catch (DataAccessException e) {
      // 55P03 lock_not_available: the JDBC driver reports it uncategorized; callers must tell it from an outage.
      if (e.getMostSpecificCause() instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
        throw new CannotAcquireLockException("Workspace " + workspaceId + ": a peer's token refresh held the lock"
            + " longer than " + lockTimeout, e);
      }
      throw e;
    }
  }

  /** An access token sealed under a key no longer held is simply replaced. */
  private String decryptedOrNull(String workspaceId, byte[] sealed) {
    if (sealed == null) {
      return null;
    }
    try {
      return cipher.decrypt(workspaceId, sealed);
    } catch (UndecryptableTokenException e) {
      return null;
    }
  }

  private record Row(byte[] refreshToken, byte[] accessToken, String instanceUrl, Instant expiresAt) {
  }

  /** Carries the endpoint's exception out of the transaction callback (which rolls back on it). */
  private static final class EndpointFailed extends RuntimeException {
    EndpointFailed(Exception cause) {
      super(cause);
    }
  }

  public Optional<Connection> connection(String workspaceId) {
    List<Connection> rows = jdbc.query("""
        SELECT workspace_id, provider, instance_url, refresh_token_enc IS NOT NULL, access_token_enc IS NOT NULL,
          expires_at, last_sync_at, created_at, login_url, org_id, user_id FROM crm_connections WHERE workspace_id = ?""",
        (rs, i) -> new Connection(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
            rs.getBoolean(5), instant(rs, 6), instant(rs, 7), instant(rs, 8), rs.getString(9), rs.getString(10),
            rs.getString(11)),
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
