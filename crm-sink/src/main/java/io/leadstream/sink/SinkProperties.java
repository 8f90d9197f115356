package io.leadstream.sink;

import io.leadstream.sink.matching.MatchStrategy;
import io.leadstream.sink.salesforce.OAuthGrant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * crm-sink settings ({@code leadstream.sink.*}, each also settable from the environment, e.g.
 * {@code LEADSTREAM_SINK_SALESFORCE_API_VERSION}). Salesforce connections are per workspace:
 * {@code leadstream.sink.workspaces.<workspaceId>.*}.
 */
@ConfigurationProperties("leadstream.sink")
public class SinkProperties {
  /** Schema registry for the Avro topics. */
  private String schemaRegistryUrl = "http://localhost:8085";
  /** Partitions of topics the sink creates when missing. */
  private int partitions = 12;
  /** Current AES key (16/24/32 bytes, base64 or <id>:<base64>) sealing tokens in crm_connections; env LEADSTREAM_TOKEN_KEY (alias CRM_SINK_TOKEN_KEY). */
  private String tokenKey;
  /** Earlier token keys that still decrypt, comma-separated; env LEADSTREAM_TOKEN_KEYS_PREVIOUS. */
  private String tokenKeysPrevious;
  /**
   * Pause before a batch is redelivered after an outage of the system (PostgreSQL, the broker, the schema
   * registry): nothing can be made durable then. A workspace's own failures never pause consumption.
   */
  private Duration retryPause = Duration.ofSeconds(5);
  /** How often a workspace's held records are looked at (drained when due). */
  private Duration drainInterval = Duration.ofMillis(250);
  /** How often a lead no CRM record matched is searched for again. */
  private Duration rematchInterval = Duration.ofMinutes(10);
  /** How often the web-flow connections and workspace settings are re-read from the database. */
  private Duration connectionsRefresh = Duration.ofSeconds(2);
  private final Backoffs backoff = new Backoffs();
  private final Salesforce salesforce = new Salesforce();
  private final Map<String, Workspace> workspaces = new HashMap<>();

  /**
   * Capped exponential back-off (with jitter) per workspace state, reset by the first success. A
   * throttled org is retried soon (each retry is one request): after an outage ends, the workspace
   * syncs again within about the throttle maximum.
   */
  public static class Backoffs {
    private Duration throttleInitial = Duration.ofMillis(500);
    private Duration throttleMax = Duration.ofMillis(1500);
    private Duration setupInitial = Duration.ofSeconds(30);
    private Duration setupMax = Duration.ofMinutes(5);
    private Duration reconnectInitial = Duration.ofMinutes(1);
    private Duration reconnectMax = Duration.ofMinutes(15);

    public Duration getThrottleInitial() { return throttleInitial; }
    public void setThrottleInitial(Duration v) { this.throttleInitial = v; }
    public Duration getThrottleMax() { return throttleMax; }
    public void setThrottleMax(Duration v) { this.throttleMax = v; }
    public Duration getSetupInitial() { return setupInitial; }
    public void setSetupInitial(Duration v) { this.setupInitial = v; }
    public Duration getSetupMax() { return setupMax; }
    public void setSetupMax(Duration v) { this.setupMax = v; }
    public Duration getReconnectInitial() { return reconnectInitial; }
    public void setReconnectInitial(Duration v) { this.reconnectInitial = v; }
    public Duration getReconnectMax() { return reconnectMax; }
    public void setReconnectMax(Duration v) { this.reconnectMax = v; }
  }

  /** The connected app of the web flow (shared with event-api): refreshes the grants workspaces connected with. */
  public static class ConnectedApp {
    private String loginUrl = "https://login.salesforce.com";
    private String clientId;
    private String clientSecret;

    public String getLoginUrl() { return loginUrl; }
    public void setLoginUrl(String v) { this.loginUrl = v; }
    public String getClientId() { return clientId; }
    public void setClientId(String v) { this.clientId = v; }
    public String getClientSecret() { return clientSecret; }
    public void setClientSecret(String v) { this.clientSecret = v; }
  }

