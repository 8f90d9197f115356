package io.leadstream.api.salesforce;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A Salesforce login URL (the OAuth host of an org): https://login.salesforce.com (production),
 * https://test.salesforce.com (sandbox) or the org's My Domain (https://acme.my.salesforce.com, a sandbox's
 * https://acme--uat.sandbox.my.salesforce.com). The authorize request, the code exchange, refreshes and
 * revocation all go to it, with the connected app's secret: so an origin only, https (plain http only for
 * a loopback host: a local emulator), no path, query, fragment or user info.
 */
public final class LoginUrl {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  private LoginUrl() {
  }

  /** The origin without a trailing slash; empty when {@code url} is not an acceptable login URL. */
  public static Optional<String> normalize(String url) {
    if (url == null || url.isBlank() || url.length() > 256) {
      return Optional.empty();
    }
    try {
      URI u = new URI(url.strip());
      boolean https = "https".equalsIgnoreCase(u.getScheme());
      boolean localHttp = "http".equalsIgnoreCase(u.getScheme()) && LOOPBACK.contains(String.valueOf(u.getHost()));
      boolean bare = u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null
          && (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"));
      if (u.getHost() == null || !(https || localHttp) || !bare) {
        return Optional.empty();
      }
      String s = url.strip();
      return Optional.of(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * What kind of org the login URL serves: {@code production} (login.salesforce.com), {@code sandbox}
   * (test.salesforce.com or a sandbox's My Domain), {@code my-domain} (a production org's My Domain),
   * {@code local} (a loopback emulator) or {@code other}. Sandbox My Domains are {@code *.sandbox.my.salesforce.com}
   * with enhanced domains, {@code <domain>--<sandbox>.my.salesforce.com} without
   * (https://help.salesforce.com/s/articleView?id=products.domain_name_app_url_changes.htm&type=5).
   */
  public static String environment(String url) {
    String host;
    try {
      host = url == null ? null : new URI(url).getHost();
    } catch (URISyntaxException e) {
      host = null;
    }
    if (host == null) {
      return "other";
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.equals("login.salesforce.com")) {
      return "production";
    }
    if (host.equals("test.salesforce.com") || host.endsWith(".sandbox.my.salesforce.com")
        || (host.endsWith(".my.salesforce.com") && host.contains("--"))) {
      return "sandbox";
    }
    if (host.endsWith(".my.salesforce.com")) {
      return "my-domain";
    }
    return LOOPBACK.contains(host) ? "local" : "other";
  }
}
