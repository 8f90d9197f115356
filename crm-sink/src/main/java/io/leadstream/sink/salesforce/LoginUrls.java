package io.leadstream.sink.salesforce;

import java.net.URI;
import java.util.Locale;

/** What a Salesforce login URL says about the org behind it; plain rules, no I/O. */
public final class LoginUrls {
  public static final String PRODUCTION_LOGIN = "https://login.salesforce.com";
  public static final String SANDBOX_LOGIN = "https://test.salesforce.com";

  private LoginUrls() {
  }

  /**
   * login.salesforce.com or test.salesforce.com: a generic login host, no org's own. Salesforce refuses
   * client_credentials there, answering 400 {"error":"invalid_grant","error_description":"request not supported on
   * this domain"}: the flow needs the My Domain URL ("OAuth 2.0 Client Credentials Flow for Server-to-Server
   * Integration", https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm;
   * the answer as reported in https://github.com/pozil/pub-sub-api-node-client/issues/58).
   */
  public static boolean isGenericLoginHost(String loginUrl) {
    String host = host(loginUrl);
    return host.equals("login.salesforce.com") || host.equals("test.salesforce.com");
  }

  /**
   * The JWT bearer {@code aud} Salesforce accepts for an org reached at {@code loginUrl}: login.salesforce.com
   * for production orgs (their My Domain too), test.salesforce.com for sandboxes and scratch orgs, never the My
   * Domain URL itself (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm). A
   * sandbox's My Domain is {@code <domain>--<sandbox>.sandbox.my.salesforce.com}, or without enhanced domains
   * {@code <domain>--<sandbox>.my.salesforce.com}
   * (https://help.salesforce.com/s/articleView?id=products.domain_name_app_url_changes.htm). An Experience Cloud
   * site's URL is an explicit audience setting, never derived.
   */
  public static String jwtAudience(String loginUrl) {
    String host = host(loginUrl);
    boolean sandbox = host.equals("test.salesforce.com") || host.endsWith(".sandbox.my.salesforce.com")
        || host.endsWith(".scratch.my.salesforce.com")
        || (host.endsWith(".my.salesforce.com") && host.substring(0, host.indexOf('.')).contains("--"));
    return sandbox ? SANDBOX_LOGIN : PRODUCTION_LOGIN;
  }

  /** The URL's host in lower case; "" when there is none. A bare host name is read as https. */
  static String host(String url) {
    if (url == null || url.isBlank()) {
      return "";
    }
    String s = url.strip();
    try {
      String host = URI.create(s.contains("://") ? s : "https://" + s).getHost();
      return host == null ? "" : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
