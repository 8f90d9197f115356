package io.leadstream.sfemu.rest;

import io.leadstream.sfemu.org.Org;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.org.SfError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * POST composite: up to 25 subrequests run in order, each may reference earlier results with
 * {@code @{refId.path}} ({@code @{newAccount.id}}, {@code @{q.records[0].Id}}). With allOrNone a
 * failing subrequest rolls back all of them: it keeps its own error, the others answer 400
 * PROCESSING_HALTED. The whole composite counts as one API request, as in Salesforce.
 */
public final class CompositeResource {

  static final int MAX_SUBREQUESTS = 25;
  private static final Pattern REFERENCE = Pattern.compile("@\\{([A-Za-z0-9_]+)((?:\\.[A-Za-z0-9_]+|\\[\\d+\\])*)\\}");
  private static final String HALTED = "The transaction was rolled back since another operation in the same transaction failed.";

  private final Org org;
  private final DataApi api;

  CompositeResource(Org org, DataApi api) {
    this.org = org;
    this.api = api;
  }

  private static final class Rollback extends RuntimeException {
    final List<Map<String, Object>> responses;

    Rollback(List<Map<String, Object>> responses) {
      super(null, null, false, false);
      this.responses = responses;
    }
  }

  public HttpReply handle(ApiRequest req) {
    JsonNode body = req.body();
    JsonNode subs = body.get("compositeRequest");
    if (subs == null || !subs.isArray() || subs.isEmpty()) {
      throw SalesforceException.badRequest("JSON_PARSER_ERROR", "compositeRequest must be a non-empty array");
    }
    if (subs.size() > MAX_SUBREQUESTS) {
      throw SalesforceException.badRequest("LIMIT_EXCEEDED",
          "The number of subrequests exceeds the limit of " + MAX_SUBREQUESTS);
    }
    boolean allOrNone = body.path("allOrNone").asBoolean(false);
    List<JsonNode> items = new ArrayList<>();
    subs.forEach(items::add);
    List<Map<String, Object>> responses;
    try {
      responses = org.transaction(() -> runAll(req, items, allOrNone));
    } catch (Rollback r) {
      responses = r.responses;
    }
    return HttpReply.json(200, Map.of("compositeResponse", responses));
  }

  private List<Map<String, Object>> runAll(ApiRequest parent, List<JsonNode> items, boolean allOrNone) {
    Map<String, JsonNode> results = new HashMap<>();
    List<Map<String, Object>> responses = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String refId = item.path("referenceId").asString("");
      HttpReply reply = runOne(parent, item, results, allOrNone);
      responses.add(response(refId, reply));
      if (reply.status() >= 400 && allOrNone) {
        for (int done = 0; done < responses.size() - 1; done++) {
          responses.set(done, response((String) responses.get(done).get("referenceId"), halted()));
        }
        for (int rest = i + 1; rest < items.size(); rest++) {
          responses.add(response(items.get(rest).path("referenceId").asString(""), halted()));
        }
        throw new Rollback(responses);
      }
      if (reply.status() < 400 && reply.body().length > 0) {
        results.put(refId, Json.MAPPER.readTree(reply.body()));
      }
    }
    return responses;
  }

  private HttpReply runOne(ApiRequest parent, JsonNode item, Map<String, JsonNode> results, boolean allOrNone) {
    try {
      String method = item.path("method").asString("").toUpperCase(java.util.Locale.ROOT);
      String url = resolve(item.path("url").asString(""), results);
      if (method.isEmpty() || url.isEmpty() || item.path("referenceId").asString("").isEmpty()) {
        throw SalesforceException.badRequest("JSON_PARSER_ERROR", "Each subrequest needs method, url and referenceId");
      }
      JsonNode subBody = item.get("body");
      if (subBody != null) {
        subBody = resolveNode(subBody.deepCopy(), results);
        if (allOrNone && subBody.isObject() && url.contains("/composite/sobjects")) {
          // The composite's allOrNone overrides that of nested collections requests (documented).
          ((ObjectNode) subBody).put("allOrNone", true);
        }
      }
      String path = url;
      String rawQuery = null;
      int q = url.indexOf('?');
      if (q >= 0) {
        path = url.substring(0, q);
        rawQuery = url.substring(q + 1);
      }
      List<String> segments = ApiRequest.splitPath(path);
      if (segments.size() < 3 || !segments.get(0).equals("services") || !segments.get(1).equals("data")
          || !segments.get(2).startsWith("v") || !DescribeResources.supported(segments.get(2).substring(1))) {
        throw SalesforceException.notFound();
      }
      ApiRequest sub = new ApiRequest(method, segments.get(2).substring(1), segments.subList(3, segments.size()),
          ApiRequest.parseQuery(rawQuery), parent::header, null, subBody);
      Route route = api.route(sub);
      if (route.operation().equals("composite")) {
        throw SalesforceException.badRequest("INVALID_API_INPUT", "Composite requests cannot be nested");
      }
      return api.run(route, sub);
    } catch (SalesforceException e) {
      return DataApi.error(e);
    }
  }

  private static HttpReply halted() {
    return HttpReply.json(400, List.of(Map.of("errorCode", "PROCESSING_HALTED", "message", HALTED)));
  }

  private static Map<String, Object> response(String refId, HttpReply reply) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("body", reply.body().length == 0 ? null : Json.MAPPER.readTree(reply.body()));
    Map<String, String> headers = new LinkedHashMap<>(reply.headers());
    headers.remove("Content-Type");
    m.put("httpHeaders", headers);
    m.put("httpStatusCode", reply.status());
    m.put("referenceId", refId);
    return m;
  }

  private static JsonNode resolveNode(JsonNode node, Map<String, JsonNode> results) {
    if (node.isObject()) {
      ObjectNode obj = (ObjectNode) node;
      for (String name : new ArrayList<>(obj.propertyNames())) {
        JsonNode child = obj.get(name);
        if (child.isString()) {
          obj.put(name, resolve(child.asString(), results));
        } else {
          obj.set(name, resolveNode(child, results));
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode child = node.get(i);
        var arr = (tools.jackson.databind.node.ArrayNode) node;
        arr.set(i, child.isString() ? Json.MAPPER.getNodeFactory().stringNode(resolve(child.asString(), results))
            : resolveNode(child, results));
      }
    }
    return node;
  }

  /** Replaces every @{ref.path} in a string with the referenced value. */
  static String resolve(String text, Map<String, JsonNode> results) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode value = results.get(m.group(1));
      if (value != null) {
        Matcher step = Pattern.compile("\\.([A-Za-z0-9_]+)|\\[(\\d+)\\]").matcher(m.group(2));
        while (step.find() && value != null) {
          value = step.group(1) != null ? value.get(step.group(1)) : value.get(Integer.parseInt(step.group(2)));
        }
      }
      if (value == null || value.isNull() || value.isContainer()) {
        throw new SalesforceException(400, SfError.of("PROCESSING_HALTED",
            "Invalid reference specified. No value for " + m.group(1) + m.group(2) + " found in " + m.group(1)
                + ". Provided referenceId ('" + m.group(1) + "') must be a previous subrequest's referenceId"));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value.asString()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
