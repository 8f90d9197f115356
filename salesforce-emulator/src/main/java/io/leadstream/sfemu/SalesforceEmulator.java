package io.leadstream.sfemu;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadstream.sfemu.admin.AdminEndpoints;
import io.leadstream.sfemu.admin.EmulatorAdmin;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running emulator: {@code SalesforceEmulator.start(EmulatorConfig.defaults())} in tests, or
 * {@link Main} for {@code java -jar}. {@link #baseUrl()} is both the login URL (for OAuth) and the
 * instance URL (for REST); {@link #admin()} controls data and faults.
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

  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final EmulatorConfig config;
  private final EmulatorAdmin admin;
  private final Faults faults;
  private final DataApi dataApi;
  private final OAuthEndpoints oauthEndpoints;
  private final AdminEndpoints adminEndpoints;
  private final OAuthService oauth;
  private final Org org;

  private SalesforceEmulator(EmulatorConfig config) throws IOException {
    this.config = config;
    this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    this.baseUrl = "http://" + (config.host().equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + server.getAddress().getPort();
    this.org = new Org(StandardSchema.create(), config.dataFile());
    this.faults = new Faults();
    ApiUsage usage = new ApiUsage(config.dailyApiLimit());
    RequestStats stats = new RequestStats();
    this.oauth = new OAuthService(new OAuthSettings(config.clientId(), config.clientSecret(), config.jwtPublicKey(),
        config.jwtAudiences(), config.accessTokenTtl(), config.callbackUrls()), () -> baseUrl, org.orgId(), org.userId(),
        Clock.systemUTC());
    RecordService records = new RecordService(org, faults::takeRowLock);
    this.dataApi = new DataApi(org, records, oauth, faults, usage, stats);
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
    server.createContext("/", this::serve);
    server.start();
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

  public int port() {
    return server.getAddress().getPort();
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
    executor.shutdownNow();
    org.persist();
  }

  private void serve(HttpExchange exchange) {
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
      var headers = exchange.getRequestHeaders();
      HttpReply reply;
      if (path.startsWith("/__admin")) {
        reply = adminEndpoints.handle(method, path.substring("/__admin".length()), body);
      } else {
        pause(faults.latency());
        if (path.equals("/services/data") || path.startsWith("/services/data/")) {
          reply = dataApi.handle(method, path.substring("/services/data".length()), query, headers::getFirst, body);
        } else if (path.startsWith("/services/oauth2/")) {
          reply = oauthEndpoints.handle(method, path.substring("/services/oauth2/".length()), query, headers::getFirst, body);
        } else if (path.startsWith("/id/")) {
          reply = identity(headers.getFirst("Authorization"));
        } else {
          reply = HttpReply.json(404, List.of(Map.of("errorCode", "NOT_FOUND", "message", "The requested resource does not exist")));
        }
      }
      write(exchange, reply);
    } catch (IOException | RuntimeException e) {
      try {
        write(exchange, HttpReply.json(500, List.of(Map.of("errorCode", "UNKNOWN_EXCEPTION",
            "message", "An unexpected error occurred: " + e.getClass().getSimpleName()))));
      } catch (IOException | RuntimeException ignored) {
        // Response already (partly) sent; nothing more to do.
      }
    }
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
