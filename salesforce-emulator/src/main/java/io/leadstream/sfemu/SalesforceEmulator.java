package io.leadstream.sfemu;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadstream.sfemu.admin.AdminEndpoints;
import io.leadstream.sfemu.admin.EmulatorAdmin;
import io.leadstream.sfemu.fault.ErrorPages;
import io.leadstream.sfemu.fault.Faults;
import io.leadstream.sfemu.oauth.OAuthEndpoints;
import io.leadstream.sfemu.oauth.OAuthService;
import io.leadstream.sfemu.oauth.OAuthSettings;
import io.leadstream.sfemu.org.Org;
import io.leadstream.sfemu.org.RecordService;
import io.leadstream.sfemu.org.StandardSchema;
import io.leadstream.sfemu.rest.ApiRequest;
import io.leadstream.sfemu.rest.ApiUsage;
import io.leadstream.sfemu.rest.DataApi;
import io.leadstream.sfemu.rest.HttpReply;
import io.leadstream.sfemu.rest.RequestStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A running emulator: {@code SalesforceEmulator.start(EmulatorConfig.defaults())} in tests, or
 * {@link Main} for {@code java -jar}. {@link #baseUrl()} is both the login URL (for OAuth) and the
 * instance URL (for REST) — the org's "My Domain"; {@link #loginHostUrl()} stands for login.salesforce.com,
 * whose token endpoint refuses client_credentials like the real one. {@link #admin()} controls data and
 * faults, as does the admin HTTP API
 * under {@code /__admin} on a listener of its own ({@link #adminBaseUrl()}, loopback by default): the
 * Salesforce listener answers 404 there, so whoever reaches the API cannot inject faults.
 */
public final class SalesforceEmulator implements AutoCloseable {
  static {
    // The JDK HTTP server writes headers and body in separate packets without TCP_NODELAY: Nagle plus the
    // client's delayed ACK then add ~40 ms to every response on loopback. The flag is read once, when the
    // first server of the JVM starts, so it is set here unless the JVM was started with a choice of its own.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Path prefix of the login host, see {@link #loginHostUrl()}. */
  private static final String LOGIN_HOST_PATH = "/login";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final HttpServer adminServer;
  private final ExecutorService adminExecutor;
  private final String adminBaseUrl;
  private final EmulatorConfig config;
  private final EmulatorAdmin admin;
  private final Faults faults;
  private final DataApi dataApi;
  private final OAuthEndpoints oauthEndpoints;
  private final AdminEndpoints adminEndpoints;
  private final OAuthService oauth;
  private final Org org;
  private final RequestStats stats;

  private SalesforceEmulator(EmulatorConfig config) throws IOException {
    this.config = config;
    this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
    this.baseUrl = config.publicUrl().map(u -> u.replaceFirst("/+$", ""))
        .orElseGet(() -> url(config.host(), server.getAddress().getPort()));
    try {
      this.adminServer = HttpServer.create(new InetSocketAddress(config.adminHost(), config.adminPort()), 16);
    } catch (IOException e) {
      server.stop(0);
      throw new IOException("admin API on " + config.adminHost() + ":" + config.adminPort() + ": " + e.getMessage(), e);
    }
    this.adminBaseUrl = url(config.adminHost(), adminServer.getAddress().getPort());
    this.org = new Org(StandardSchema.create(), config.dataFile());
    OrgBehaviours behaviours = config.behaviours();
    Clock clock = Clock.systemUTC();
    this.faults = new Faults(clock, behaviours.soslIndexLag());
    ApiUsage usage = new ApiUsage(config.dailyApiLimit(), behaviours.connectedAppName(), behaviours.perAppApiLimit());
    this.stats = new RequestStats();
    this.oauth = new OAuthService(new OAuthSettings(config.clientId(), config.clientSecret(), config.jwtPublicKey(),
        config.jwtAudiences(), config.accessTokenTtl(), config.callbackUrls(), behaviours.rotateRefreshTokens(),
        behaviours.strictJwtAudience(), behaviours.requirePkce()), () -> baseUrl, this::loginHostUrl, org.orgId(), org.userId(), clock);
    RecordService records = new RecordService(org, faults::takeRowLock, behaviours.rejectConvertedLeadReferences());
    this.dataApi = new DataApi(org, records, oauth, faults, usage, stats, behaviours.changeWindowResolution(), clock);
    this.oauthEndpoints = new OAuthEndpoints(oauth, stats);
    this.admin = new EmulatorAdmin(org, records, oauth, faults, usage, stats);
    this.adminEndpoints = new AdminEndpoints(admin);
    AtomicInteger threadNo = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "sfemu-http-" + threadNo.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(exchange, this::routeApi));
    // Its own small pool: fault control must answer while an injected latency holds the API's threads.
    this.adminExecutor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "sfemu-admin-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    adminServer.setExecutor(adminExecutor);
    adminServer.createContext("/", exchange -> serve(exchange, this::routeAdmin));
    server.start();
    adminServer.start();
  }

  public static SalesforceEmulator start(EmulatorConfig config) {
    try {
      return new SalesforceEmulator(config);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Salesforce emulator on " + config.host() + ":" + config.port(), e);
    }
  }

  /** Login and instance URL, e.g. http://127.0.0.1:54321 (no trailing slash). */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The org's login host, standing for https://login.salesforce.com (or test.salesforce.com): {@code baseUrl() +
   * "/login"}. Its token endpoint answers like the real login host (client_credentials refused); every token it
   * issues names {@link #baseUrl()} as instance_url. A JWT audience, also with the strict audience check.
   */
  public String loginHostUrl() {
    return baseUrl + LOGIN_HOST_PATH;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The admin listener's URL, e.g. http://127.0.0.1:54322 (no trailing slash); its API is under /__admin. */
  public String adminBaseUrl() {
    return adminBaseUrl;
  }

  /** The address the admin listener is bound to (loopback unless configured otherwise). */
  public InetSocketAddress adminAddress() {
    return adminServer.getAddress();
  }

  public String clientId() {
    return config.clientId();
  }

  public String clientSecret() {
    return config.clientSecret();
  }

  public EmulatorAdmin admin() {
    return admin;
  }

  /** Shortcut for {@code admin().seed(type, fields)}. */
  public String seed(String type, Map<String, ?> fields) {
    return admin.seed(type, fields);
  }

  /** Shortcut for {@code admin().records(type)}. */
  public List<Map<String, Object>> records(String type) {
    return admin.records(type);
  }

  /** Shortcut for {@code admin().issueAccessToken()}. */
  public String accessToken() {
    return admin.issueAccessToken();
  }

  @Override
  public void close() {
    server.stop(0);
    adminServer.stop(0);
    executor.shutdownNow();
    adminExecutor.shutdownNow();
    org.persist();
  }

  /** What a listener does with one request. */
  private interface Router {
    HttpReply route(String method, String path, Map<String, String> query, Function<String, String> headers, byte[] body);
  }

  private void serve(HttpExchange exchange, Router router) {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
      // Java's HttpURLConnection cannot send PATCH; Salesforce documents ?_HttpMethod=PATCH on POST for that.
      Map<String, String> query = ApiRequest.parseQuery(exchange.getRequestURI().getRawQuery());
      if (method.equals("POST") && query.containsKey("_HttpMethod")) {
        method = query.get("_HttpMethod").toUpperCase(java.util.Locale.ROOT);
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      write(exchange, router.route(method, path, query, exchange.getRequestHeaders()::getFirst, body));
    } catch (IOException | RuntimeException e) {
      try {
        write(exchange, HttpReply.json(500, List.of(Map.of("errorCode", "UNKNOWN_EXCEPTION",
            "message", "An unexpected error occurred: " + e.getClass().getSimpleName()))));
      } catch (IOException | RuntimeException ignored) {
        // Response already (partly) sent; nothing more to do.
      }
    }
  }

  private HttpReply routeApi(String method, String path, Map<String, String> query, Function<String, String> headers,
                             byte[] body) {
    pause(faults.latency());
    // The edge answers before the API sees the request, for OAuth and REST alike.
    Optional<Integer> htmlError = faults.takeHtmlError();
    if (htmlError.isPresent()) {
      stats.record("edge.htmlError");
      return HttpReply.html(htmlError.get(), ErrorPages.forStatus(htmlError.get()));
    }
    if (path.startsWith(LOGIN_HOST_PATH + "/services/oauth2/")) {
      return oauthEndpoints.handle(method, path.substring((LOGIN_HOST_PATH + "/services/oauth2/").length()), query,
          headers, body, true);
    }
    if (path.equals("/services/data") || path.startsWith("/services/data/")) {
      return dataApi.handle(method, path.substring("/services/data".length()), query, headers, body);
    } else if (path.startsWith("/services/oauth2/")) {
      return oauthEndpoints.handle(method, path.substring("/services/oauth2/".length()), query, headers, body);
    } else if (path.startsWith("/id/")) {
      return identity(headers.apply("Authorization"));
    }
    return notFound();
  }

  private HttpReply routeAdmin(String method, String path, Map<String, String> query, Function<String, String> headers,
                               byte[] body) {
    if (path.equals("/__admin") || path.startsWith("/__admin/")) {
      return adminEndpoints.handle(method, path.substring("/__admin".length()), body);
    }
    return notFound();
  }

  private static HttpReply notFound() {
    return HttpReply.json(404, List.of(Map.of("errorCode", "NOT_FOUND", "message", "The requested resource does not exist")));
  }

  /** http://host:port for a bound address; the wildcard becomes loopback, which reaches it too. */
  private static String url(String host, int port) {
    String reachable = host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "::1" : host;
    return "http://" + (reachable.contains(":") ? "[" + reachable + "]" : reachable) + ":" + port;
  }

  private HttpReply identity(String authorization) {
    String token = authorization == null ? null : authorization.replaceFirst("(?i)^(Bearer|OAuth) ", "");
    if (!oauth.isValid(token)) {
      return HttpReply.json(403, "Bad_OAuth_Token");
    }
    return HttpReply.json(200, Map.of("id", baseUrl + "/id/" + org.orgId() + "/" + org.userId(),
        "user_id", org.userId(), "organization_id", org.orgId(), "username", "integration@leadstream.emulator"));
  }

  private static void pause(Duration latency) {
    if (!latency.isZero()) {
      try {
        Thread.sleep(latency.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void write(HttpExchange exchange, HttpReply reply) throws IOException {
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    boolean empty = reply.body().length == 0;
    exchange.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
    }
  }
}
