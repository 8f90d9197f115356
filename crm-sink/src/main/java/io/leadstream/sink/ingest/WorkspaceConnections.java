package io.leadstream.sink.ingest;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.leadstream.sink.SinkProperties;
import io.leadstream.sink.budget.ApiBudget;
import io.leadstream.sink.matching.MatchStrategy;
import io.leadstream.sink.salesforce.ErrorClass;
import io.leadstream.sink.salesforce.OAuthTokenSource;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/** The Salesforce connection of each configured workspace, built once, keyed by workspace id. */
public final class WorkspaceConnections {

  /** Everything the sink needs to write one workspace's leads to its org. */
  public record Connection(String workspaceId, SalesforceClient client, ApiBudget budget,
                           List<MatchStrategy> matchOrder, boolean createMissingLeads, FieldNames fields,
                           TaskMapper tasks, EventMapper events, LeadFields leadFields) {
  }

  private final SinkProperties props;
  private final HttpClient http;
  private final JsonMapper json;
  private final TokenStore tokens;
  private final SinkMetrics metrics;
  private final Clock clock;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  public WorkspaceConnections(SinkProperties props, HttpClient http, JsonMapper json, TokenStore tokens,
                              SinkMetrics metrics, Clock clock) {
    this.props = props;
    this.http = http;
    this.json = json;
    this.tokens = tokens;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The workspace's connection; empty when the workspace has no Salesforce org configured. */
  public Optional<Connection> forWorkspace(String workspaceId) {
    SinkProperties.Workspace ws = props.getWorkspaces().get(workspaceId);
    if (ws == null || ws.getLoginUrl() == null || ws.getLoginUrl().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(connections.computeIfAbsent(workspaceId, id -> build(id, ws)));
  }

  private Connection build(String workspaceId, SinkProperties.Workspace ws) {
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
    return new Connection(workspaceId, client, metrics.budget(workspaceId), List.copyOf(ws.getMatchOrder()),
        ws.isCreateMissingLeads(), fields, new TaskMapper(fields), new EventMapper(fields), new LeadFields(fields));
  }

  static Duration orDefault(Duration d, Duration fallback) {
    return d == null ? fallback : d;
  }
}
