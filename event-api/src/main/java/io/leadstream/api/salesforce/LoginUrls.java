package io.leadstream.api.salesforce;

import io.leadstream.api.web.ApiException;
import io.leadstream.leaddb.access.WorkspaceStore;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which login URL a workspace's connect flow uses: its {@code loginUrl} setting (PATCH
 * /admin/v1/workspaces/{id}: production, sandbox or its My Domain), else the configured default. A
 * setting that is no login URL (written around the admin API) is refused, never called with the app's secret.
 */
public final class LoginUrls {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WorkspaceStore workspaces;
  private final SalesforceOAuth oauth;

  public LoginUrls(WorkspaceStore workspaces, SalesforceOAuth oauth) {
    this.workspaces = workspaces;
    this.oauth = oauth;
  }

  public String forWorkspace(String workspaceId) {
    String setting = workspaces.find(workspaceId).map(w -> {
      JsonNode settings = JSON.readTree(w.settingsJson() == null ? "{}" : w.settingsJson());
      return settings.hasNonNull("loginUrl") ? settings.path("loginUrl").asString() : null;
    }).orElse(null);
    if (setting == null) {
      return oauth.defaultLoginUrl();
    }
    return LoginUrl.normalize(setting).orElseThrow(() -> new ApiException(HttpStatus.CONFLICT,
        "The workspace's loginUrl setting is not an https login URL; an operator sets it with PATCH "
            + "/admin/v1/workspaces/{id}."));
  }
}
