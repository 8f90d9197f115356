package io.leadstream.stream;

import io.leadstream.leaddb.access.ApiTokenFormat;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerializer;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.testkit.kafka.SharedKafkaBroker;
import io.leadstream.testkit.registry.SharedSchemaRegistry;
import io.leadstream.stream.runtime.LeadStreams;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service on a real broker and registry: it applies produced events, answers interactive
 * queries for them on its HTTP port, and reports health and metrics (SPEC §12) on its management
 * port, and only there (SPEC §14).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class StreamServiceTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    LeadStreams leadStreams;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        registry.add("leadstream.kafka.bootstrap-servers", () -> SharedKafkaBroker.get().bootstrapServers());
        registry.add("leadstream.kafka.schema-registry-url", () -> SharedSchemaRegistry.get().url());
        registry.add("leadstream.kafka.partitions", () -> "12");
        registry.add("leadstream.streams.application-id", () -> "stream-service-test-" + RUN);
        registry.add("leadstream.streams.state-dir", () -> tempDir());
        registry.add("leadstream.streams.commit-interval", () -> "100ms");
        QueryTokens.datasourceProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("stream-service-test").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSilentMemberLeavesTheGroupAfterTenSecondsSoAKilledInstanceIsBackWellWithinThirtySeconds() {
        // Kafka's 45 s default session timeout alone made every restart after kill -9 miss SPEC §13's 30 s
        // (bench/results: stream-footprint.md); heartbeats must stay well inside the timeout.
        Properties config = leadStreams.effectiveConfig();

        assertThat(config.get(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))).isEqualTo(10_000);
        assertThat((Integer) config.get(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)))
                .isLessThanOrEqualTo(10_000 / 3);
    }

    @Test
    void producedEventsBecomeQueryableLeadState() {
        Events events = new Events();
        String lead = "svc-" + RUN + "-1";
        Instant now = Instant.now().minusSeconds(60);
        produce(events.profile(lead, now, "ann@acme.example", "+13055550142", null),
                events.placed(lead, now.plusSeconds(1), "call-1"),
                events.answered(lead, now.plusSeconds(5), "call-1", 240));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> answer = get("/state/leads/" + lead, Events.WORKSPACE);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode state = JSON.readTree(answer.body());
            assertThat(state.path("version").asInt()).isEqualTo(3);
            assertThat(state.path("status").asString()).isEqualTo("CONTACTED");
            assertThat(state.path("profile").path("email").asString()).isEqualTo("ann@acme.example");
            assertThat(state.path("totalTalkSeconds").asInt()).isEqualTo(240);
        });
        assertThat(metrics()).anySatisfy(line -> assertThat(line).startsWith("leadstream_events_applied_total{")
                .contains("type=\"CALL_ANSWERED\"").doesNotEndWith(" 0.0"));
        // SPEC §12 events out per type: lead state changed three times, so lead.state.v1 got records.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics()).anySatisfy(line -> assertThat(line)
                .startsWith("leadstream_events_out_total{").contains("topic=\"lead.state.v1\"").contains("type=\"LeadState\"")
                .doesNotEndWith(" 0.0")));
    }

    @Test
    void anUnknownLeadIsA404ProblemOnceRunning() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(management("/health/readiness").statusCode()).isEqualTo(200));
        HttpResponse<String> answer = get("/state/leads/nobody-" + RUN, Events.WORKSPACE);
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JSON.readTree(answer.body()).path("detail").asString()).contains("nobody-" + RUN);
    }

    @Test
    void eachWorkspaceReadsItsOwnLeadOfALeadIdBothUse() {
        String lead = "svc-" + RUN + "-shared";
        Instant now = Instant.now().minusSeconds(60);
        produce(new Events("acme").profile(lead, now, "ann@acme.example", "+13055550142", null),
                new Events("globex").profile(lead, now, "bob@globex.example", "+13055550199", null));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String workspace : new String[]{"acme", "globex"}) {
                HttpResponse<String> answer = get("/state/leads/" + lead, workspace);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                JsonNode state = JSON.readTree(answer.body());
                assertThat(state.path("workspaceId").asString()).isEqualTo(workspace);
                assertThat(state.path("profile").path("email").asString()).endsWith("@" + workspace + ".example");
            }
        });
    }

    @Test
    void anotherWorkspacesLeadIsA404ExactlyLikeAMissingOne() {
        String lead = "svc-" + RUN + "-acme-only";
        produce(new Events("acme").profile(lead, Instant.now().minusSeconds(60), "ann@acme.example", "+13055550142", null));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("/state/leads/" + lead, "acme").statusCode()).isEqualTo(200));

        HttpResponse<String> otherWorkspace = get("/state/leads/" + lead, "globex");
        HttpResponse<String> missing = get("/state/leads/" + lead, "initech");

        assertThat(otherWorkspace.statusCode()).isEqualTo(404);
        assertThat(otherWorkspace.headers().firstValue("Content-Type")).isEqualTo(missing.headers().firstValue("Content-Type"));
        assertThat(JSON.readTree(otherWorkspace.body())).as("nothing tells a lead of another workspace from no lead")
                .isEqualTo(JSON.readTree(missing.body()));
    }

    @Test
    void aLeadIdOfMoreThan128CharactersIsA400Problem() {
        HttpResponse<String> answer = get("/state/leads/" + "x".repeat(129), Events.WORKSPACE);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JSON.readTree(answer.body()).path("detail").asString()).contains("leadId has 129 characters, more than 128");
    }

    @Test
    void withoutAnAuthenticatedWorkspaceNoLeadIsRead() {
        HttpResponse<String> answer = get("/state/leads/nobody-" + RUN, null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void aTokenWithoutLeadsReadIsA403() {
        String dialer = QueryTokens.issue(Events.WORKSPACE, EnumSet.of(Scope.EVENTS_WRITE));

        HttpResponse<String> answer = getWithToken("/state/leads/nobody-" + RUN, dialer);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("leads:read");
    }

    @Test
    void aRevokedTokenIsRefusedWithin10Seconds() {
        String token = QueryTokens.issue("revoking-" + RUN, EnumSet.of(Scope.LEADS_READ));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(getWithToken("/state/leads/nobody", token).statusCode()).isEqualTo(404));
        String tokenId = ApiTokenFormat.parse(token).orElseThrow().tokenId();

        assertThat(QueryTokens.tokens().revoke("revoking-" + RUN, tokenId)).isTrue();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> getWithToken("/state/leads/nobody", token).statusCode() == 401);
    }

    @Test
    void anAmbiguousPathIsRefusedBeforeAnyLookup() {
        HttpResponse<String> answer = get("/state;x=1/leads/nobody", Events.WORKSPACE);

        assertThat(answer.statusCode()).isEqualTo(400);
    }

    @Test
    void healthReportsUpAndReadinessIncludesTheStreamsClientOnTheManagementPort() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> readiness = management("/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(readiness.body()).path("components").path("kafkaStreams").path("details").path("state").asString())
                    .isEqualTo("RUNNING");
        });
        for (String path : new String[]{"/health", "/health/liveness"}) {
            HttpResponse<String> response = management(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("status").asString()).as(path).isEqualTo("UP");
        }
    }

    @Test
    void metricsServePrometheusTextTaggedWithTheApplicationOnTheManagementPort() {
        assertThat(metrics()).anySatisfy(line -> assertThat(line).startsWith("jvm_memory_used_bytes{").contains("application=\"stream-app\""));
        assertThat(metrics()).anySatisfy(line -> assertThat(line).startsWith("leadstream_dlq_records_total{"));
        assertThat(metrics()).anySatisfy(line -> assertThat(line).startsWith("leadstream_decay_lag_seconds"));
        assertThat(metrics()).anySatisfy(line -> assertThat(line).startsWith("leadstream_cadence_timer_lag_seconds"));
        // Per-partition consumer lag of the input topic, which ops/prometheus/alerts.yml (ConsumerLagGrowing) reads.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(metrics()).anySatisfy(line -> assertThat(line)
                .startsWith("kafka_consumer_fetch_manager_records_lag{").contains("topic=\"voice.events.v1\"")));
    }

    @Test
    void theApplicationPortAnswersNeitherHealthNorMetrics() {
        for (String path : new String[]{"/health", "/health/liveness", "/health/readiness", "/metrics"}) {
            assertThat(get(path).statusCode()).as(path + " without a token").isEqualTo(401);
            assertThat(get(path, Events.WORKSPACE).statusCode()).as(path + " with a token").isEqualTo(404);
        }
    }

    private java.util.List<String> metrics() {
        HttpResponse<String> response = management("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().lines().toList();
    }

    private static void produce(VoiceEvent... batch) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.get().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, VoiceEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new AvroSerializer<>(SchemaRegistryClient.forUrls(SharedSchemaRegistry.get().url()), true))) {
            for (VoiceEvent e : batch) {
                producer.send(new ProducerRecord<>(Topics.VOICE_EVENTS.name(), LeadKey.of(e.getWorkspaceId(), e.getLeadId()), e));
            }
            producer.flush();
        }
    }

    private HttpResponse<String> get(String path) {
        return get(path, null);
    }

    /** {@code GET path} with a {@code leads:read} token of {@code workspaceId}, or without a token when it is null. */
    private HttpResponse<String> get(String path, String workspaceId) {
        return getWithToken(path, workspaceId == null ? null : QueryTokens.reader(workspaceId));
    }

    private HttpResponse<String> getWithToken(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> management(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).timeout(Duration.ofSeconds(10)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