  public static class Salesforce {
    /** REST API version, e.g. 60.0. */
    private String apiVersion = "60.0";
    /** Share of the daily API limit left to the org's other integrations. */
    private double budgetHeadroom = 0.20;
    /** While over budget, how often one request may check whether usage went down. */
    private Duration budgetProbeInterval = Duration.ofMinutes(1);
    private Duration requestTimeout = Duration.ofSeconds(30);
    /**
     * How long one workspace's write in a batch (or one drain of its held records) may take: past it the
     * org counts as slow, the rest of its records are held and the other workspaces go on (SPEC §8).
     */
    private Duration writeDeadline = Duration.ofSeconds(5);
    /** The org's session timeout: tokens are refreshed a minute before it. */
    private Duration sessionTtl = Duration.ofHours(2);
    /** Attempts per request on 5xx/network errors (resilience4j Retry). */
    private int retryAttempts = 3;
    private Duration retryBackoff = Duration.ofMillis(500);
    /** Rounds of resubmitting records that failed with UNABLE_TO_LOCK_ROW before the batch is redelivered. */
    private int lockRetries = 4;
    private Duration lockRetryBackoff = Duration.ofMillis(200);
    /** Circuit breaker: failure rate (%) over the last N calls that opens it, and how long it stays open. */
    private float circuitFailureRate = 50;
    private int circuitWindow = 20;
    /** Short: the workspace's own back-off paces retries; an open circuit only stops a burst within one write. */
    private Duration circuitOpenFor = Duration.ofSeconds(1);
    private final ConnectedApp connectedApp = new ConnectedApp();

    public String getApiVersion() { return apiVersion; }
    public void setApiVersion(String v) { this.apiVersion = v; }
    public double getBudgetHeadroom() { return budgetHeadroom; }
    public void setBudgetHeadroom(double v) { this.budgetHeadroom = v; }
    public Duration getBudgetProbeInterval() { return budgetProbeInterval; }
    public void setBudgetProbeInterval(Duration v) { this.budgetProbeInterval = v; }
    public Duration getRequestTimeout() { return requestTimeout; }
    public Duration getWriteDeadline() { return writeDeadline; }
    public void setWriteDeadline(Duration v) { this.writeDeadline = v; }
    public void setRequestTimeout(Duration v) { this.requestTimeout = v; }
    public Duration getSessionTtl() { return sessionTtl; }
    public void setSessionTtl(Duration v) { this.sessionTtl = v; }
    public int getRetryAttempts() { return retryAttempts; }
    public void setRetryAttempts(int v) { this.retryAttempts = v; }
    public Duration getRetryBackoff() { return retryBackoff; }
    public void setRetryBackoff(Duration v) { this.retryBackoff = v; }
    public int getLockRetries() { return lockRetries; }
    public void setLockRetries(int v) { this.lockRetries = v; }
    public Duration getLockRetryBackoff() { return lockRetryBackoff; }
    public void setLockRetryBackoff(Duration v) { this.lockRetryBackoff = v; }
    public float getCircuitFailureRate() { return circuitFailureRate; }
    public void setCircuitFailureRate(float v) { this.circuitFailureRate = v; }
    public int getCircuitWindow() { return circuitWindow; }
    public void setCircuitWindow(int v) { this.circuitWindow = v; }
    public Duration getCircuitOpenFor() { return circuitOpenFor; }
    public void setCircuitOpenFor(Duration v) { this.circuitOpenFor = v; }
    public ConnectedApp getConnectedApp() { return connectedApp; }
  }

