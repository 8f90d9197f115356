package io.leadstream.sink;

import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.crm.Appointment;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CallStage;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadProfile;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerde;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.testkit.kafka.SharedKafkaBroker;
import io.leadstream.testkit.postgres.SharedPostgres;
import io.leadstream.testkit.registry.SharedSchemaRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Shared infrastructure of the sink's end-to-end specs: broker, registry, PostgreSQL, emulator, record builders. */
public final class SinkTestSupport {
  public static final SalesforceEmulator EMULATOR = SalesforceEmulator.start(EmulatorConfig.defaults());
  /** Where the web flow's authorize step redirects in these tests (nothing listens: the code is read off the redirect). */
  public static final String CALLBACK = "http://localhost:9/api/salesforce/oauth/callback";
  /** The org workspaces connected through the web flow (refresh tokens in crm_connections) log in to. */
  public static final SalesforceEmulator WEB_FLOW_ORG =
      SalesforceEmulator.start(EmulatorConfig.defaults().withCallbackUrls(List.of(CALLBACK)));
  /** The org of workspace {@code tenant-b}: another customer's Salesforce. */
  public static final SalesforceEmulator OTHER_ORG = SalesforceEmulator.start(EmulatorConfig.defaults());
  public static final String TOKEN_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  /** A retired token key that still decrypts (LEADSTREAM_TOKEN_KEYS_PREVIOUS). */
  public static final String PREVIOUS_TOKEN_KEY = "retired:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  public static final Instant T0 = Instant.parse("2025-10-29T14:30:00Z");

  private SinkTestSupport() {
  }

  /** Properties of a sink on the shared infrastructure with short pauses, its own group and database. */
  public static void register(DynamicPropertyRegistry registry, String name) {
    String bootstrap = SharedKafkaBroker.get().bootstrapServers();
    String db = "sink_" + name + "_" + DATABASES.incrementAndGet();
    SharedPostgres.get().createDatabase(db);
    registry.add("spring.kafka.bootstrap-servers", () -> bootstrap);
    registry.add("spring.kafka.consumer.group-id", () -> "crm-sink-" + name);
    registry.add("spring.datasource.url", () -> SharedPostgres.get().jdbcUrl(db));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("leadstream.sink.schema-registry-url", () -> SharedSchemaRegistry.get().url());
    registry.add("leadstream.sink.partitions", () -> "3");
    registry.add("leadstream.sink.token-key", () -> TOKEN_KEY);
    registry.add("leadstream.sink.token-keys-previous", () -> PREVIOUS_TOKEN_KEY);
    registry.add("leadstream.sink.retry-pause", () -> "300ms");
    registry.add("leadstream.sink.drain-interval", () -> "100ms");
    registry.add("leadstream.sink.connections-refresh", () -> "200ms");
    registry.add("leadstream.sink.backoff.throttle-initial", () -> "200ms");
    registry.add("leadstream.sink.backoff.throttle-max", () -> "400ms");
    registry.add("leadstream.sink.backoff.setup-initial", () -> "300ms");
    registry.add("leadstream.sink.backoff.setup-max", () -> "600ms");
    registry.add("leadstream.sink.backoff.reconnect-initial", () -> "500ms");
    registry.add("leadstream.sink.backoff.reconnect-max", () -> "1s");
    registry.add("leadstream.sink.salesforce.budget-probe-interval", () -> "200ms");
    registry.add("leadstream.sink.salesforce.retry-backoff", () -> "20ms");
    registry.add("leadstream.sink.salesforce.lock-retry-backoff", () -> "20ms");
    registry.add("leadstream.sink.salesforce.circuit-open-for", () -> "200ms");
    registry.add("leadstream.sink.salesforce.connected-app.login-url", WEB_FLOW_ORG::baseUrl);
    registry.add("leadstream.sink.salesforce.connected-app.client-id", WEB_FLOW_ORG::clientId);
    registry.add("leadstream.sink.salesforce.connected-app.client-secret", WEB_FLOW_ORG::clientSecret);
    registry.add("leadstream.sink.workspaces.default.login-url", EMULATOR::baseUrl);
    registry.add("leadstream.sink.workspaces.default.client-id", EMULATOR::clientId);
    registry.add("leadstream.sink.workspaces.default.client-secret", EMULATOR::clientSecret);
    registry.add("leadstream.sink.workspaces.tenant-b.login-url", OTHER_ORG::baseUrl);
    registry.add("leadstream.sink.workspaces.tenant-b.client-id", OTHER_ORG::clientId);
    registry.add("leadstream.sink.workspaces.tenant-b.client-secret", OTHER_ORG::clientSecret);
    // A workspace that creates a Lead for a lead nothing matched.
    registry.add("leadstream.sink.workspaces.creates.login-url", EMULATOR::baseUrl);
    registry.add("leadstream.sink.workspaces.creates.client-id", EMULATOR::clientId);
    registry.add("leadstream.sink.workspaces.creates.client-secret", EMULATOR::clientSecret);
    registry.add("leadstream.sink.workspaces.creates.create-missing-leads", () -> "true");
    // A second workspace on the same org whose use-case field the org does not have.
    registry.add("leadstream.sink.workspaces.badfield.login-url", EMULATOR::baseUrl);
    registry.add("leadstream.sink.workspaces.badfield.client-id", EMULATOR::clientId);
    registry.add("leadstream.sink.workspaces.badfield.client-secret", EMULATOR::clientSecret);
    registry.add("leadstream.sink.workspaces.badfield.fields.useCase", () -> "Voice_Agent_Missing_Field__c");
    registry.add("logging.structured.format.console", () -> "");
    registry.add("logging.level.org.apache.kafka", () -> "WARN");
    registry.add("logging.level.org.springframework.kafka", () -> "WARN");
  }

