package io.leadstream.api.salesforce;

import io.leadstream.api.ApiProperties;
import io.leadstream.api.repair.SyncStates;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.salesforce.metadata.SinkField;
import io.leadstream.salesforce.preflight.DescribedObject;
import io.leadstream.salesforce.preflight.Preflight;
import io.leadstream.salesforce.preflight.SetupProblem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The preflight of a workspace's org, run when it connects and on test-sync: describes Lead, Contact,
 * Task and Event as the connected user (four API calls) and checks them against the org setup in
 * salesforce/ under the workspace's field mapping — the same check crm-sink runs before it writes. A
 * passing org that crm-sink holds as setup_incomplete is retried by it at once.
 */
public final class OrgSetupCheck {
  private final ApiProperties.Salesforce settings;
  private final HttpClient http;
  private final JsonMapper json;
  private final WorkspaceStore workspaces;
  private final SyncStates syncStates;
  private final Preflight preflight;

  public OrgSetupCheck(ApiProperties.Salesforce settings, HttpClient http, JsonMapper json, WorkspaceStore workspaces,
                       SyncStates syncStates, Preflight preflight) {
    this.settings = settings;
    this.http = http;
    this.json = json;
    this.workspaces = workspaces;
    this.syncStates = syncStates;
    this.preflight = preflight;
  }

  /** {@code {complete, problems: [{object, field, problem, message}]}}: every problem named. */
  public Map<String, Object> check(String workspace, String instanceUrl, String accessToken)
      throws IOException, InterruptedException, SalesforceOAuth.SalesforceError {
    Map<String, DescribedObject> described = new LinkedHashMap<>();
    for (String object : Preflight.OBJECTS) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(instanceUrl + "/services/data/v"
              + settings.getApiVersion() + "/sobjects/" + object + "/describe"))
          .timeout(settings.getRequestTimeout()).header("Authorization", "Bearer " + accessToken).GET().build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        continue; // the integration user cannot see the object: the preflight names it
      }
      if (response.statusCode() != 200) {
        throw new SalesforceOAuth.SalesforceError(response.statusCode(), "describe " + object + " answered "
            + response.statusCode());
      }
      described.put(object, DescribedObject.fromDescribe(json.readTree(response.body())));
    }
    JsonNode settingsJson = workspaces.find(workspace).map(w -> json.readTree(w.settingsJson()))
        .orElseGet(json::createObjectNode);
    Map<String, String> fieldNames = new LinkedHashMap<>();
    settingsJson.path("fieldMapping").properties().forEach(e -> {
      if (SinkField.byKey(e.getKey()).isPresent()) {
        fieldNames.put(e.getKey(), e.getValue().asString());
      }
    });
    List<SetupProblem> problems = preflight.check(fieldNames,
        settingsJson.path("createMissingLeads").asBoolean(false), described);
    if (problems.isEmpty()) {
      syncStates.retrySetupNow(workspace);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("complete", problems.isEmpty());
    answer.put("problems", problems.stream().map(OrgSetupCheck::problem).toList());
    return answer;
  }

  private static Map<String, Object> problem(SetupProblem p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", p.object());
    m.put("field", p.field());
    m.put("problem", p.kind().name().toLowerCase(Locale.ROOT));
    m.put("message", p.message());
    return m;
  }
}
