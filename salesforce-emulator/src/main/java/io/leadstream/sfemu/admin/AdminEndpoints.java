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
import java.util.function.Consumer;
import java.util.function.IntConsumer;
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
 * PATCH  /__admin/records/{type}/{id}                 body: fields, changed as the sales rep
 * DELETE /__admin/records/{type}/{id}                 deleted as the sales rep
 * GET    /__admin/users                               → {"integration":id,"rep":id}
 * POST   /__admin/faults/server-unavailable           {"count":n} or {"seconds":s}: 503 SERVER_UNAVAILABLE
 * POST   /__admin/faults/request-limit-exceeded       {"count":n} or {"seconds":s}: 403 REQUEST_LIMIT_EXCEEDED
 * POST   /__admin/faults/html-error                   {"status":502|503, "count":n or "seconds":s}: HTML page
 * POST   /__admin/faults/unable-to-lock-row           {"count":n}
 * POST   /__admin/faults/latency                      {"millis":n}
 * POST   /__admin/faults/expire-tokens
 * POST   /__admin/faults/revoke-refresh-tokens        {} (every grant) or {"refresh_token":"…"} (one; 404 if unknown)
 * POST   /__admin/faults/sosl-index-lag               {"seconds":s}
 * DELETE /__admin/faults                              clears every fault (the SOSL lag goes back to its config)
 * POST   /__admin/validation-rules                    {"object","field","value","message"}: a customer's validation rule
 * DELETE /__admin/validation-rules                    deactivates them all
 * DELETE /__admin/schema/{object}/fields/{field}      the org's admin deletes a custom field
 * PATCH  /__admin/schema/{object}/fields/{field}      {"externalId":b, "unique":b, "length":n} (each optional)
 * PUT    /__admin/field-permissions/{object}/{field}  {"readable":b, "editable":b}: the integration user's FLS
 * DELETE /__admin/schema                              every field back as deployed, fully accessible
 * GET    /__admin/limits                              → {"used":n,"max":m}
 * PUT    /__admin/limits                              {"max":m, "used":n, "appName":"…"|null, "appMax":m} (each optional)
 * POST   /__admin/limits/exhaust | /__admin/limits/reset
 * POST   /__admin/tokens                              → {"access_token":…}
 * </pre>
 * Seconds may be fractional ({@code {"seconds":0.5}}); a fault given both a count and seconds has both. A custom
 * field of Task or Event is one Activity field: {object} Task, Event or Activity changes it on both.
 */
public final class AdminEndpoints {

  private final EmulatorAdmin admin;

  public AdminEndpoints(EmulatorAdmin admin) {
    this.admin = admin;
  }