  /**
   * The OAuth web flow as a workspace's admin runs it on {@code org} (whose callback URLs include {@link #CALLBACK}):
   * the token response, access_token, refresh_token and instance_url as event-api stores them.
   */
  public static JsonNode webFlowTokens(SalesforceEmulator org) throws Exception {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String authorize = org.baseUrl() + "/services/oauth2/authorize?response_type=code&client_id=" + org.clientId()
        + "&redirect_uri=" + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8) + "&state=s";
    HttpResponse<String> approved = http.send(HttpRequest.newBuilder(URI.create(authorize)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    String location = approved.headers().firstValue("Location").orElseThrow();
    String code = URLEncoder.encode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    String form = "grant_type=authorization_code&code=" + code + "&client_id=" + org.clientId()
        + "&client_secret=" + org.clientSecret() + "&redirect_uri=" + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8);
    HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(org.baseUrl()
            + "/services/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    if (tokens.statusCode() != 200) {
      throw new IllegalStateException("web flow refused: HTTP " + tokens.statusCode());
    }
    return JSON.readTree(tokens.body());
  }

  /** Every record in crm-sink.dlq.v1 so far. */
  public static List<ConsumerRecord<String, byte[]>> dlq() {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.get().bootstrapServers()),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CRM_SINK_DLQ.name()).stream()
          .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  public static List<String> dlqKeys() {
    return dlq().stream().map(ConsumerRecord::key).toList();
  }

  /** The DLQ records keyed {@code key}. */
  public static List<ConsumerRecord<String, byte[]>> dlqRecords(String key) {
    return dlq().stream().filter(r -> key.equals(r.key())).toList();
  }

  public static String header(ConsumerRecord<?, ?> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  public static SchemaRegistryClient registryClient() {
    return SchemaRegistryClient.forUrls(SharedSchemaRegistry.get().url());
  }

  // ------------------------------------------------------------------ records

  public static LeadState state(String ws, String leadId, String email, String phone, long version) {
    return LeadState.newBuilder()
        .setLeadId(leadId).setWorkspaceId(ws)
        .setProfile(LeadProfile.newBuilder().setEmail(email).setPhone(phone).setFirstName("Pat").setLastName("Doe").build())
        .setStatus(LeadStatus.CONTACTED).setCallsPlaced((int) version).setCallsAnswered(1)
        .setLastContactedAt(T0).setLastEventAt(T0).setEngagementScore(40).setUseCase("sales_proposals")
        .setTeamSize("10-50").setMeetingBooked(true).setVersion(version).build();
  }

  public static CallActivity call(String ws, String leadId, String callId, int revision) {
    return CallActivity.newBuilder()
        .setCallId(callId).setLeadId(leadId).setWorkspaceId(ws).setStage(CallStage.COMPLETED)
        .setPlacedAt(T0).setAnsweredAt(T0.plusSeconds(5)).setEndedAt(T0.plusSeconds(905)).setDurationSeconds(900)
        .setDirection(CallDirection.OUTBOUND).setDisposition("Meeting booked")
        .setSignals(DiscoveredSignals.newBuilder().setUseCase("sales_proposals").setTeamSize("10-50")
            .setPainPoints(List.of("manual contract creation", "slow approval process")).build())
        .setToolCalls(List.of(ToolCall.newBuilder().setTool("book_sales_meeting")
            .setArguments(Map.of("preferred_date", "2025-11-01")).setSucceeded(true).build()))
        .setRevision(revision).setLastEventId("evt-" + callId + "-" + revision).setOccurredAt(Instant.now())
        .build();
  }

  public static Appointment appointment(String ws, String leadId, String appointmentId, Instant start) {
    return Appointment.newBuilder()
        .setAppointmentId(appointmentId).setLeadId(leadId).setWorkspaceId(ws).setCallId("call-of-" + appointmentId)
        .setType("Sales Meeting").setStartAt(start).setEndAt(start == null ? null : start.plusSeconds(3600))
        .setDurationMinutes(60).setTimeZone("America/New_York").setBookedAt(Instant.now())
        .setEventId("evt-" + appointmentId).build();
  }

  public static EngagementScore score(String ws, String leadId, int score, long stateVersion) {
    return EngagementScore.newBuilder().setLeadId(leadId).setWorkspaceId(ws).setScore(score)
        .setAsOf(Instant.now()).setStateVersion(stateVersion).build();
  }

  /** A record as the sink polls it: the value's topic, its lead key, its wire bytes. */
  public static ConsumerRecord<String, byte[]> consumerRecord(SchemaRegistryClient registry, Object value, long offset) {
    return consumerRecord(registry, leadKeyOf(value), value, offset);
  }

  /** The same with an explicit record key (a key that may disagree with the value). */
  public static ConsumerRecord<String, byte[]> consumerRecord(SchemaRegistryClient registry, String key, Object value,
                                                              long offset) {
    String topic = topicOf(value);
    return new ConsumerRecord<>(topic, 0, offset, key, bytes(registry, topic, value));
  }

  public static void produce(SchemaRegistryClient registry, Object... values) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.get().bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
      for (Object value : values) {
        String topic = topicOf(value);
        producer.send(new ProducerRecord<>(topic, leadKeyOf(value), bytes(registry, topic, value)));
      }
      producer.flush();
    }
  }

  /** A record exactly as given (the admin API's DLQ replay produces the parked bytes back). */
  public static void produceRaw(String topic, String key, byte[] value) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.get().bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value));
      producer.flush();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static byte[] bytes(SchemaRegistryClient registry, String topic, Object value) {
    Object record = value instanceof CallActivity || value instanceof Appointment
        ? CrmActivity.newBuilder().setActivity(value).build() : value;
    AvroSerde serde = AvroSerde.forValues((Class) record.getClass(), registry);
    return serde.serializer().serialize(topic, (SpecificRecord) record);
  }

  private static String topicOf(Object value) {
    if (value instanceof LeadState) {
      return Topics.LEAD_STATE.name();
    }
    if (value instanceof EngagementScore) {
      return Topics.LEAD_ENGAGEMENT.name();
    }
    return Topics.CRM_ACTIVITIES.name();
  }

  /** The record key of a lead-keyed value: {@code <workspaceId>/<leadId>} (SPEC §3). */
  public static String leadKeyOf(Object value) {
    if (value instanceof LeadState s) {
      return LeadKey.of(s.getWorkspaceId(), s.getLeadId());
    }
    if (value instanceof EngagementScore e) {
      return LeadKey.of(e.getWorkspaceId(), e.getLeadId());
    }
    if (value instanceof CallActivity c) {
      return LeadKey.of(c.getWorkspaceId(), c.getLeadId());
    }
    Appointment a = (Appointment) value;
    return LeadKey.of(a.getWorkspaceId(), a.getLeadId());
  }
}
