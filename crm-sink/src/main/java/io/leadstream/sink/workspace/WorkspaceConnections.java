package io.leadstream.sink.workspace;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.leadstream.salesforce.preflight.Preflight;
import io.leadstream.sink.SinkProperties;
import io.leadstream.sink.budget.ApiBudget;
import io.leadstream.sink.ingest.SinkMetrics;
import io.leadstream.sink.matching.MatchStrategy;
import io.leadstream.sink.salesforce.ErrorClass;
import io.leadstream.sink.salesforce.FieldLimits;
import io.leadstream.sink.salesforce.LoginUrls;
import io.leadstream.sink.salesforce.OAuthGrant;
import io.leadstream.sink.salesforce.OAuthTokenSource;
import io.leadstream.sink.salesforce.OrgSetupCheck;
import io.leadstream.sink.salesforce.SalesforceApiException;
import io.leadstream.sink.salesforce.SalesforceClient;
import io.leadstream.sink.salesforce.TokenStore;
import io.leadstream.sink.summary.EventMapper;
import io.leadstream.sink.summary.FieldNames;
import io.leadstream.sink.summary.LeadFields;
import io.leadstream.sink.summary.TaskMapper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each workspace's CRM connection, from two places: the operator's configuration
 * ({@code leadstream.sink.workspaces.<id>.*}: server-to-server grants, client credentials or JWT bearer)
 * and the lead database, where event-api stores the refresh token of a workspace connected through the
 * web flow, with the workspace's settings (login URL, field mapping, createMissingLeads) beside it. A
 * configured server-to-server workspace without a login URL of its own takes the {@code loginUrl} of its
 * workspace settings, set at runtime through event-api's admin API. The database is re-read every
 * {@code refreshEvery}: a workspace connected through the web flow syncs without a restart, a disconnect
 * stops its writes within that time, a changed setting is used from then on, and a reconnect (a new grant)
 * is noticed so a workspace waiting for one is retried at once.
 */
public final class WorkspaceConnections {
  private static final Logger log = LoggerFactory.getLogger(WorkspaceConnections.class);
  private static final Preflight PREFLIGHT = Preflight.bundled();

  /**
   * Everything the sink needs to write one workspace's leads to its org, with the check of that org's setup;
   * {@code orgId}: the org of a web-flow grant (links are made in and read for it), null for a server-to-server one.
   */
  public record Connection(String workspaceId, SalesforceClient client, ApiBudget budget,
                           List<MatchStrategy> matchOrder, boolean createMissingLeads, FieldNames fields,
                           TaskMapper tasks, EventMapper events, LeadFields leadFields, FieldLimits limits,
                           OrgSetupCheck setup, String orgId) {
  }

  /**
   * A connection the web flow stored: its grant's time (a reconnect changes it), the login URL that issued it
   * and its org (null for a grant stored before they were), and the workspace's settings.
   */
  private record Stored(String instanceUrl, Instant connectedAt, String loginUrl, String orgId, String settingsJson) {
  }

  /** A workspace's settings as last read (null: no such enabled workspace), and when. */
  private record Settings(String json, long readAt) {
  }

  private final SinkProperties props;
  private final HttpClient http;
  private final JsonMapper json;
  private final TokenStore tokens;
  private final SinkMetrics metrics;
  private final Clock clock;
  private final JdbcTemplate jdbc;
  private final LongSupplier nanoTime;
  private final long refreshNanos;
  private final Map<String, Connection> configured = new ConcurrentHashMap<>();
  private final Map<String, Map.Entry<Stored, Connection>> fromDatabase = new ConcurrentHashMap<>();
  private final Map<String, Map.Entry<String, Connection>> configuredAtRuntime = new ConcurrentHashMap<>();
  private final Map<String, Settings> settings = new ConcurrentHashMap<>();
  private final Set<String> waitingForLoginUrl = ConcurrentHashMap.newKeySet();
  private final Set<String> reconnected = ConcurrentHashMap.newKeySet();
  private volatile Map<String, Stored> stored = Map.of();
  private volatile long storedAt;
  private volatile boolean storedLoaded;

