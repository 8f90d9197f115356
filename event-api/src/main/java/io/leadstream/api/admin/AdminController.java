package io.leadstream.api.admin;

import io.leadstream.access.OperatorOnly;
import io.leadstream.api.ingest.JsonFields;
import io.leadstream.api.ingest.RequestJson;
import io.leadstream.api.repair.SyncStates;
import io.leadstream.api.web.ApiException;
import io.leadstream.api.web.FieldError;
import io.leadstream.leaddb.access.ApiTokenStore;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.schemas.topic.LeadKey;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator's admin API (SPEC §14), opened only by the operator key: onboard workspaces, change
 * their settings or disable them, issue, list and revoke their API tokens. A token's secret is in the
 * answer to its creation and nowhere else.
 */
@RestController
@OperatorOnly
@RequestMapping(path = "/admin/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminController {
  private static final Logger log = LoggerFactory.getLogger(AdminController.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WorkspaceStore workspaces;
  private final ApiTokenStore tokens;
  private final RequestJson json;
  private final SyncStates syncStates;
  private final Clock clock;

  public AdminController(WorkspaceStore workspaces, ApiTokenStore tokens, RequestJson json, SyncStates syncStates,
                         Clock clock) {
    this.workspaces = workspaces;
    this.tokens = tokens;
    this.json = json;
    this.syncStates = syncStates;
    this.clock = clock;
  }

  @Operation(summary = "Onboard a workspace", description = "Body {workspaceId, name}; 201, 409 when the id exists. "
      + "workspaceId: lower-case letters, digits, _ and -, starting with a letter or digit, at most 63 characters.")
  @PostMapping(path = "/workspaces", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> createWorkspace(@RequestBody(required = false) byte[] body) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(json.object(body), "", errors);
    f.onlyKnown(Set.of("workspaceId", "name"));
    String id = f.string("workspaceId", 63, true);
    if (id != null && !LeadKey.validWorkspaceId(id)) {
      f.error("workspaceId", LeadKey.problem(id, "-").orElseThrow());
    }
    String name = f.string("name", 200, true);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    WorkspaceStore.Workspace created = workspaces.create(id, name).orElseThrow(() ->
        new ApiException(HttpStatus.CONFLICT, "Workspace " + id + " exists already."));
    log.info("Operator created workspace {}", id);
    return ResponseEntity.status(HttpStatus.CREATED).body(view(created));
  }

  @Operation(summary = "Every workspace")
  @GetMapping("/workspaces")
  public Map<String, Object> listWorkspaces() {
    return Map.of("workspaces", workspaces.list().stream().map(AdminController::view).toList());
  }

  @Operation(summary = "One workspace", description = "With its CRM syncState {state, reason, since, retryAt, "
      + "pending: counts by reason} as crm-sink keeps it; state unknown when the sink never synced it.")
  @GetMapping("/workspaces/{workspaceId}")
  public Map<String, Object> getWorkspace(@PathVariable String workspaceId) {
    Map<String, Object> answer = view(workspaces.find(workspaceId).orElseThrow(() -> noWorkspace(workspaceId)));
    answer.put("syncState", syncStates.of(workspaceId));
    return answer;
  }

  @Operation(summary = "Change a workspace", description = "Any of name, disabled (its tokens stop working within "
      + "seconds on every instance), and the settings crmProvider (salesforce|hubspot|zoho), loginUrl (production "
      + "https://login.salesforce.com, sandbox https://test.salesforce.com, or the org's My Domain), fieldMapping "
      + "{logical: API name}, createMissingLeads, consentPolicy (outreach_written_required|not_required). A null "
      + "setting returns to its default.")
  @PatchMapping(path = "/workspaces/{workspaceId}", consumes = {MediaType.APPLICATION_JSON_VALUE,
      "application/merge-patch+json"})
  public Map<String, Object> updateWorkspace(@PathVariable String workspaceId,
                                             @RequestBody(required = false) byte[] body) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(json.object(body), "", errors);
    Set<String> allowed = new java.util.HashSet<>(WorkspaceSettings.KEYS);
    allowed.addAll(Set.of("name", "disabled"));
    f.onlyKnown(allowed);
    String name = f.string("name", 200, false);
    Boolean disabled = f.bool("disabled", false);
    ObjectNode settings = WorkspaceSettings.patch(f);
    if (errors.isEmpty() && name == null && disabled == null && settings.isEmpty()) {
      errors.add(new FieldError("body", "needs at least one of " + allowed));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    WorkspaceStore.Workspace updated = workspaces.update(workspaceId, name, disabled,
        settings.isEmpty() ? null : JSON.writeValueAsString(settings)).orElseThrow(() -> noWorkspace(workspaceId));
    log.info("Operator changed workspace {}: {}", workspaceId, allowedKeysOf(f));
    return view(updated);
  }

  @Operation(summary = "Issue an API token", description = "Body {scopes: [events:write, leads:read, leads:write, "
      + "cadences:write, crm:connect, dashboard:read], expiresAt?, name?}; 201 with the token — shown only here.")
  @PostMapping(path = "/workspaces/{workspaceId}/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> issueToken(@PathVariable String workspaceId,
                                                        @RequestBody(required = false) byte[] body) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(json.object(body), "", errors);
    f.onlyKnown(Set.of("scopes", "expiresAt", "name"));
    List<String> names = f.strings("scopes", Scope.values().length, 32);
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    if (names == null || names.isEmpty()) {
      if (f.raw("scopes") == null || names != null) {
        f.error("scopes", "needs at least one of " + Scope.wireNames());
      }
    } else {
      for (int i = 0; i < names.size(); i++) {
        int at = i;
        Scope.parse(names.get(i)).ifPresentOrElse(scopes::add,
            () -> f.error("scopes[" + at + "]", "unknown scope; known: " + Scope.wireNames()));
      }
    }
    Instant expiresAt = f.instant("expiresAt", false);
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      f.error("expiresAt", "must be in the future");
    }
    String name = f.string("name", 200, false);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    if (workspaces.find(workspaceId).isEmpty()) {
      throw noWorkspace(workspaceId);
    }
    ApiTokenStore.IssuedToken issued = tokens.issue(workspaceId, scopes,
        expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MILLIS), name);
    log.info("Operator issued token {} for workspace {} with scopes {}", issued.tokenId(), workspaceId, scopes);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("tokenId", issued.tokenId());
    answer.put("token", issued.token());
    answer.put("workspaceId", workspaceId);
    answer.put("scopes", issued.scopes().stream().map(Scope::wireName).sorted().toList());
    answer.put("createdAt", issued.createdAt());
    answer.put("expiresAt", issued.expiresAt());
    return ResponseEntity.status(HttpStatus.CREATED).body(answer);
  }

  @Operation(summary = "A workspace's tokens", description = "Never the secret: id, name, scopes, created, expires, "
      + "last used, revoked.")
  @GetMapping("/workspaces/{workspaceId}/tokens")
  public Map<String, Object> listTokens(@PathVariable String workspaceId) {
    if (workspaces.find(workspaceId).isEmpty()) {
      throw noWorkspace(workspaceId);
    }
    return Map.of("tokens", tokens.list(workspaceId).stream().map(t -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tokenId", t.tokenId());
      m.put("name", t.name());
      m.put("scopes", t.scopes().stream().map(Scope::wireName).sorted().toList());
      m.put("createdAt", t.createdAt());
      m.put("expiresAt", t.expiresAt());
      m.put("lastUsedAt", t.lastUsedAt());
      m.put("revokedAt", t.revokedAt());
      return m;
    }).toList());
  }

  @Operation(summary = "Revoke a token", description = "204; every instance refuses it within seconds (SPEC: 10 s). "
      + "404 when the workspace has no such active token.")
  @DeleteMapping("/workspaces/{workspaceId}/tokens/{tokenId}")
  public ResponseEntity<Void> revokeToken(@PathVariable String workspaceId, @PathVariable String tokenId) {
    if (!tokens.revoke(workspaceId, tokenId)) {
      throw new ApiException(HttpStatus.NOT_FOUND, "Workspace " + workspaceId + " has no active token " + tokenId + ".");
    }
    log.info("Operator revoked token {} of workspace {}", tokenId, workspaceId);
    return ResponseEntity.noContent().build();
  }

  private static Map<String, Object> view(WorkspaceStore.Workspace w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workspaceId", w.workspaceId());
    m.put("name", w.name());
    m.put("disabled", w.disabled());
    m.put("settings", JSON.readTree(w.settingsJson()));
    m.put("createdAt", w.createdAt());
    m.put("updatedAt", w.updatedAt());
    return m;
  }

  private static List<String> allowedKeysOf(JsonFields f) {
    List<String> keys = new ArrayList<>();
    JsonNode node = f.node();
    node.propertyNames().forEach(keys::add);
    return keys;
  }

  private static ApiException noWorkspace(String workspaceId) {
    return new ApiException(HttpStatus.NOT_FOUND, "No workspace " + workspaceId + ".");
  }
}
