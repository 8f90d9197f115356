package io.leadstream.access;

import java.util.List;

/**
 * Which paths of a service need what (decided on {@link RequestPaths#normalized normalized} paths):
 * public paths need nothing, paths under the operator prefix need the operator key, and every other
 * path needs a valid API token — default deny, so an endpoint added later is never open by accident.
 *
 * @param publicPaths    exact paths, or prefixes when they end in {@code /**}
 * @param operatorPrefix paths under it are the admin API (null: the service has none)
 */
public record AccessPolicy(List<String> publicPaths, String operatorPrefix) {
  public AccessPolicy {
    publicPaths = List.copyOf(publicPaths);
  }

  /** Every path needs a token. */
  public static AccessPolicy tokensOnly() {
    return new AccessPolicy(List.of(), null);
  }

  public boolean isPublic(String path) {
    for (String p : publicPaths) {
      if (p.endsWith("/**") ? path.equals(p.substring(0, p.length() - 3)) || path.startsWith(p.substring(0, p.length() - 2))
          : path.equals(p)) {
        return true;
      }
    }
    return false;
  }

  public boolean isOperatorPath(String path) {
    return operatorPrefix != null && (path.equals(operatorPrefix) || path.startsWith(operatorPrefix + "/"));
  }
}
