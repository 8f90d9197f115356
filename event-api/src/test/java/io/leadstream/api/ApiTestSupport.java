package io.leadstream.api;

import io.leadstream.leaddb.access.ApiTokenStore;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.topic.LeadKey;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One event-api on the shared broker, registry and embedded PostgreSQL, with the Salesforce
 * emulator as its login URL; every Spring test class extends this so they share one context.
 * Its database is migrated and given two workspaces before the service starts: {@code default}
 * with {@link #TOKEN} and {@code other} with {@link #OTHER_TOKEN}, each holding every scope.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class ApiTestSupport {
  public static final String ADMIN_KEY = "operator-key-" + UUID.randomUUID();
  public static final String DATABASE = "event_api_" + UUID.randomUUID().toString().substring(0, 8);
  public static final JdbcTemplate JDBC = migratedDatabase();
  public static final String TOKEN = workspaceWithToken("default", EnumSet.allOf(Scope.class));
  public static final String OTHER_TOKEN = workspaceWithToken("other", EnumSet.allOf(Scope.class));
  public static final String TOKEN_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  /** A retired token key that still decrypts (LEADSTREAM_TOKEN_KEYS_PREVIOUS). */
  public static final String PREVIOUS_TOKEN_KEY = "retired:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=";
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
    properties(PORT, MANAGEMENT_PORT).forEach((k, v) -> registry.add(k, () -> v));
  }

  /** The settings of an event-api instance of this test on these ports: a second instance shares everything else. */
  protected static Map<String, Object> properties(int port, int managementPort) {
    Map<String, Object> p = new java.util.LinkedHashMap<>();
    p.put("server.port", port);
    p.put("management.server.port", managementPort);
    p.put("spring.kafka.bootstrap-servers", SharedKafkaBroker.get().bootstrapServers());
    p.put("spring.datasource.url", SharedPostgres.get().jdbcUrl(DATABASE));
    p.put("spring.datasource.username", "postgres");
    p.put("leadstream.api.schema-registry-url", SharedSchemaRegistry.get().url());
    p.put("leadstream.api.partitions", "3");
    p.put("leadstream.api.token-key", TOKEN_KEY);
    p.put("leadstream.api.token-keys-previous", PREVIOUS_TOKEN_KEY);
    p.put("leadstream.api.auth.admin-key", ADMIN_KEY);
    p.put("leadstream.api.rate-limit.requests-per-second", "100000");
    p.put("leadstream.api.rate-limit.burst", "100000");
    p.put("leadstream.api.max-body-bytes", "65536");
    p.put("leadstream.api.cadences.ids", "configured-cadence");
    p.put("leadstream.api.cadences.load-timeout", "20s");
    p.put("leadstream.api.salesforce.login-url", EMULATOR.baseUrl());
    p.put("leadstream.api.salesforce.client-id", EMULATOR.clientId());
    p.put("leadstream.api.salesforce.client-secret", EMULATOR.clientSecret());
    p.put("leadstream.api.salesforce.callback-url", CALLBACK);
    p.put("leadstream.api.salesforce.state-key", TOKEN_KEY);
    p.put("logging.structured.format.console", "");
    return p;
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

  private static JdbcTemplate migratedDatabase() {
    SharedPostgres.get().createDatabase(DATABASE);
    DriverManagerDataSource dataSource = new DriverManagerDataSource(SharedPostgres.get().jdbcUrl(DATABASE),
        "postgres", "");
    Flyway.configure().dataSource(dataSource).load().migrate();
    return new JdbcTemplate(dataSource);
  }

  /** Creates the workspace (when new) and issues it a token with these scopes. */
  protected static String workspaceWithToken(String workspaceId, Set<Scope> scopes) {
    new WorkspaceStore(JDBC).create(workspaceId, "Workspace " + workspaceId);
    return new ApiTokenStore(JDBC).issue(workspaceId, scopes, null, "test").token();
  }

  /** Every record of voice.events.v1 (from the beginning) for these leads of the workspace {@code default}. */
  protected static List<ConsumerRecord<String, VoiceEvent>> recordsOf(String... leadIds) {
    return recordsOfWorkspace("default", leadIds);
  }

  /** Every record of voice.events.v1 (from the beginning) keyed by one of these leads of {@code workspaceId}. */
  protected static List<ConsumerRecord<String, VoiceEvent>> recordsOfWorkspace(String workspaceId, String... leadIds) {
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
      List<String> wanted = java.util.Arrays.stream(leadIds).map(id -> LeadKey.of(workspaceId, id)).toList();
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

  protected static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