  public WorkspaceConnections(SinkProperties props, HttpClient http, JsonMapper json, TokenStore tokens,
                              SinkMetrics metrics, Clock clock, JdbcTemplate jdbc, Duration refreshEvery,
                              LongSupplier nanoTime) {
    checkConfigured(props);
    this.props = props;
    this.http = http;
    this.json = json;
    this.tokens = tokens;
    this.metrics = metrics;
    this.clock = clock;
    this.jdbc = jdbc;
    this.refreshNanos = refreshEvery.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Refuses, at start-up, a configuration Salesforce would refuse at every token request: client_credentials
   * on a generic login host (the flow needs the org's My Domain URL).
   *
   * @throws IllegalStateException naming the property to fix
   */
  public static void checkConfigured(SinkProperties props) {
    props.getWorkspaces().forEach((id, ws) -> {
      if (ws.getGrant() == OAuthGrant.CLIENT_CREDENTIALS && LoginUrls.isGenericLoginHost(ws.getLoginUrl())) {
        throw new IllegalStateException("leadstream.sink.workspaces." + id + ".login-url is " + ws.getLoginUrl()
            + ": grant client_credentials needs the org's My Domain URL (https://<domain>.my.salesforce.com);"
            + " Salesforce refuses it on login.salesforce.com and test.salesforce.com");
      }
    });
  }

  /** The workspace's connection; empty when it has none (its records wait to be backfilled). */
  public Optional<Connection> forWorkspace(String workspaceId) {
    SinkProperties.Workspace ws = props.getWorkspaces().get(workspaceId);
    if (ws != null && ws.getLoginUrl() != null && !ws.getLoginUrl().isBlank()) {
      return Optional.of(configured.computeIfAbsent(workspaceId, id -> build(id, ws,
          "leadstream.sink.workspaces." + id + ".login-url", null)));
    }
    if (ws != null && loginUrlAtRuntime(ws)) {
      return configuredAtRuntime(workspaceId, ws);
    }
    Stored now = stored().get(workspaceId);
    if (now == null) {
      fromDatabase.remove(workspaceId);
      return Optional.empty();
    }
    Map.Entry<Stored, Connection> built = fromDatabase.compute(workspaceId, (id, old) ->
        old != null && old.getKey().equals(now) ? old : Map.entry(now, build(id, fromSettings(now),
            loginUrlSetting(id), now.orgId())));
    return Optional.of(built.getValue());
  }

  /**
   * Server-to-server credentials from the configuration, login URL from the workspace's settings; rebuilt when
   * the settings change. A login URL the grant cannot use is not refused here but by the token source, before
   * any request: the workspace is then setup_incomplete and its records held until the setting is fixed.
   */
  private Optional<Connection> configuredAtRuntime(String workspaceId, SinkProperties.Workspace ws) {
    String json = settingsJson(workspaceId);
    if (json == null || !this.json.readTree(json).hasNonNull("loginUrl")) {
      configuredAtRuntime.remove(workspaceId);
      waitingForLoginUrl.add(workspaceId);
      return Optional.empty(); // no login URL yet: its records wait as not_connected
    }
    boolean appeared = waitingForLoginUrl.remove(workspaceId);
    Map.Entry<String, Connection> built = configuredAtRuntime.compute(workspaceId, (id, old) -> {
      if (old != null && old.getKey().equals(json)) {
        return old;
      }
      if (old != null || appeared) {
        reconnected.add(id); // a login URL set, or one the grant could not use fixed: retry now
      }
      return Map.entry(json, build(id, withSettings(copy(ws), json), loginUrlSetting(id), null));
    });
    return Optional.of(built.getValue());
  }

  /** A configured server-to-server workspace without a login URL: it comes from the workspace's settings. */
  private static boolean loginUrlAtRuntime(SinkProperties.Workspace ws) {
    return (ws.getLoginUrl() == null || ws.getLoginUrl().isBlank()) && ws.getGrant() != OAuthGrant.REFRESH_TOKEN
        && ws.getClientId() != null && !ws.getClientId().isBlank();
  }

  private static String loginUrlSetting(String workspaceId) {
    return "the workspace setting loginUrl (PATCH /admin/v1/workspaces/" + workspaceId + ")";
  }

  /** The workspace's settings JSON, re-read at most every {@code refreshEvery}; null for a missing or disabled one. */
  private String settingsJson(String workspaceId) {
    long now = nanoTime.getAsLong();
    Settings cached = settings.get(workspaceId);
    if (cached != null && now - cached.readAt() < refreshNanos) {
      return cached.json();
    }
    try {
      String json = jdbc.query("SELECT settings::text FROM workspaces WHERE workspace_id = ? AND NOT disabled",
          (rs, i) -> rs.getString(1), workspaceId).stream().findFirst().orElse(null);
      settings.put(workspaceId, new Settings(json, now));
      return json;
    } catch (DataAccessException e) {
      // The database is down: the batch pauses on its own; keep the settings last seen meanwhile.
      log.warn("Could not read the settings of workspace {}: {}", workspaceId, e.getMostSpecificCause().toString());
      return cached == null ? null : cached.json();
    }
  }

  /**
   * Workspaces whose web-flow grant appeared or changed since the last call (a reconnect), or whose settings
   * gave a configured workspace its login URL or a new one: retry them now.
   */
  public Set<String> takeReconnected() {
    stored();
    props.getWorkspaces().forEach((id, ws) -> {
      if (loginUrlAtRuntime(ws)) {
        configuredAtRuntime(id, ws); // re-reads its settings when due
      }
    });
    Set<String> taken = new HashSet<>(reconnected);
    reconnected.removeAll(taken);
    return taken;
  }

  private Map<String, Stored> stored() {
    long now = nanoTime.getAsLong();
    if (storedLoaded && now - storedAt < refreshNanos) {
      return stored;
    }
    Map<String, Stored> rows = new HashMap<>();
    try {
      jdbc.query("""
          SELECT c.workspace_id, c.instance_url, c.created_at, c.login_url, c.org_id, COALESCE(w.settings::text, '{}')
          FROM crm_connections c LEFT JOIN workspaces w ON w.workspace_id = c.workspace_id
          WHERE c.refresh_token_enc IS NOT NULL AND c.provider = 'salesforce' AND NOT COALESCE(w.disabled, false)""",
          rs -> {
            rows.put(rs.getString(1), new Stored(rs.getString(2),
                io.leadstream.leaddb.SqlTimes.instant(rs, 3), rs.getString(4), rs.getString(5), rs.getString(6)));
          });
    } catch (DataAccessException e) {
      // The database is down: the batch pauses on its own; keep the connections last seen meanwhile.
      log.warn("Could not read CRM connections: {}", e.getMostSpecificCause().toString());
      return stored;
    }
    Map<String, Stored> before = stored;
    rows.forEach((ws, s) -> {
      Stored old = before.get(ws);
      if (storedLoaded && (old == null || !old.connectedAt().equals(s.connectedAt()))) {
        reconnected.add(ws);
      }
    });
    stored = Map.copyOf(rows);
    storedAt = now;
    storedLoaded = true;
    return stored;
  }

  /**
   * A web-flow workspace: the refresh-token grant of the connected app, refreshed where it was issued (a
   * sandbox's grant at its sandbox host, whatever the workspace's setting says since), else at the
   * workspace's login URL setting, else at the connected app's. Salesforce's OAuth endpoints are per host: a
   * sandbox uses test.salesforce.com (or its My Domain) in every endpoint, the token request of the refresh
   * flow included (https://developer.salesforce.com/docs/atlas.en-us.222.0.api_rest.meta/api/intro_understanding_oauth_endpoints.htm,
   * https://help.salesforce.com/apex/HTViewHelpDoc?id=remoteaccess_oauth_refresh_token_flow.htm), so a
   * refresh token sent to another org's host is refused. The org is the one of the grant's identity URL
   * ({@code https://login.salesforce.com/id/<orgId>/<userId>},
   * https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_openid.htm&type=5), stored by event-api.
   */
  private SinkProperties.Workspace fromSettings(Stored s) {
    SinkProperties.Workspace ws = new SinkProperties.Workspace();
    SinkProperties.ConnectedApp app = props.getSalesforce().getConnectedApp();
    ws.setGrant(OAuthGrant.REFRESH_TOKEN);
    ws.setClientId(app.getClientId());
    ws.setClientSecret(app.getClientSecret());
    ws.setLoginUrl(app.getLoginUrl());
    withSettings(ws, s.settingsJson());
    if (s.loginUrl() != null) {
      ws.setLoginUrl(s.loginUrl()); // where the grant was issued: its refreshes go there, whatever the settings say
    }
    return ws;
  }

  private static SinkProperties.Workspace copy(SinkProperties.Workspace from) {
    SinkProperties.Workspace ws = new SinkProperties.Workspace();
    ws.setGrant(from.getGrant());
    ws.setLoginUrl(from.getLoginUrl());
    ws.setClientId(from.getClientId());
    ws.setClientSecret(from.getClientSecret());
    ws.setUsername(from.getUsername());
    ws.setPrivateKey(from.getPrivateKey());
    ws.setAudience(from.getAudience());
    ws.setMatchOrder(new ArrayList<>(from.getMatchOrder()));
    ws.setCreateMissingLeads(from.isCreateMissingLeads());
    ws.setFields(new LinkedHashMap<>(from.getFields()));
    return ws;
  }

  /** The workspace's settings (login URL, createMissingLeads, field mapping) over {@code ws}. */
  private SinkProperties.Workspace withSettings(SinkProperties.Workspace ws, String settingsJson) {
    JsonNode settings = json.readTree(settingsJson);
    if (settings.hasNonNull("loginUrl")) {
      ws.setLoginUrl(settings.path("loginUrl").asString());
    }
    if (settings.hasNonNull("createMissingLeads")) {
      ws.setCreateMissingLeads(settings.path("createMissingLeads").asBoolean());
    }
    Map<String, String> mapping = new LinkedHashMap<>(ws.getFields());
    settings.path("fieldMapping").properties().forEach(e -> {
      if (FieldNames.DEFAULTS.containsKey(e.getKey())) {
        mapping.put(e.getKey(), e.getValue().asString());
      } else {
        log.warn("Workspace field mapping names an unknown field key '{}'; known: {}", e.getKey(),
            FieldNames.DEFAULTS.keySet());
      }
    });
    ws.setFields(mapping);
    return ws;
  }

  private Connection build(String workspaceId, SinkProperties.Workspace ws, String loginUrlSetting, String orgId) {
    SinkProperties.Salesforce sf = props.getSalesforce();
    OAuthTokenSource tokenSource = new OAuthTokenSource(new OAuthTokenSource.Settings(workspaceId, ws.getGrant(),
        ws.getLoginUrl(), ws.getClientId(), ws.getClientSecret(), ws.getUsername(), ws.getPrivateKey(),
        ws.getAudience(), sf.getSessionTtl(), loginUrlSetting), http, json, tokens, clock,
        () -> metrics.onCall(workspaceId, "oauth.token", "requested"));
    CircuitBreaker breaker = CircuitBreaker.of("salesforce-" + workspaceId, CircuitBreakerConfig.custom()
        .failureRateThreshold(sf.getCircuitFailureRate())
        .slidingWindowSize(sf.getCircuitWindow())
        .minimumNumberOfCalls(Math.min(sf.getCircuitWindow(), 10))
        .waitDurationInOpenState(sf.getCircuitOpenFor())
        .permittedNumberOfCallsInHalfOpenState(2)
        // Only an unhealthy Salesforce counts: network errors and 5xx; 4xx are answers.
        .recordException(e -> e instanceof SalesforceApiException s && (s.status() == 0 || s.status() >= 500))
        .build());
    Retry retry = Retry.of("salesforce-" + workspaceId, RetryConfig.custom()
        .maxAttempts(Math.max(1, sf.getRetryAttempts()))
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(sf.getRetryBackoff(), 2.0, 0.3))
        .retryOnException(e -> e instanceof SalesforceApiException s && s.errorClass() == ErrorClass.RETRY)
        .build());
    SalesforceClient client = new SalesforceClient(workspaceId, http, json, sf.getApiVersion(), tokenSource, breaker,
        retry, metrics, sf.getRequestTimeout());
    FieldNames fields = FieldNames.withOverrides(ws.getFields());
    FieldLimits limits = new FieldLimits(client, clock);
    return new Connection(workspaceId, client, metrics.budget(workspaceId), List.copyOf(ws.getMatchOrder()),
        ws.isCreateMissingLeads(), fields, new TaskMapper(fields), new EventMapper(fields), new LeadFields(fields),
        limits, new OrgSetupCheck(client, fields, ws.isCreateMissingLeads(), limits, PREFLIGHT), orgId);
  }
}
