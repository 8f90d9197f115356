package io.leadstream.api.salesforce;

import io.leadstream.api.ApiProperties;
import io.leadstream.access.RequiresScope;
import io.leadstream.leaddb.access.Caller;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.api.ingest.JsonFields;
import io.leadstream.api.ingest.RequestJson;
import io.leadstream.api.repair.SyncStates;
import io.leadstream.api.web.ApiException;
import io.leadstream.api.web.FieldError;
import io.leadstream.leaddb.ConnectionStore;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Connecting a workspace to its Salesforce org through the OAuth web-server flow (seed 001, SPEC §10). */
@RestController
public class SalesforceController {
  private static final Logger log = LoggerFactory.getLogger(SalesforceController.class);
  private static final String PROVIDER = "salesforce";
  /** Where Salesforce redirects the browser: public, authenticated by its signed single-use state. */
  public static final String CALLBACK_PATH = "/api/salesforce/oauth/callback";

  private final SalesforceOAuth oauth;
  private final OAuthStates states;
  private final ConnectionStore connections;
  private final RequestJson json;
  private final ApiProperties.Salesforce settings;
  private final SyncStates syncStates;
  private final LoginUrls loginUrls;
  private final OrgSetupCheck setup;
  private final Clock clock;

  public SalesforceController(SalesforceOAuth oauth, OAuthStates states, ConnectionStore connections,
                              RequestJson json, ApiProperties.Salesforce settings, SyncStates syncStates,
                              LoginUrls loginUrls, OrgSetupCheck setup, Clock clock) {
    this.oauth = oauth;
    this.loginUrls = loginUrls;
    this.states = states;
    this.connections = connections;
    this.json = json;
    this.settings = settings;
    this.syncStates = syncStates;
    this.setup = setup;
    this.clock = clock;
  }

