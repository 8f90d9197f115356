package io.leadstream.sink.salesforce;

import java.util.Optional;

/** Where a workspace's tokens live between runs (crm_connections, encrypted). */
public interface TokenStore {
  Optional<AccessToken> accessToken(String workspaceId);

  Optional<String> refreshToken(String workspaceId);

  void saveAccessToken(String workspaceId, AccessToken token);

  /** No persistence: tokens live in memory only. */
  TokenStore NONE = new TokenStore() {
    @Override
    public Optional<AccessToken> accessToken(String workspaceId) {
      return Optional.empty();
    }

    @Override
    public Optional<String> refreshToken(String workspaceId) {
      return Optional.empty();
    }

    @Override
    public void saveAccessToken(String workspaceId, AccessToken token) {
    }
  };
}
