package io.leadstream.sfemu.admin;

import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.rest.ApiRequest;
import io.leadstream.sfemu.rest.HttpReply;
import io.leadstream.sfemu.rest.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The admin HTTP API under /__admin (not Salesforce; no auth), served only on the emulator's admin
 * listener, which binds to loopback by default ({@link io.leadstream.sfemu.EmulatorConfig#adminHost()}):
 * <pre>
 * POST   /__admin/reset
 * POST   /__admin/records/{type}                      body: record or array → {"ids":[…]}
 * GET    /__admin/records/{type}                      → [records]
 * GET    /__admin/requests                            → {"total":n,"byOperation":{…}}
 * DELETE /__admin/requests
 * POST   /__admin/faults/server-unavailable           {"count":n}
 * POST   /__admin/faults/unable-to-lock-row           {"count":n}
 * POST   /__admin/faults/latency                      {"millis":n}
 * POST   /__admin/faults/expire-tokens
 * DELETE /__admin/faults
 * GET    /__admin/limits                              → {"used":n,"max":m}
 * PUT    /__admin/limits                              {"max":m}
 * POST   /__admin/limits/exhaust | /__admin/limits/reset
 * POST   /__admin/tokens                              → {"access_token":…}
 * </pre>
 */
public final class AdminEndpoints {

  private final EmulatorAdmin admin;

  public AdminEndpoints(EmulatorAdmin admin) {
    this.admin = admin;
  }

  public HttpReply handle(String method, String pathBelowAdmin, byte[] body) {
    List<String> s = ApiRequest.splitPath(pathBelowAdmin);
    boolean records = s.size() == 2 && s.get(0).equals("records");
    String route = method + " " + (records ? "records" : String.join("/", s));
    try {
      switch (route) {
        case "POST reset" -> admin.reset();
        case "POST records" -> {
          JsonNode node = Json.parse(body);
          List<String> ids = new ArrayList<>();
          for (JsonNode rec : node.isArray() ? node : Json.MAPPER.createArrayNode().add(node)) {
            ids.add(admin.seed(s.get(1), Json.MAPPER.convertValue(rec, Map.class)));
          }
          return HttpReply.json(201, Map.of("ids", ids));
        }
        case "GET records" -> {
          return HttpReply.json(200, admin.records(s.get(1)));
        }
        case "GET requests" -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("total", admin.totalApiRequests());
          out.put("byOperation", admin.requestCounts());
          return HttpReply.json(200, out);
        }
        case "DELETE requests" -> admin.resetRequestCounts();
        case "POST faults/server-unavailable" -> admin.failNextRequestsWithServerUnavailable(Json.parse(body).path("count").asInt(1));
        case "POST faults/unable-to-lock-row" -> admin.failNextRecordsWithUnableToLockRow(Json.parse(body).path("count").asInt(1));
        case "POST faults/latency" -> admin.latency(Duration.ofMillis(Json.parse(body).path("millis").asLong(0)));
        case "POST faults/expire-tokens" -> admin.expireAccessTokens();
        case "DELETE faults" -> admin.clearFaults();
        case "GET limits" -> {
          return HttpReply.json(200, Map.of("used", admin.apiUsage(), "max", admin.dailyLimit()));
        }
        case "PUT limits" -> admin.dailyLimit(Json.parse(body).path("max").asLong(admin.dailyLimit()));
        case "POST limits/exhaust" -> admin.exhaustDailyLimit();
        case "POST limits/reset" -> admin.resetApiUsage();
        case "POST tokens" -> {
          return HttpReply.json(200, Map.of("access_token", admin.issueAccessToken()));
        }
        default -> {
          return HttpReply.json(404, Map.of("error", "no admin resource " + route));
        }
      }
      return HttpReply.noContent();
    } catch (SalesforceException e) {
      return HttpReply.json(e.status(), Json.restErrors(e.errors()));
    }
  }
}
