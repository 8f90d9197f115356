package io.leadstream.sink.leaddb;

import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.sink.salesforce.AccessToken;
import io.leadstream.sink.salesforce.TokenStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/** The Salesforce client's {@link TokenStore} on the shared {@code crm_connections} store (module leaddb). */
public final class StoredTokens implements TokenStore {
  private static final Logger log = LoggerFactory.getLogger(StoredTokens.class);

  private final ConnectionStore store;

  public StoredTokens(ConnectionStore store) {
    this.store = store;
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
  public Optional<String> refreshToken(String workspaceId) {
    return store.refreshToken(workspaceId);
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
}
