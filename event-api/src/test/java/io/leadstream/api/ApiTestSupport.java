package io.leadstream.api;

import io.leadstream.api.auth.ApiTokens;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroDeserializer;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.testkit.kafka.SharedKafkaBroker;
import io.leadstream.testkit.postgres.SharedPostgres;
import io.leadstream.testkit.registry.SharedSchemaRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One event-api on the shared broker, registry and embedded PostgreSQL, with the Salesforce
 * emulator as its login URL; every Spring test class extends this so they share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class ApiTestSupport {
  public static final String TOKEN = "test-token-" + UUID.randomUUID();
  public static final String OTHER_TOKEN = "other-token-" + UUID.randomUUID();
  public static final String TOKEN_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  public static final int PORT = freePort();
  public static final String BASE = "http://localhost:" + PORT;
  /** Actuator's port, apart from the application's (SPEC §14); loopback, as by default. */
  public static final int MANAGEMENT_PORT = freePort();
  public static final String CALLBACK = BASE + "/api/salesforce/oauth/callback";
  public static final SalesforceEmulator EMULATOR =
      SalesforceEmulator.start(EmulatorConfig.defaults().withCallbackUrls(List.of(CALLBACK)));
  protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    String db = "event_api_" + UUID.randomUUID().toString().substring(0, 8);
    SharedPostgres.get().createDatabase(db);
    registry.add("server.port", () -> PORT);
    registry.add("management.server.port", () -> MANAGEMENT_PORT);
    registry.add("spring.kafka.bootstrap-servers", () -> SharedKafkaBroker.get().bootstrapServers());
    registry.add("spring.datasource.url", () -> SharedPostgres.get().jdbcUrl(db));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("leadstream.api.schema-registry-url", () -> SharedSchemaRegistry.get().url());
    registry.add("leadstream.api.partitions", () -> "3");
    registry.add("leadstream.api.token-key", () -> TOKEN_KEY);
    registry.add("leadstream.api.auth.dev-token", () -> TOKEN);
    registry.add("leadstream.api.auth.token-hashes.other", () -> ApiTokens.sha256Hex(OTHER_TOKEN));
    registry.add("leadstream.api.rate-limit.requests-per-second", () -> "100000");
    registry.add("leadstream.api.rate-limit.burst", () -> "100000");
    registry.add("leadstream.api.max-body-bytes", () -> "65536");
    registry.add("leadstream.api.cadences.ids", () -> "configured-cadence");
    registry.add("leadstream.api.cadences.load-timeout", () -> "20s");
    registry.add("leadstream.api.salesforce.login-url", EMULATOR::baseUrl);
    registry.add("leadstream.api.salesforce.client-id", EMULATOR::clientId);
    registry.add("leadstream.api.salesforce.client-secret", EMULATOR::clientSecret);
    registry.add("leadstream.api.salesforce.callback-url", () -> CALLBACK);
    registry.add("leadstream.api.salesforce.state-key", () -> TOKEN_KEY);
    registry.add("logging.structured.format.console", () -> "");
  }

  protected static HttpResponse<String> send(String method, String path, String token, String contentType,
                                             byte[] body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code GET path} on the management port, without a token. */
  protected static HttpResponse<String> management(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  protected static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return send("POST", path, TOKEN, "application/json", json.getBytes(), Map.of());
  }

  protected static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send("GET", path, TOKEN, null, null, Map.of());
  }

  /** Every record of voice.events.v1 (from the beginning) whose key is one of {@code leadIds}. */
  protected static List<ConsumerRecord<String, VoiceEvent>> recordsOf(String... leadIds) {
    SchemaRegistryClient registry = SchemaRegistryClient.forUrls(SharedSchemaRegistry.get().url());
    try (KafkaConsumer<String, VoiceEvent> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.get().bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new AvroDeserializer<>(registry, VoiceEvent.class))) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.VOICE_EVENTS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, VoiceEvent>> out = new ArrayList<>();
      List<String> wanted = List.of(leadIds);
      long deadline = System.currentTimeMillis() + 20_000;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, VoiceEvent> r : consumer.poll(Duration.ofMillis(200))) {
          if (wanted.contains(r.key())) {
            out.add(r);
          }
        }
      }
      return out;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
