package io.leadstream.sink.leaddb;

import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.sink.salesforce.AccessToken;
import io.leadstream.sink.salesforce.SalesforceApiException;
import io.leadstream.sink.salesforce.SfError;
import io.leadstream.sink.salesforce.TokenStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;

/** The Salesforce client's {@link TokenStore} on the shared {@code crm_connections} store (module leaddb). */
public final class StoredTokens implements TokenStore {
  private static final Logger log = LoggerFactory.getLogger(StoredTokens.class);

  private final ConnectionStore store;
  private final Clock clock;

  public StoredTokens(ConnectionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Optional<AccessToken> accessToken(String workspaceId) {
    try {
      return store.accessToken(workspaceId).map(t -> new AccessToken(t.value(), t.instanceUrl(), t.expiresAt()));
    } catch (DataAccessException | IllegalArgumentException e) {
      log.warn("Stored access token of workspace {} unusable, requesting a new one: {}", workspaceId, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void saveAccessToken(String workspaceId, AccessToken token) {
    try {
      store.saveAccessToken(workspaceId,
          new ConnectionStore.StoredAccessToken(token.value(), token.instanceUrl(), token.expiresAt()));
    } catch (DataAccessException e) {
      // The token still works from memory; the next restart just asks for a new one.
      log.warn("Could not store the access token of workspace {}: {}", workspaceId, e.toString());
    }
  }

  /** Shared with event-api's test-sync: the row lock of leaddb's {@link ConnectionStore#refreshUnderLock}. */
  @Override
  public AccessToken refreshGrant(String workspaceId, AccessToken stale, Function<String, Refreshed> grant) {
    try {
      return store.refreshUnderLock(workspaceId, stale == null ? null : stale.value(), clock.instant(), refresh -> {
        Refreshed r = grant.apply(refresh);
        return new ConnectionStore.RefreshedToken(r.token().value(), r.token().instanceUrl(), r.token().expiresAt(),
            r.rotatedRefreshToken());
      }).map(t -> new AccessToken(t.value(), t.instanceUrl(), t.expiresAt()))
          .orElseThrow(() -> TokenStore.noRefreshToken(workspaceId));
    } catch (PessimisticLockingFailureException e) {
      // A peer's refresh is slow: this workspace waits and retries soon; not a PostgreSQL outage for everyone.
      throw new SalesforceApiException("oauth.token", 503, List.of(SfError.of("TOKEN_REFRESH_BUSY", e.getMessage())));
    }
  }
}
