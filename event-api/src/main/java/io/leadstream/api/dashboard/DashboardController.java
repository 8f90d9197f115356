package io.leadstream.api.dashboard;

import io.leadstream.access.OperatorOnly;
import io.leadstream.access.RequiresScope;
import io.leadstream.api.web.ApiException;
import io.leadstream.leaddb.access.Caller;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.schemas.topic.LeadKey;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ops dashboard (SPEC §12): {@code /dashboard} is a server-rendered page with a small script (no build step)
 * that polls the data every 2 seconds. The page and its script are public and carry no data; the data needs a
 * credential, kept in the browser's session storage and sent as a bearer header: a workspace token with
 * {@code dashboard:read} sees its workspace ({@code GET /api/v1/dashboard}), the operator key every workspace
 * ({@code GET /admin/v1/dashboard}, optionally {@code ?workspace=}) and the DLQ replay action, which calls the
 * repair API ({@code POST /admin/v1/dlq/replay}).
 */
@RestController
public class DashboardController {
  /** Only what the page needs: its own script and style, fetches to its own origin, no framing. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final DashboardData data;
  private final WorkspaceStore workspaces;
  private final String page = resource("dashboard.html");
  private final String script = resource("dashboard.js");
  private final String style = resource("dashboard.css");

  public DashboardController(DashboardData data, WorkspaceStore workspaces) {
    this.data = data;
    this.workspaces = workspaces;
  }

  @GetMapping(path = "/dashboard", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> page() {
    return asset(page, MediaType.TEXT_HTML);
  }

  @GetMapping(path = "/dashboard/dashboard.js", produces = "text/javascript")
  public ResponseEntity<String> script() {
    return asset(script, MediaType.parseMediaType("text/javascript;charset=UTF-8"));
  }

  @GetMapping(path = "/dashboard/dashboard.css", produces = "text/css")
  public ResponseEntity<String> style() {
    return asset(style, MediaType.parseMediaType("text/css;charset=UTF-8"));
  }

  @Operation(summary = "Ops dashboard data of the token's workspace", description = "Leads by status, score "
      + "distribution, events applied, Salesforce writes, CRM sync health, held records, DLQ by reason, review queue, "
      + "gate decisions of the last 24 h and deferred triggers due within the hour, consumer lag per partition.")
  @RequiresScope(Scope.DASHBOARD_READ)
  @GetMapping(path = "/api/v1/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> workspace(@RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace) {
    return noStore(data.snapshot(workspace));
  }

  @OperatorOnly
  @GetMapping(path = "/admin/v1/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> operator(@RequestParam(name = "workspace", required = false) String workspace) {
    if (workspace != null) {
      if (!LeadKey.validWorkspaceId(workspace) || workspaces.find(workspace).isEmpty()) {
        throw new ApiException(HttpStatus.NOT_FOUND, "No such workspace.");
      }
    }
    return noStore(data.snapshot(workspace));
  }

  private static ResponseEntity<Map<String, Object>> noStore(Map<String, Object> body) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
  }

  private static ResponseEntity<String> asset(String body, MediaType type) {
    return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache())
        .header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .body(body);
  }

  private static String resource(String name) {
    try (InputStream in = DashboardController.class.getResourceAsStream("/dashboard/" + name)) {
      if (in == null) {
        throw new IllegalStateException("/dashboard/" + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
