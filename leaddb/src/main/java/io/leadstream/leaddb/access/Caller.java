package io.leadstream.leaddb.access;

import java.util.Set;

/**
 * Who a request comes from, once authenticated: a workspace's API token (with its scopes) or the
 * operator (admin API). Requests are answered for {@link #workspaceId()} only.
 */
public record Caller(String tokenId, String workspaceId, Set<Scope> scopes, boolean operator) {
  /** The request attribute holding the authenticated caller. */
  public static final String ATTRIBUTE = "leadstream.caller";
  /** The request attribute holding the caller's workspace id (absent for the operator). */
  public static final String WORKSPACE_ATTRIBUTE = "leadstream.workspace";

  public static Caller token(String tokenId, String workspaceId, Set<Scope> scopes) {
    return new Caller(tokenId, workspaceId, Set.copyOf(scopes), false);
  }

  public static Caller forOperator() {
    return new Caller("operator", null, Set.of(), true);
  }

  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }
}
