package io.leadstream.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import io.leadstream.schemas.event.EventType;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document at /v3/api-docs is a contract a voice-agent team can build against (SPEC §10): one schema
 * per event type behind an eventType discriminator, problem+json errors, bearer auth naming each operation's
 * scope, and examples that hold — every documented request example is posted as written and answers 202, and
 * every "invalid-*" example answers 400 with exactly the problem documented for it under the same name.
 */
class ContractTest extends ApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static JsonNode doc;

  /** After Spring started the service (a static @BeforeAll would run before the context exists). */
  @BeforeEach
  void document() throws Exception {
    if (doc != null) {
      return;
    }
    HttpResponse<String> response = send("GET", "/v3/api-docs", null, null, null, Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    doc = JSON.readTree(response.body());
  }

  @Test
  void everyEventTypeHasItsOwnSchemaSelectedByEventType() {
    assertThat(doc.path("openapi").asString()).startsWith("3.1");
    JsonNode schemas = doc.path("components").path("schemas");
    JsonNode request = schemas.path("VoiceEventRequest");
    assertThat(request.path("discriminator").path("propertyName").asString()).isEqualTo("eventType");
    JsonNode mapping = request.path("discriminator").path("mapping");
    Set<String> types = new TreeSet<>();
    for (EventType t : EventType.values()) {
      if (t != EventType.UNKNOWN) {
        types.add(t.name());
      }
    }
    assertThat(new TreeSet<>(mapping.propertyNames())).isEqualTo(types);
    assertThat(request.path("oneOf")).hasSize(types.size());
    for (String type : types) {
      String ref = mapping.path(type).asString();
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      JsonNode schema = schemas.path(name);
      assertThat(schema.isMissingNode()).as(type + " -> " + name).isFalse();
      JsonNode own = schema.path("allOf").get(1);
      assertThat(own.path("properties").path("eventType").path("const").asString()).as(name).isEqualTo(type);
    }
    // The event endpoint's body is those schemas (one or an array), not opaque bytes.
    JsonNode body = doc.at("/paths/~1api~1v1~1crm~1events/post/requestBody/content/application~1json/schema");
    assertThat(body.toString()).contains("#/components/schemas/VoiceEventRequest").doesNotContain("binary");
  }

  @Test
  void errorsAreProblemJsonAndEveryOperationNamesTheBearerScopeItNeeds() {
    JsonNode scheme = doc.at("/components/securitySchemes/bearerAuth");
    assertThat(scheme.path("type").asString()).isEqualTo("http");
    assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
    Set<String> wireScopes = Set.of("events:write", "leads:read", "leads:write", "cadences:write", "crm:connect",
        "dashboard:read");
    List<String> problems = new ArrayList<>();
    int operations = 0;
    for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        String name = op.getKey() + " " + path.getKey();
        if (path.getKey().equals("/api/salesforce/oauth/callback")) {
          continue; // the browser's redirect from the org: authenticated by its signed state, not a token
        }
        operations++;
        JsonNode security = op.getValue().path("security");
        if (security.size() != 1 || !wireScopes.contains(security.get(0).path("bearerAuth").path(0).asString())) {
          problems.add(name + ": security " + security);
        }
        for (String status : List.of("401", "403")) {
          if (op.getValue().path("responses").path(status).isMissingNode()) {
            problems.add(name + ": no " + status);
          }
        }
        for (Map.Entry<String, JsonNode> r : op.getValue().path("responses").properties()) {
          JsonNode response = resolve(r.getValue());
          if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
            JsonNode content = response.path("content");
            if (!content.has("application/problem+json")) {
              problems.add(name + " " + r.getKey() + ": not application/problem+json but " + content.propertyNames());
            }
          }
        }
      }
    }
    assertThat(operations).isGreaterThanOrEqualTo(9);
    assertThat(problems).isEmpty();
    assertThat(doc.at("/paths/~1api~1v1~1crm~1events/post/security/0/bearerAuth/0").asString()).isEqualTo("events:write");
  }

  @Test
  void everyDocumentedExampleIsAcceptedAndEveryDocumentedInvalidExampleGetsItsDocumentedProblem() throws Exception {
    Map<String, Integer> posted = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (String path : List.of("/api/v1/crm/events", "/api/v1/webhooks/call-ended", "/api/v1/sessions")) {
      JsonNode post = doc.path("paths").path(path).path("post");
      JsonNode examples = post.at("/requestBody/content/application~1json/examples");
      JsonNode documented400 = resolve(post.at("/responses/400")).at("/content/application~1problem+json/examples");
      assertThat(examples.size()).as(path + " examples").isGreaterThanOrEqualTo(2);
      for (Map.Entry<String, JsonNode> example : examples.properties()) {
        String name = example.getKey();
        String body = JSON.writeValueAsString(example.getValue().path("value"));
        HttpResponse<String> answer = post(path, body);
        posted.put(path + " " + name, answer.statusCode());
        if (!name.startsWith("invalid-")) {
          if (answer.statusCode() != 202) {
            failures.add(path + " " + name + ": " + answer.statusCode() + " " + answer.body());
          }
          continue;
        }
        JsonNode expected = documented400.path(name).path("value");
        if (expected.isMissingNode()) {
          failures.add(path + " " + name + ": no documented 400 example of that name; the service answered "
              + answer.statusCode() + " " + answer.body());
          continue;
        }
        JsonNode actual = JSON.readTree(answer.body());
        if (answer.statusCode() != 400
            || !answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
            || !actual.path("errors").equals(expected.path("errors"))
            || actual.path("status").asInt() != expected.path("status").asInt()) {
          failures.add(path + " " + name + ": documented " + expected.path("errors") + " got " + answer.statusCode()
              + " " + actual.path("errors"));
        }
      }
      // Nothing documented for the 400 without a request example that produces it.
      for (String name : documented400.propertyNames()) {
        if (!examples.has(name)) {
          failures.add(path + ": 400 example " + name + " has no request example");
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(posted).hasSizeGreaterThanOrEqualTo(20);
    assertThat(posted.values()).contains(202, 400);
    assertThat(posted.keySet()).anyMatch(k -> k.contains("call-ended ")).anyMatch(k -> k.contains("sessions session"));
    long documentedTypes = Arrays.stream(EventType.values()).filter(t -> t != EventType.UNKNOWN
        && doc.at("/paths/~1api~1v1~1crm~1events/post/requestBody/content/application~1json/examples").toString()
            .contains("\"" + t.name() + "\"")).count();
    assertThat(documentedTypes).as("event types with an example").isGreaterThanOrEqualTo(12);
  }

  private static JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asString("");
    if (ref.isEmpty()) {
      return node;
    }
    return doc.at(ref.substring(1));
  }
}
