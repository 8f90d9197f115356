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
 * web flow, with the workspace's settings (login URL, field mapping, createMissingLeads) beside it. The
 * database is re-read every {@code refreshEvery}: a workspace connected through the web flow syncs
 * without a restart, a disconnect stops its writes within that time, and a reconnect (a new grant) is
 * noticed so a workspace waiting for one is retried at once.
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
  private final Set<String> reconnected = ConcurrentHashMap.newKeySet();
  private volatile Map<String, Stored> stored = Map.of();
  private volatile long storedAt;
  private volatile boolean storedLoaded;

  public WorkspaceConnections(SinkProperties props, HttpClient http, JsonMapper json, TokenStore tokens,
                              SinkMetrics metrics, Clock clock, JdbcTemplate jdbc, Duration refreshEvery,
                              LongSupplier nanoTime) {
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

  /** The workspace's connection; empty when it has none (its records wait to be backfilled). */
  public Optional<Connection> forWorkspace(String workspaceId) {
    SinkProperties.Workspace ws = props.getWorkspaces().get(workspaceId);
    if (ws != null && ws.getLoginUrl() != null && !ws.getLoginUrl().isBlank()) {
      return Optional.of(configured.computeIfAbsent(workspaceId, id -> build(id, ws, null)));
    }
    Stored now = stored().get(workspaceId);
    if (now == null) {
      fromDatabase.remove(workspaceId);
      return Optional.empty();
    }
    Map.Entry<Stored, Connection> built = fromDatabase.compute(workspaceId, (id, old) ->
        old != null && old.getKey().equals(now) ? old : Map.entry(now, build(id, fromSettings(now), now.orgId())));
    return Optional.of(built.getValue());
  }

  /** Workspaces whose web-flow grant appeared or changed since the last call (a reconnect): retry them now. */
  public Set<String> takeReconnected() {
    stored();
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
    JsonNode settings = json.readTree(s.settingsJson());
    if (s.loginUrl() != null) {
      ws.setLoginUrl(s.loginUrl());
    } else if (settings.hasNonNull("loginUrl")) {
      ws.setLoginUrl(settings.path("loginUrl").asString());
    }
    if (settings.hasNonNull("createMissingLeads")) {
      ws.setCreateMissingLeads(settings.path("createMissingLeads").asBoolean());
    }
    Map<String, String> mapping = new LinkedHashMap<>();
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

  private Connection build(String workspaceId, SinkProperties.Workspace ws, String orgId) {
    SinkProperties.Salesforce sf = props.getSalesforce();
    OAuthTokenSource tokenSource = new OAuthTokenSource(new OAuthTokenSource.Settings(workspaceId, ws.getGrant(),
        ws.getLoginUrl(), ws.getClientId(), ws.getClientSecret(), ws.getUsername(), ws.getPrivateKey(),
        ws.getAudience(), sf.getSessionTtl()), http, json, tokens, clock,
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