  /** One workspace's Salesforce org and how its leads are matched and written. */
  public static class Workspace {
    /** client_credentials (default) or jwt_bearer; workspaces connected through the web flow are not configured here. */
    private OAuthGrant grant = OAuthGrant.CLIENT_CREDENTIALS;
    /**
     * The org's login URL. client_credentials needs the org's My Domain (https://acme.my.salesforce.com, a
     * sandbox's https://acme--uat.sandbox.my.salesforce.com): Salesforce refuses it on login.salesforce.com and
     * test.salesforce.com, so the sink refuses to start with those. jwt_bearer takes a My Domain or
     * https://login.salesforce.com / https://test.salesforce.com. Unset: the workspace's {@code loginUrl} setting
     * (event-api's admin API) is used, read at runtime.
     */
    private String loginUrl;
    private String clientId;
    private String clientSecret;
    /**
     * JWT bearer: the integration user's username and a PKCS#8 PEM private key. {@code audience} defaults to
     * https://test.salesforce.com for a sandbox login URL (test.salesforce.com, *.sandbox.my.salesforce.com) and
     * https://login.salesforce.com otherwise; set it only for an Experience Cloud site URL.
     */
    private String username;
    private String privateKey;
    private String audience;
    private List<MatchStrategy> matchOrder = new ArrayList<>(
        List.of(MatchStrategy.CONTACT_EMAIL, MatchStrategy.LEAD_EMAIL, MatchStrategy.PHONE));
    /** Create a Lead for a lead no strategy found (instead of logging not_found). */
    private boolean createMissingLeads = false;
    /** Field API name overrides, logical key → API name (see FieldNames). */
    private Map<String, String> fields = new HashMap<>();

    public OAuthGrant getGrant() { return grant; }
    public void setGrant(OAuthGrant v) { this.grant = v; }
    public String getLoginUrl() { return loginUrl; }
    public void setLoginUrl(String v) { this.loginUrl = v; }
    public String getClientId() { return clientId; }
    public void setClientId(String v) { this.clientId = v; }
    public String getClientSecret() { return clientSecret; }
    public void setClientSecret(String v) { this.clientSecret = v; }
    public String getUsername() { return username; }
    public void setUsername(String v) { this.username = v; }
    public String getPrivateKey() { return privateKey; }
    public void setPrivateKey(String v) { this.privateKey = v; }
    public String getAudience() { return audience; }
    public void setAudience(String v) { this.audience = v; }
    public List<MatchStrategy> getMatchOrder() { return matchOrder; }
    public void setMatchOrder(List<MatchStrategy> v) { this.matchOrder = v; }
    public boolean isCreateMissingLeads() { return createMissingLeads; }
    public void setCreateMissingLeads(boolean v) { this.createMissingLeads = v; }
    public Map<String, String> getFields() { return fields; }
    public void setFields(Map<String, String> v) { this.fields = v; }
  }

  public String getSchemaRegistryUrl() { return schemaRegistryUrl; }
  public void setSchemaRegistryUrl(String v) { this.schemaRegistryUrl = v; }
  public int getPartitions() { return partitions; }
  public void setPartitions(int v) { this.partitions = v; }
  public String getTokenKey() { return tokenKey; }
  public void setTokenKey(String v) { this.tokenKey = v; }
  public String getTokenKeysPrevious() { return tokenKeysPrevious; }
  public void setTokenKeysPrevious(String v) { this.tokenKeysPrevious = v; }
  public Duration getRetryPause() { return retryPause; }
  public void setRetryPause(Duration v) { this.retryPause = v; }
  public Duration getDrainInterval() { return drainInterval; }
  public void setDrainInterval(Duration v) { this.drainInterval = v; }
  public Duration getRematchInterval() { return rematchInterval; }
  public void setRematchInterval(Duration v) { this.rematchInterval = v; }
  public Duration getConnectionsRefresh() { return connectionsRefresh; }
  public void setConnectionsRefresh(Duration v) { this.connectionsRefresh = v; }
  public Backoffs getBackoff() { return backoff; }
  public Salesforce getSalesforce() { return salesforce; }
  public Map<String, Workspace> getWorkspaces() { return workspaces; }
}