  @Operation(summary = "Start connecting Salesforce", description = "The authorize URL to open, at the workspace's "
      + "login URL (its loginUrl setting: production, sandbox or My Domain; else the configured default), with a "
      + "signed, single-use state bound to the caller's workspace and a PKCE S256 challenge (its verifier stays "
      + "here). 409 when the workspace's loginUrl setting is no https login URL.")
  @RequiresScope(Scope.CRM_CONNECT)
  @GetMapping(path = "/api/salesforce/oauth/initiate", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> initiate(@RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace) {
    requireConfigured();
    String loginUrl = loginUrls.forWorkspace(workspace);
    OAuthStates.Issued issued = states.issue(workspace, loginUrl);
    return Map.of("authUrl", oauth.authorizeUrl(loginUrl, issued.state(), issued.codeChallenge()));
  }

  @Operation(summary = "OAuth callback", description = "Salesforce redirects here with code and state; the state "
      + "is verified (forged, expired or reused → 400), the code exchanged with the PKCE verifier at the login URL "
      + "the authorize request went to, and the tokens stored encrypted with that login URL and the org. Answers "
      + "{success, instanceUrl, loginUrl, environment, orgId, orgChanged, setup}: when the org is not the one the "
      + "workspace was connected to, its cached matches into the old org are dropped (previousOrgId, linksCleared, "
      + "reviewsClosed, pendingRematched) and its leads are matched again in the new org. setup {complete, problems: "
      + "[{object, field, problem, message}]} is the org's preflight: every field, flag or permission Leadstream "
      + "needs and the org lacks.")
  @GetMapping(path = CALLBACK_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> callback(@RequestParam(required = false) String code,
                                      @RequestParam(required = false) String state,
                                      @RequestParam(required = false) String error,
                                      @RequestParam(name = "error_description", required = false) String description) {
    OAuthStates.Pending pending = states.consume(state).orElseThrow(() -> ApiException.invalid("state",
        "unknown, expired, already used or forged OAuth state"));
    String workspace = pending.workspaceId();
    if (error != null) {
      throw ApiException.invalid("error", "Salesforce refused the connection: " + truncate(error + " "
          + (description == null ? "" : description)));
    }
    if (code == null || code.isBlank() || code.length() > 512) {
      throw ApiException.invalid("code", "is required");
    }
    requireConfigured();
    // A state issued before login URLs were kept with it: the workspace's login URL as it is now.
    String loginUrl = pending.loginUrl() != null ? pending.loginUrl() : loginUrls.forWorkspace(workspace);
    SalesforceOAuth.Tokens tokens;
    try {
      tokens = oauth.exchange(loginUrl, code, pending.codeVerifier());
    } catch (SalesforceOAuth.SalesforceError e) {
      throw new ApiException(HttpStatus.BAD_GATEWAY, "Salesforce refused the code: " + truncate(e.getMessage()));
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(e);
    }
    if (tokens.orgId() == null) {
      // Without the org a reconnect to another org could not be told from one to the same: store nothing.
      throw new ApiException(HttpStatus.BAD_GATEWAY, "Salesforce's token response names no org (id).");
    }
    ConnectionStore.Connected stored = connections.connect(new ConnectionStore.WebFlowGrant(workspace, PROVIDER,
        tokens.instanceUrl(), loginUrl, tokens.orgId(), tokens.userId(), tokens.accessToken(), tokens.refreshToken(),
        clock.instant().plus(settings.getSessionTtl())));
    if (stored.orgChanged()) {
      log.warn("Workspace {} reconnected to another Salesforce org ({} -> {}): cleared {} links, closed {} reviews,"
              + " {} waiting records to be matched in the new org", workspace, stored.previousOrgId(),
          stored.orgId(), stored.linksCleared(), stored.reviewsClosed(), stored.pendingRematched());
    }
    log.info("Workspace {} connected Salesforce org {} at {} through {} ({})", workspace, tokens.orgId(),
        tokens.instanceUrl(), loginUrl, LoginUrl.environment(loginUrl));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("success", true);
    answer.put("instanceUrl", tokens.instanceUrl());
    answer.put("loginUrl", loginUrl);
    answer.put("environment", LoginUrl.environment(loginUrl));
    answer.put("orgId", tokens.orgId());
    answer.put("orgChanged", stored.orgChanged());
    if (stored.orgChanged()) {
      answer.put("previousOrgId", stored.previousOrgId());
      answer.put("linksCleared", stored.linksCleared());
      answer.put("reviewsClosed", stored.reviewsClosed());
      answer.put("pendingRematched", stored.pendingRematched());
    }
    answer.put("setup", setupAfterConnect(workspace, tokens));
    return answer;
  }

  /** The preflight of a just-connected org; the connection stands even when the check cannot run. */
  private Map<String, Object> setupAfterConnect(String workspace, SalesforceOAuth.Tokens tokens) {
    try {
      return setup.check(workspace, tokens.instanceUrl(), tokens.accessToken());
    } catch (SalesforceOAuth.SalesforceError | IOException e) {
      log.warn("Could not check the org setup of workspace {}: {}", workspace, e.toString());
      return Map.of("complete", false, "error", "the org could not be checked; run POST /api/salesforce/test-sync");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(e);
    }
  }

  @Operation(summary = "Connection status of the caller's workspace", description = "The org (orgId), the login "
      + "URL its grant came from and that URL's environment (production, sandbox, my-domain, local, other); never a "
      + "token. With syncState {state "
      + "(connected, throttled, needs_reconnect, setup_incomplete, budget_exhausted, not_connected; unknown before "
      + "crm-sink first synced it), reason, since, retryAt, pending: records waiting by reason}.")
  @RequiresScope(Scope.CRM_CONNECT)
  @GetMapping(path = "/api/salesforce/status", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> status(@RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace) {
    Optional<ConnectionStore.Connection> c = connections.connection(workspace)
        .filter(ConnectionStore.Connection::connected);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("connected", c.isPresent());
    answer.put("instanceUrl", c.map(ConnectionStore.Connection::instanceUrl).orElse(null));
    answer.put("orgId", c.map(ConnectionStore.Connection::orgId).orElse(null));
    answer.put("loginUrl", c.map(ConnectionStore.Connection::loginUrl).orElse(null));
    answer.put("environment", c.map(ConnectionStore.Connection::loginUrl).map(LoginUrl::environment).orElse(null));
    answer.put("lastSync", c.map(ConnectionStore.Connection::lastSyncAt).map(t -> t.toEpochMilli()).orElse(null));
    answer.put("connectedAt", c.map(ConnectionStore.Connection::connectedAt).orElse(null));
    answer.put("syncState", syncStates.of(workspace));
    return answer;
  }

  @Operation(summary = "Disconnect", description = "Revokes the refresh token at Salesforce (which revokes its "
      + "access tokens) and removes the stored connection. 503 when Salesforce cannot be reached (nothing removed).")
  @RequiresScope(Scope.CRM_CONNECT)
  @DeleteMapping(path = "/api/salesforce/disconnect", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> disconnect(@RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace) {
    Optional<String> token = connections.refreshToken(workspace)
        .or(() -> connections.accessToken(workspace).map(ConnectionStore.StoredAccessToken::value));
    if (token.isPresent()) {
      try {
        oauth.revoke(grantLoginUrl(workspace), token.get());
      } catch (SalesforceOAuth.SalesforceError e) {
        // Already revoked or unknown to Salesforce: nothing left to revoke there.
        log.info("Salesforce did not revoke the token of workspace {}: {}", workspace, e.getMessage());
      } catch (IOException e) {
        throw unreachable(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw unreachable(e);
      }
    }
    boolean removed = connections.delete(workspace);
    return Map.of("success", true, "message", removed ? "Salesforce disconnected" : "Salesforce was not connected");
  }

  @Operation(summary = "Test the connection", description = "Body {phoneNumber?, callId?}: with a phone number, "
      + "the SOSL phone search crm-sink uses; the first matching Lead/Contact is returned. setup {complete, problems: "
      + "[{object, field, problem, message}]} is the org's preflight (a passing org crm-sink held as "
      + "setup_incomplete is retried at once). 409 when not connected.")
  @RequiresScope(Scope.CRM_CONNECT)
  @PostMapping(path = "/api/salesforce/test-sync", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> testSync(@RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace,
                                      @RequestBody(required = false) byte[] body) {
    String phone = null;
    String callId = null;
    if (body != null && body.length > 0) {
      List<FieldError> errors = new ArrayList<>();
      JsonFields f = new JsonFields(json.object(body), "", errors);
      f.onlyKnown(Set.of("phoneNumber", "callId"));
      phone = f.phone("phoneNumber", false);
      callId = f.string("callId", JsonFields.ID_MAX, false);
      if (!errors.isEmpty()) {
        throw ApiException.invalid(errors);
      }
    }
    ConnectionStore.Connection c = connections.connection(workspace).filter(ConnectionStore.Connection::connected)
        .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "Salesforce is not connected for this workspace."));
    try {
      String access = accessToken(workspace);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("success", true);
      answer.put("callId", callId);
      if (phone != null) {
        Map<String, String> match = oauth.findByPhone(c.instanceUrl(), access, phone);
        answer.put("matched", !match.isEmpty());
        answer.putAll(match);
      }
      answer.put("setup", setup.check(workspace, c.instanceUrl(), access));
      return answer;
    } catch (SalesforceOAuth.SalesforceError e) {
      throw new ApiException(HttpStatus.BAD_GATEWAY, "Salesforce answered " + e.status() + ": "
          + truncate(e.getMessage()));
    } catch (PessimisticLockingFailureException e) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "The Salesforce token is being refreshed; try again.",
          List.of(), Map.of(), 5);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(e);
    }
  }

  private String accessToken(String workspace) throws IOException, InterruptedException,
      SalesforceOAuth.SalesforceError {
    Optional<ConnectionStore.StoredAccessToken> stored = connections.accessToken(workspace);
    if (stored.isPresent() && (stored.get().expiresAt() == null || stored.get().expiresAt().isAfter(clock.instant()))) {
      return stored.get().value();
    }
    // One refresher at a time with crm-sink, which refreshes the same grant: with rotation the loser's token is dead.
    try {
      return connections.refreshUnderLock(workspace, stored.map(ConnectionStore.StoredAccessToken::value).orElse(null),
              clock.instant(), refresh -> oauth.refresh(grantLoginUrl(workspace), refresh, clock.instant()))
          .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT,
              "The connection has no refresh token; connect again.")).value();
    } catch (IOException | InterruptedException | SalesforceOAuth.SalesforceError | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // refresh throws nothing else
    }
  }

  /** Where the workspace's grant was issued: its refreshes and revocation go there (a sandbox's to its host). */
  private String grantLoginUrl(String workspace) {
    return connections.connection(workspace).map(ConnectionStore.Connection::loginUrl)
        .orElseGet(() -> loginUrls.forWorkspace(workspace));
  }

  private void requireConfigured() {
    if (!oauth.configured()) {
      throw new ApiException(HttpStatus.CONFLICT, "No Salesforce connected app is configured (LEADSTREAM_API_"
          + "SALESFORCE_CLIENT_ID, _CLIENT_SECRET, _CALLBACK_URL).");
    }
  }

  private ApiException unreachable(Exception e) {
    log.warn("Salesforce unreachable: {}", e.toString());
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Salesforce could not be reached.", List.of(), Map.of(),
        5);
  }

  private static String truncate(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
  }
}
