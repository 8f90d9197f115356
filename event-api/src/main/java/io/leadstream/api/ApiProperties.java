package io.leadstream.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * event-api settings ({@code leadstream.api.*}; every key also settable from the environment,
 * e.g. {@code LEADSTREAM_API_MAX_BODY_BYTES}). Secrets (token key, OAuth client secret, state
 * key, operator key) come from the environment and are never logged.
 */
@ConfigurationProperties("leadstream.api")
public class ApiProperties {
  private String schemaRegistryUrl = "http://localhost:8085";
  /** Partitions of topics the service creates when missing. */
  private int partitions = 12;
  /** Current AES key sealing CRM tokens in crm_connections, base64 or <id>:<base64> (env LEADSTREAM_TOKEN_KEY, shared with crm-sink). */
  private String tokenKey;
  /** Earlier token keys that still decrypt, comma-separated (env LEADSTREAM_TOKEN_KEYS_PREVIOUS, shared with crm-sink). */
  private String tokenKeysPrevious;
  /** Largest request body accepted, after gzip decoding too (413 beyond). */
  private int maxBodyBytes = 1024 * 1024;
  /** Most events in one POST /api/v1/crm/events array. */
  private int maxEventsPerRequest = 500;
  /** How long a request waits for the broker's acknowledgement before answering 503. */
  private Duration sendTimeout = Duration.ofSeconds(10);
  /** Retry-After seconds of a 503. */
  private int retryAfterSeconds = 5;
  private final Auth auth = new Auth();
  private final RateLimit rateLimit = new RateLimit();
  private final Cadences cadences = new Cadences();
  private final Salesforce salesforce = new Salesforce();
  private final Repair repair = new Repair();

  public static class Auth {
    /**
     * The operator key of the admin API (env LEADSTREAM_ADMIN_KEY, at least 24 characters); unset
     * closes the admin API. It is also how the first operator of an empty database gets in.
     */
    private String adminKey;
    /** How long a token's verified state is cached; a revocation reaches every instance within this (SPEC: 10 s). */
    private Duration cacheTtl = Duration.ofSeconds(5);
    /** While PostgreSQL is unreachable, a token verified this recently still passes. */
    private Duration maxStale = Duration.ofMinutes(1);

    public String getAdminKey() { return adminKey; }
    public void setAdminKey(String v) { this.adminKey = v; }
    public Duration getCacheTtl() { return cacheTtl; }
    public void setCacheTtl(Duration v) { this.cacheTtl = v; }
    public Duration getMaxStale() { return maxStale; }
    public void setMaxStale(Duration v) { this.maxStale = v; }
  }

  public static class RateLimit {
    /** Sustained requests per second per token; 0 disables the limit. */
    private double requestsPerSecond = 500;
    /** Requests a token may send in a burst above the sustained rate. */
    private int burst = 1000;

    public double getRequestsPerSecond() { return requestsPerSecond; }
    public void setRequestsPerSecond(double v) { this.requestsPerSecond = v; }
    public int getBurst() { return burst; }
    public void setBurst(int v) { this.burst = v; }
  }

  public static class Cadences {
    /** Read known cadence ids from the compacted cadence.definitions.v1 topic (ops publish there). */
    private boolean fromTopic = true;
    /** Cadence ids known in addition to the topic's (or instead of it when from-topic=false). */
    private List<String> ids = new ArrayList<>();
    /** How long start-up waits to read the definitions topic to its end. */
    private Duration loadTimeout = Duration.ofSeconds(30);

    public boolean isFromTopic() { return fromTopic; }
    public void setFromTopic(boolean v) { this.fromTopic = v; }
    public List<String> getIds() { return ids; }
    public void setIds(List<String> v) { this.ids = v; }
    public Duration getLoadTimeout() { return loadTimeout; }
    public void setLoadTimeout(Duration v) { this.loadTimeout = v; }
  }

