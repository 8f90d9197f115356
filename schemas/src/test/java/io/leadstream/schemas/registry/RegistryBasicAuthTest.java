package io.leadstream.schemas.registry;

import io.leadstream.schemas.SampleRecords;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.server.InMemorySchemaLog;
import io.leadstream.schemas.registry.server.SchemaRegistry;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.serde.AvroDeserializer;
import io.leadstream.schemas.serde.AvroSerializer;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A registry that requires HTTP basic auth (as Confluent Cloud's does, SPEC §14) and the client
 * against it: with the right credentials everything works; without or with wrong ones the answer is
 * Confluent's 401, final, and no message carries a credential.
 */
class RegistryBasicAuthTest {
    private static final String USER = "sr-api-key";
    private static final String PASSWORD = "sr:secret@with/odd chars";
    private static final Duration SLOW_BACKOFF = Duration.ofSeconds(5);
    private static SchemaRegistryServer server;

    @BeforeAll
    static void startSecuredRegistry() {
        server = SchemaRegistryServer.start(new SchemaRegistry(new InMemorySchemaLog()), "127.0.0.1", 0, Map.of(USER, PASSWORD));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientWithTheUserInfoRegistersAndReadsSchemas() {
        SchemaRegistryClient client = SchemaRegistryClient.forUrls(server.url(), BasicAuth.userInfo(USER + ":" + PASSWORD));

        int id = client.register("secured-user-info-value", LeadState.getClassSchema());

        assertThat(SchemaRegistryClient.forUrls(server.url(), BasicAuth.userInfo(USER + ":" + PASSWORD)).schemaById(id))
                .isEqualTo(LeadState.getClassSchema());
    }

    @Test
    void credentialsInTheUrlAreUsedByDefault() {
        String url = server.url().replace("http://", "http://" + USER + ":" + percentEncoded(PASSWORD) + "@");

        assertThat(SchemaRegistryClient.forUrls(url).register("secured-url-value", LeadState.getClassSchema())).isPositive();
    }

    @Test
    void withoutCredentialsTheAnswerIsAFinal401() {
        SchemaRegistryClient client = new SchemaRegistryClient(List.of(server.url()), Duration.ofSeconds(5), 3, SLOW_BACKOFF);

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.subjects()).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.errorCode()).isEqualTo(401);
            assertThat(e.isRetriable()).isFalse();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not retried with backoff").isLessThan(SLOW_BACKOFF);
    }

    @Test
    void aWrongPasswordIsA401WhoseMessageQuotesNoCredential() {
        String wrong = "not-the-password";
        String url = server.url().replace("http://", "http://" + USER + ":" + wrong + "@");
        SchemaRegistryClient client = SchemaRegistryClient.forUrls(url);

        assertThatThrownBy(() -> client.register("secured-wrong-value", LeadState.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong, USER));
    }

    @Test
    void anUnknownUserIsRefusedLikeAWrongPassword() {
        SchemaRegistryClient client = SchemaRegistryClient.forUrls(server.url(), BasicAuth.userInfo("someone-else:" + PASSWORD));

        assertThatThrownBy(client::subjects)
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
    }

    @Test
    void anUnreachableUrlIsReportedWithoutItsUserInfo() {
        String url = "http://" + USER + ":" + "pw-in-url" + "@127.0.0.1:1";
        SchemaRegistryClient client = new SchemaRegistryClient(List.of(url), Duration.ofMillis(500), 0, Duration.ofMillis(1));

        assertThatThrownBy(client::subjects).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("127.0.0.1:1").satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-in-url", USER));
    }

    @Test
    void theServerAnswersLikeConfluentsRegistry() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/subjects"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(answer.headers().firstValue("Content-Type")).contains(SchemaRegistryServer.CONTENT_TYPE);
        assertThat(JsonMapper.builder().build().readTree(answer.body()))
                .isEqualTo(JsonMapper.builder().build().readTree("{\"error_code\":401,\"message\":\"Unauthorized\"}"));
    }

    @Test
    void theSerdeTakesConfluentsBasicAuthKeys() {
        Map<String, Object> config = Map.of("schema.registry.url", server.url(),
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", USER + ":" + PASSWORD);
        LeadState state = SampleRecords.leadState();
        try (AvroSerializer<LeadState> serializer = new AvroSerializer<>();
             AvroDeserializer<GenericRecord> deserializer = new AvroDeserializer<>()) {
            serializer.configure(config, false);
            deserializer.configure(config, false);

            GenericRecord read = deserializer.deserialize("secured.serde.v1", serializer.serialize("secured.serde.v1", state));
            assertThat(read.get("leadId")).hasToString(state.getLeadId());
        }
    }

    private static String percentEncoded(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
