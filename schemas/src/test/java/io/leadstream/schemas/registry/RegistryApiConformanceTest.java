package io.leadstream.schemas.registry;

import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry server answers the Confluent Schema Registry REST API as Confluent does: paths,
 * status codes, {@code error_code}s and body shapes, checked over real HTTP.
 */
class RegistryApiConformanceTest {
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final String USER_V1 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final String USER_V2 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    /** Adds a field without a default: new readers cannot read old data. */
    private static final String USER_BREAKING = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"age\",\"type\":\"int\"}]}";

    private SchemaRegistryServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.startInMemory(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registeringReturnsAnIdAndTheSameSchemaAgainReturnsTheSameIdWithoutANewVersion() {
        Response first = post("/subjects/users-value/versions", schemaBody(USER_V1));
        Response again = post("/subjects/users-value/versions", schemaBody(USER_V1));

        assertThat(first.status).isEqualTo(200);
        assertThat(first.body.path("id").asInt()).isPositive();
        assertThat(again.body.path("id").asInt()).isEqualTo(first.body.path("id").asInt());
        assertThat(get("/subjects/users-value/versions").body.toString()).isEqualTo("[1]");
        assertThat(first.contentType).startsWith("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void whitespaceDoesNotMakeADifferentSchema() {
        int id = post("/subjects/users-value/versions", schemaBody(USER_V1)).body.path("id").asInt();
        String spaced = USER_V1.replace(",", " ,\n ").replace(":", " : ");
        assertThat(post("/subjects/users-value/versions", schemaBody(spaced)).body.path("id").asInt()).isEqualTo(id);
    }

    @Test
    void theSameSchemaUnderAnotherSubjectSharesItsId() {
        int id = post("/subjects/a-value/versions", schemaBody(USER_V1)).body.path("id").asInt();
        assertThat(post("/subjects/b-value/versions", schemaBody(USER_V1)).body.path("id").asInt()).isEqualTo(id);
    }

    @Test
    void compatibleEvolutionAddsAVersionWithANewId() {
        int v1 = post("/subjects/users-value/versions", schemaBody(USER_V1)).body.path("id").asInt();
        int v2 = post("/subjects/users-value/versions", schemaBody(USER_V2)).body.path("id").asInt();

        assertThat(v2).isNotEqualTo(v1);
        JsonNode latest = get("/subjects/users-value/versions/latest").body;
        assertThat(latest.path("subject").asString()).isEqualTo("users-value");
        assertThat(latest.path("version").asInt()).isEqualTo(2);
        assertThat(latest.path("id").asInt()).isEqualTo(v2);
        assertThat(latest.path("schema").asString()).contains("email");
        assertThat(get("/subjects/users-value/versions/1").body.path("id").asInt()).isEqualTo(v1);
        assertThat(get("/subjects").body.toString()).isEqualTo("[\"users-value\"]");
    }

    @Test
    void incompatibleSchemaIsRejectedWith409AndDetails() {
        post("/subjects/users-value/versions", schemaBody(USER_V1));
        Response rejected = post("/subjects/users-value/versions", schemaBody(USER_BREAKING));

        assertThat(rejected.status).isEqualTo(409);
        assertThat(rejected.body.path("error_code").asInt()).isEqualTo(409);
        assertThat(rejected.body.path("message").asString()).contains("incompatible").contains("age");
        assertThat(get("/subjects/users-value/versions").body.toString()).isEqualTo("[1]");
    }

    @Test
    void compatibilityEndpointAnswersWithoutRegistering() {
        post("/subjects/users-value/versions", schemaBody(USER_V1));
        assertThat(post("/compatibility/subjects/users-value/versions/latest", schemaBody(USER_V2)).body.path("is_compatible").asBoolean()).isTrue();
        Response breaking = post("/compatibility/subjects/users-value/versions/latest?verbose=true", schemaBody(USER_BREAKING));
        assertThat(breaking.status).isEqualTo(200);
        assertThat(breaking.body.path("is_compatible").asBoolean()).isFalse();
        assertThat(breaking.body.path("messages").toString()).contains("age");
        assertThat(get("/subjects/users-value/versions").body.toString()).isEqualTo("[1]");
    }

    @Test
    void noneCompatibilityAcceptsBreakingChangesForThatSubjectOnly() {
        post("/subjects/users-value/versions", schemaBody(USER_V1));
        Response put = put("/config/users-value", "{\"compatibility\":\"NONE\"}");
        assertThat(put.status).isEqualTo(200);
        assertThat(put.body.path("compatibility").asString()).isEqualTo("NONE");
        assertThat(get("/config/users-value").body.path("compatibilityLevel").asString()).isEqualTo("NONE");
        assertThat(get("/config").body.path("compatibilityLevel").asString()).isEqualTo("BACKWARD");

        assertThat(post("/subjects/users-value/versions", schemaBody(USER_BREAKING)).status).isEqualTo(200);
    }

    @Test
    void subjectWithoutItsOwnLevelAnswers40408UnlessAskedToDefaultToGlobal() {
        Response missing = get("/config/users-value");
        assertThat(missing.status).isEqualTo(404);
        assertThat(missing.body.path("error_code").asInt()).isEqualTo(40408);
        assertThat(get("/config/users-value?defaultToGlobal=true").body.path("compatibilityLevel").asString()).isEqualTo("BACKWARD");
    }

    @Test
    void unknownCompatibilityLevelIs42203() {
        Response bad = put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(bad.status).isEqualTo(422);
        assertThat(bad.body.path("error_code").asInt()).isEqualTo(42203);
    }

    @Test
    void schemaByIdReturnsTheSchemaString() {
        int id = post("/subjects/users-value/versions", schemaBody(USER_V1)).body.path("id").asInt();
        JsonNode found = get("/schemas/ids/" + id).body;
        assertThat(json.readTree(found.path("schema").asString())).isEqualTo(json.readTree(USER_V1));
    }

    @Test
    void lookupFindsTheVersionOfAKnownSchema() {
        post("/subjects/users-value/versions", schemaBody(USER_V1));
        post("/subjects/users-value/versions", schemaBody(USER_V2));
        JsonNode found = post("/subjects/users-value", schemaBody(USER_V1)).body;
        assertThat(found.path("version").asInt()).isEqualTo(1);
        assertThat(found.path("subject").asString()).isEqualTo("users-value");
    }

    @Test
    void notFoundErrorsCarryConfluentCodes() {
        post("/subjects/users-value/versions", schemaBody(USER_V1));

        assertError(get("/subjects/nobody-value/versions/latest"), 404, 40401);
        assertError(get("/subjects/nobody-value/versions"), 404, 40401);
        assertError(post("/subjects/nobody-value", schemaBody(USER_V1)), 404, 40401);
        assertError(get("/subjects/users-value/versions/9"), 404, 40402);
        assertError(get("/schemas/ids/9999"), 404, 40403);
        assertError(post("/subjects/users-value", schemaBody(USER_V2)), 404, 40403);
        assertError(get("/no/such/path"), 404, 404);
    }

    @Test
    void invalidVersionIs42202() {
        post("/subjects/users-value/versions", schemaBody(USER_V1));
        assertError(get("/subjects/users-value/versions/zero"), 422, 42202);
        assertError(get("/subjects/users-value/versions/0"), 422, 42202);
    }

    @Test
    void invalidSchemaIs42201NotA500() {
        assertError(post("/subjects/x-value/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"nosuchtype\"}]}")), 422, 42201);
        assertError(post("/subjects/x-value/versions", schemaBody("{not json at all")), 422, 42201);
        assertError(post("/subjects/x-value/versions", "{\"schema\": 42}"), 422, 42201);
        assertError(post("/subjects/x-value/versions", "{\"other\": \"field\"}"), 422, 42201);
        assertError(post("/subjects/x-value/versions", "{\"schema\":\"\\\"string\\\"\",\"schemaType\":\"PROTOBUF\"}"), 422, 42201);
    }

    @Test
    void bodyThatIsNotJsonIs422NotA500() {
        assertError(post("/subjects/x-value/versions", "this is { not json"), 422, 422);
        assertError(post("/subjects/x-value/versions", "[1,2,3]"), 422, 422);
        assertError(post("/subjects/x-value/versions", ""), 422, 422);
        assertError(put("/config", "nope"), 422, 422);
    }

    @Test
    void wrongMethodIs405() {
        assertError(send("DELETE", "/schemas/ids/1", null), 405, 405);
    }

    @Test
    void subjectNamesArePercentDecoded() {
        int id = post("/subjects/odd%20name%2Fwith+plus/versions", schemaBody(USER_V1)).body.path("id").asInt();
        assertThat(get("/subjects").body.get(0).asString()).isEqualTo("odd name/with+plus");
        assertThat(get("/subjects/odd%20name%2Fwith+plus/versions/latest").body.path("id").asInt()).isEqualTo(id);
    }

    private static void assertError(Response response, int status, int errorCode) {
        assertThat(response.status).as("HTTP status").isEqualTo(status);
        assertThat(response.body.path("error_code").asInt()).as("error_code").isEqualTo(errorCode);
        assertThat(response.body.path("message").asString()).as("message").isNotBlank();
    }

    private static String schemaBody(String schema) {
        return json.writeValueAsString(Map.of("schema", schema));
    }

    private record Response(int status, JsonNode body, String contentType) {
    }

    private Response get(String path) {
        return send("GET", path, null);
    }

    private Response post(String path, String body) {
        return send("POST", path, body);
    }

    private Response put(String path, String body) {
        return send("PUT", path, body);
    }

    private Response send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), json.readTree(response.body()),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
