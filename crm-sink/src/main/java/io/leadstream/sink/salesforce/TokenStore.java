package io.leadstream.sink.salesforce;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Where a workspace's tokens live between runs (crm_connections, encrypted). */
public interface TokenStore {

  /** A refresh_token grant's answer; {@code rotatedRefreshToken} is null unless the org rotates refresh tokens. */
  record Refreshed(AccessToken token, String rotatedRefreshToken) {
    @Override
    public String toString() {
      return "Refreshed[" + token + ", rotated=" + (rotatedRefreshToken != null) + "]";
    }
  }

  Optional<AccessToken> accessToken(String workspaceId);

  void saveAccessToken(String workspaceId, AccessToken token);

  /**
   * The refresh_token grant of a workspace connected through the web flow, one refresher at a time across
   * every process sharing the store: {@code grant} is called with the stored refresh token, unless a peer
   * already replaced {@code stale} (then the peer's token is returned), and what it answers is stored, the
   * rotated refresh token included, before anyone else may refresh.
   *
   * @param stale the token found expired or rejected; null when the caller had none
   */
  AccessToken refreshGrant(String workspaceId, AccessToken stale, Function<String, Refreshed> grant);

  /** The workspace has no refresh token: it has to be connected through event-api's web flow. */
  static SalesforceApiException noRefreshToken(String workspaceId) {
    return new SalesforceApiException("oauth.token", 400, List.of(SfError.of("NO_REFRESH_TOKEN",
        "workspace " + workspaceId + " has no refresh token; connect it through event-api")));
  }

  /** No persistence: tokens live in memory only, and there is no refresh token. */
  TokenStore NONE = new TokenStore() {
    @Override
    public Optional<AccessToken> accessToken(String workspaceId) {
      return Optional.empty();
    }

    @Override
    public void saveAccessToken(String workspaceId, AccessToken token) {
    }

    @Override
    public AccessToken refreshGrant(String workspaceId, AccessToken stale, Function<String, Refreshed> grant) {
      throw noRefreshToken(workspaceId);
    }
  };
}