  public HttpReply handle(String method, String pathBelowAdmin, byte[] body) {
    List<String> s = ApiRequest.splitPath(pathBelowAdmin);
    boolean records = s.size() == 2 && s.get(0).equals("records");
    boolean record = s.size() == 3 && s.get(0).equals("records");
    boolean schemaField = s.size() == 4 && s.get(0).equals("schema") && s.get(2).equals("fields");
    boolean fieldPermission = s.size() == 3 && s.get(0).equals("field-permissions");
    String route = method + " " + (records ? "records" : record ? "record" : schemaField ? "schema-field"
        : fieldPermission ? "field-permission" : String.join("/", s));
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
        case "PATCH record" -> admin.updateAsRep(s.get(1), s.get(2), Json.MAPPER.convertValue(Json.parse(body), Map.class));
        case "DELETE record" -> admin.deleteAsRep(s.get(1), s.get(2));
        case "GET users" -> {
          return HttpReply.json(200, Map.of("integration", admin.integrationUserId(), "rep", admin.repUserId()));
        }
        case "GET requests" -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("total", admin.totalApiRequests());
          out.put("byOperation", admin.requestCounts());
          return HttpReply.json(200, out);
        }
        case "DELETE requests" -> admin.resetRequestCounts();
        case "POST faults/server-unavailable" -> burst(body, admin::failNextRequestsWithServerUnavailable,
            admin::failRequestsWithServerUnavailableDuring);
        case "POST faults/request-limit-exceeded" -> burst(body, admin::failNextRequestsWithRequestLimitExceeded,
            admin::failRequestsWithRequestLimitExceededDuring);
        case "POST faults/html-error" -> {
          int status = optional(body).path("status").asInt(503);
          burst(body, n -> admin.failNextRequestsWithHtmlError(status, n), w -> admin.failRequestsWithHtmlErrorDuring(status, w));
        }
        case "POST faults/revoke-refresh-tokens" -> {
          JsonNode token = optional(body).get("refresh_token");
          if (token == null) {
            admin.revokeRefreshTokens();
          } else if (!admin.revokeRefreshToken(token.asString())) {
            return HttpReply.json(404, Map.of("error", "no live refresh token " + token.asString()));
          }
        }
        case "POST faults/sosl-index-lag" -> admin.soslIndexLag(seconds(optional(body).path("seconds")));
        case "POST faults/unable-to-lock-row" -> admin.failNextRecordsWithUnableToLockRow(Json.parse(body).path("count").asInt(1));
        case "POST faults/latency" -> admin.latency(Duration.ofMillis(Json.parse(body).path("millis").asLong(0)));
        case "POST faults/expire-tokens" -> admin.expireAccessTokens();
        case "DELETE faults" -> admin.clearFaults();
        case "POST validation-rules" -> {
          var rule = Json.parse(body);
          admin.addValidationRule(rule.path("object").asString(), rule.path("field").asString(),
              rule.path("value").asString(), rule.path("message").asString("Validation rule failed"));
        }
        case "DELETE validation-rules" -> admin.clearValidationRules();
        case "DELETE schema-field" -> admin.deleteField(s.get(1), s.get(3));
        case "PATCH schema-field" -> {
          JsonNode edit = Json.parse(body);
          admin.editField(s.get(1), s.get(3), new FieldEdit(
              edit.has("externalId") ? edit.get("externalId").asBoolean() : null,
              edit.has("unique") ? edit.get("unique").asBoolean() : null,
              edit.has("length") ? edit.get("length").asInt() : null));
        }
        case "PUT field-permission" -> {
          JsonNode fls = Json.parse(body);
          admin.setFieldPermission(s.get(1), s.get(2), fls.path("readable").asBoolean(true),
              fls.path("editable").asBoolean(true));
        }
        case "DELETE schema" -> admin.restoreSchema();
        case "GET limits" -> {
          return HttpReply.json(200, Map.of("used", admin.apiUsage(), "max", admin.dailyLimit()));
        }
        case "PUT limits" -> {
          JsonNode limits = Json.parse(body);
          admin.dailyLimit(limits.path("max").asLong(admin.dailyLimit()));
          if (limits.has("used")) {
            admin.apiUsage(limits.get("used").asLong());
          }
          if (limits.has("appName")) {
            JsonNode app = limits.get("appName");
            admin.perAppApiLimit(app.isNull() ? null : app.asString(), limits.path("appMax").asLong(0));
          }
        }
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

  /** A fault for {"count":n} requests and/or {"seconds":s} of wall-clock time; neither given means one request. */
  private static void burst(byte[] body, IntConsumer count, Consumer<Duration> window) {
    JsonNode b = optional(body);
    if (b.has("seconds")) {
      window.accept(seconds(b.get("seconds")));
    }
    if (b.has("count") || !b.has("seconds")) {
      count.accept(b.path("count").asInt(1));
    }
  }

  private static Duration seconds(JsonNode seconds) {
    return Duration.ofMillis(Math.round(seconds.asDouble(0) * 1000));
  }

  /** An admin body that may be empty: {} then. */
  private static JsonNode optional(byte[] body) {
    return body == null || body.length == 0 ? Json.MAPPER.createObjectNode() : Json.parse(body);
  }
}