  /** The connected app used for the OAuth web-server flow of every workspace (seed 001). */
  public static class Salesforce {
    private String loginUrl = "https://login.salesforce.com";
    private String clientId;
    private String clientSecret;
    /** This service's callback as registered in the connected app (…/api/salesforce/oauth/callback). */
    private String callbackUrl;
    private String scope = "api refresh_token";
    private String apiVersion = "60.0";
    /** HMAC key signing the OAuth state (base64; env LEADSTREAM_API_STATE_KEY); random per process if unset. */
    private String stateKey;
    private Duration stateTtl = Duration.ofMinutes(10);
    /** Access token lifetime assumed when Salesforce does not say (it does not, in the token response). */
    private Duration sessionTtl = Duration.ofHours(2);
    private Duration requestTimeout = Duration.ofSeconds(15);

    public String getLoginUrl() { return loginUrl; }
    public void setLoginUrl(String v) { this.loginUrl = v; }
    public String getClientId() { return clientId; }
    public void setClientId(String v) { this.clientId = v; }
    public String getClientSecret() { return clientSecret; }
    public void setClientSecret(String v) { this.clientSecret = v; }
    public String getCallbackUrl() { return callbackUrl; }
    public void setCallbackUrl(String v) { this.callbackUrl = v; }
    public String getScope() { return scope; }
    public void setScope(String v) { this.scope = v; }
    public String getApiVersion() { return apiVersion; }
    public void setApiVersion(String v) { this.apiVersion = v; }
    public String getStateKey() { return stateKey; }
    public void setStateKey(String v) { this.stateKey = v; }
    public Duration getStateTtl() { return stateTtl; }
    public void setStateTtl(Duration v) { this.stateTtl = v; }
    public Duration getSessionTtl() { return sessionTtl; }
    public void setSessionTtl(Duration v) { this.sessionTtl = v; }
    public Duration getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(Duration v) { this.requestTimeout = v; }
  }

  /** Bounds of the operator's repair tools (SPEC §8): DLQ scans and replays answer within a request. */
  public static class Repair {
    /** Most DLQ records one list or replay request reads before it answers (complete: false beyond). */
    private int scanBudget = 200_000;
    /** Longest a DLQ scan may take before it answers with what it has (complete: false). */
    private Duration scanTimeout = Duration.ofSeconds(20);
    /** Most records one replay request re-produces; run it again for the rest (replayed ones are skipped). */
    private int replayMax = 5_000;

    public int getScanBudget() { return scanBudget; }
    public void setScanBudget(int v) { this.scanBudget = v; }
    public Duration getScanTimeout() { return scanTimeout; }
    public void setScanTimeout(Duration v) { this.scanTimeout = v; }
    public int getReplayMax() { return replayMax; }
    public void setReplayMax(int v) { this.replayMax = v; }
  }

  public String getSchemaRegistryUrl() { return schemaRegistryUrl; }
  public void setSchemaRegistryUrl(String v) { this.schemaRegistryUrl = v; }
  public int getPartitions() { return partitions; }
  public void setPartitions(int v) { this.partitions = v; }
  public String getTokenKey() { return tokenKey; }
  public void setTokenKey(String v) { this.tokenKey = v; }
  public String getTokenKeysPrevious() { return tokenKeysPrevious; }
  public void setTokenKeysPrevious(String v) { this.tokenKeysPrevious = v; }
  public int getMaxBodyBytes() { return maxBodyBytes; }
  public void setMaxBodyBytes(int v) { this.maxBodyBytes = v; }
  public int getMaxEventsPerRequest() { return maxEventsPerRequest; }
  public void setMaxEventsPerRequest(int v) { this.maxEventsPerRequest = v; }
  public Duration getSendTimeout() { return sendTimeout; }
  public void setSendTimeout(Duration v) { this.sendTimeout = v; }
  public int getRetryAfterSeconds() { return retryAfterSeconds; }
  public void setRetryAfterSeconds(int v) { this.retryAfterSeconds = v; }
  public Auth getAuth() { return auth; }
  public RateLimit getRateLimit() { return rateLimit; }
  public Cadences getCadences() { return cadences; }
  public Salesforce getSalesforce() { return salesforce; }
  public Repair getRepair() { return repair; }
}
