package io.leadstream.sink.salesforce;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Salesforce REST API of one workspace's org, as the real API speaks it: versioned base path
 * {@code /services/data/vXX.X}, JSON, sObject Collections with {@code allOrNone=false}, SOQL with
 * paging, SOSL, {@code Sforce-Limit-Info} on every response. A 401 refreshes the token (single
 * flight) and retries once; other 5xx and network errors are retried by resilience4j inside a
 * circuit breaker; what is still failing surfaces as {@link SalesforceApiException} with its class.
 */
public final class SalesforceClient {
  /** sObject Collections take at most this many records per request. */
  public static final int MAX_COLLECTION = 200;

  private final String workspaceId;
  private final HttpClient http;
  private final JsonMapper json;
  private final String apiVersion;
  private final OAuthTokenSource tokens;
  private final CircuitBreaker breaker;
  private final Retry retry;
  private final CallObserver observer;
  private final Duration timeout;

  public SalesforceClient(String workspaceId, HttpClient http, JsonMapper json, String apiVersion,
                          OAuthTokenSource tokens, CircuitBreaker breaker, Retry retry, CallObserver observer,
                          Duration timeout) {
    this.workspaceId = workspaceId;
    this.http = http;
    this.json = json;
    this.apiVersion = apiVersion.startsWith("v") ? apiVersion.substring(1) : apiVersion;
    this.tokens = tokens;
    this.breaker = breaker;
    this.retry = retry;
    this.observer = observer;
    this.timeout = timeout;
  }

  public String workspaceId() {
    return workspaceId;
  }

  public JsonMapper json() {
    return json;
  }

  /** All records of a SOQL query, following nextRecordsUrl. */
  public List<JsonNode> query(String soql) {
    List<JsonNode> records = new ArrayList<>();
    JsonNode page = call("query", "GET", dataPath("/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8)), null);
    while (true) {
      page.path("records").forEach(records::add);
      String next = page.path("nextRecordsUrl").asString("");
      if (page.path("done").asBoolean(true) || next.isEmpty()) {
        return records;
      }
      page = call("query.more", "GET", next, null);
    }
  }

  /** SOSL search; the matched records (each with attributes.type). */
  public List<JsonNode> search(String sosl) {
    JsonNode body = call("search", "GET", dataPath("/search?q=" + URLEncoder.encode(sosl, StandardCharsets.UTF_8)), null);
    List<JsonNode> found = new ArrayList<>();
    (body.isArray() ? body : body.path("searchRecords")).forEach(found::add);
    return found;
  }

  /** Upsert ≤200 records of one type on an external id field ({@code PATCH composite/sobjects/T/F}). */
  public List<SaveResult> upsert(String type, String externalIdField, List<ObjectNode> records) {
    return collection("collections.upsert", "PATCH",
        dataPath("/composite/sobjects/" + type + "/" + externalIdField), records);
  }

  /** Update ≤200 records by Id, types may be mixed ({@code PATCH composite/sobjects}). */
  public List<SaveResult> update(List<ObjectNode> records) {
    return collection("collections.update", "PATCH", dataPath("/composite/sobjects"), records);
  }

  /** Create ≤200 records ({@code POST composite/sobjects}). */
  public List<SaveResult> create(List<ObjectNode> records) {
    return collection("collections.create", "POST", dataPath("/composite/sobjects"), records);
  }

  /** The sObject's describe: its fields with type and length ({@code GET sobjects/T/describe}). */
  public JsonNode describe(String type) {
    return call("describe", "GET", dataPath("/sobjects/" + type + "/describe"), null);
  }

  /** Reads the org's limits; the response header refreshes the budget as a side effect. */
  public JsonNode limits() {
    return call("limits", "GET", dataPath("/limits"), null);
  }

  /** An sObject record body with {@code attributes.type} set. */
  public ObjectNode record(String type) {
    ObjectNode node = json.createObjectNode();
    node.putObject("attributes").put("type", type);
    return node;
  }

  private List<SaveResult> collection(String operation, String method, String path, List<ObjectNode> records) {
    if (records.isEmpty()) {
      return List.of();
    }
    if (records.size() > MAX_COLLECTION) {
      throw new IllegalArgumentException("at most " + MAX_COLLECTION + " records per collection request");
    }
    ObjectNode body = json.createObjectNode();
    body.put("allOrNone", false);
    ArrayNode list = body.putArray("records");
    records.forEach(list::add);
    JsonNode response = call(operation, method, path, body);
    List<SaveResult> results = new ArrayList<>(records.size());
    for (JsonNode r : response) {
      List<SfError> errors = new ArrayList<>();
      r.path("errors").forEach(e -> errors.add(error(e)));
      results.add(new SaveResult(r.path("id").isNull() ? null : r.path("id").asString(null),
          r.path("success").asBoolean(false), r.path("created").asBoolean(false), errors));
    }
    if (results.size() != records.size()) {
      throw new SalesforceApiException(operation, 502, List.of(SfError.of("UNEXPECTED_RESPONSE",
          results.size() + " results for " + records.size() + " records")));
    }
    return results;
  }

  private String dataPath(String rest) {
    return "/services/data/v" + apiVersion + rest;
  }

  private JsonNode call(String operation, String method, String path, JsonNode body) {
    try {
      return Retry.decorateSupplier(retry, () -> breaker.executeSupplier(() -> attempt(operation, method, path, body)))
          .get();
    } catch (CallNotPermittedException e) {
      observer.onCall(workspaceId, operation, "rejected");
      throw new SalesforceApiException(operation, 503, List.of(SfError.of("CIRCUIT_OPEN",
          "circuit breaker " + breaker.getName() + " is open")));
    }
  }

  private JsonNode attempt(String operation, String method, String path, JsonNode body) {
    AccessToken token = tokens.current();
    HttpResponse<String> response = send(operation, method, token, path, body);
    if (response.statusCode() == 401) {
      observer.onCall(workspaceId, operation, "unauthorized");
      token = tokens.refresh(token);
      response = send(operation, method, token, path, body);
    }
    int status = response.statusCode();
    String raw = response.body();
    Optional<JsonNode> node = jsonBody(response);
    if (status >= 200 && status < 300) {
      if (node.isEmpty() && raw != null && !raw.isBlank()) {
        // A 2xx that is not JSON (a proxy's page) is no answer from Salesforce: retried like a gateway error.
        throw failed(operation, 502, List.of(SfError.of("NON_JSON_RESPONSE", excerpt(raw))));
      }
      observer.onCall(workspaceId, operation, "success");
      return node.orElseGet(json::createObjectNode);
    }
    // The status decides the class; the body only adds detail. Maintenance and gateway errors come as HTML
    // pages (https://status.salesforce.com, 502/503 from the edge): never parse them as Salesforce errors.
    List<SfError> errors = new ArrayList<>();
    if (node.isPresent() && node.get().isArray()) {
      node.get().forEach(e -> errors.add(error(e)));
    } else {
      errors.add(SfError.of("HTTP_" + status, node.map(JsonNode::toString).orElseGet(() -> excerpt(raw))));
    }
    throw failed(operation, status, errors);
  }

  private SalesforceApiException failed(String operation, int status, List<SfError> errors) {
    SalesforceApiException failure = new SalesforceApiException(operation, status, errors);
    observer.onCall(workspaceId, operation, outcome(failure.errorClass()));
    return failure;
  }

  /** The body as JSON when it is JSON (by content type or shape); empty for HTML pages, text and blanks. */
  private Optional<JsonNode> jsonBody(HttpResponse<String> response) {
    String body = response.body();
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    String start = body.stripLeading();
    if (!type.contains("json") && !start.startsWith("{") && !start.startsWith("[")) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readTree(body));
    } catch (tools.jackson.core.JacksonException e) {
      return Optional.empty();
    }
  }

  private static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String text = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private HttpResponse<String> send(String operation, String method, AccessToken token, String path, JsonNode body) {
    Duration limit = WriteDeadline.bound(timeout);
    if (limit.toMillis() <= 0) {
      observer.onCall(workspaceId, operation, "deadline");
      throw new SalesforceApiException(operation, 504, List.of(SfError.of("WRITE_DEADLINE_EXCEEDED",
          "the workspace's write took longer than its deadline; the rest is held")));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(token.instanceUrl() + path))
        .timeout(limit)
        .header("Authorization", "Bearer " + token.value())
        .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      response.headers().firstValue("Sforce-Limit-Info").flatMap(LimitInfo::parse)
          .ifPresent(info -> observer.onLimitInfo(workspaceId, info));
      return response;
    } catch (HttpTimeoutException e) {
      // A slow org is its workspace's failure, held and retried later, never a retry loop on this thread.
      observer.onCall(workspaceId, operation, "timeout");
      throw new SalesforceApiException(operation, 504, List.of(SfError.of("REQUEST_TIMEOUT",
          "no answer within " + limit.toMillis() + " ms")));
    } catch (IOException e) {
      observer.onCall(workspaceId, operation, "io_error");
      throw new SalesforceApiException(operation, 0, List.of(SfError.of("IO_ERROR", e.toString())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SalesforceApiException(operation, 0, List.of(SfError.of("INTERRUPTED", "interrupted")));
    }
  }

  private static String outcome(ErrorClass c) {
    return switch (c) {
      case REFRESH -> "unauthorized";
      case THROTTLE -> "throttled";
      case RETRY -> "server_error";
      default -> "client_error";
    };
  }

  private static SfError error(JsonNode e) {
    List<String> fields = new ArrayList<>();
    e.path("fields").forEach(f -> fields.add(f.asString()));
    String code = e.hasNonNull("errorCode") ? e.path("errorCode").asString() : e.path("statusCode").asString("UNKNOWN");
    return new SfError(code, e.path("message").asString(""), fields);
  }
}
