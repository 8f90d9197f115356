package io.leadstream.sink.ingest;

import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.leaddb.TokenCipher;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.BasicAuth;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.SubjectRegistrar;
import io.leadstream.schemas.serde.AvroDeserializer;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.TopicReplication;
import io.leadstream.schemas.topic.Topics;
import org.slf4j.LoggerFactory;
import io.leadstream.sink.SinkProperties;
import io.leadstream.sink.budget.ApiBudget;
import io.leadstream.sink.leaddb.LeadDb;
import io.leadstream.sink.leaddb.StoredTokens;
import io.leadstream.sink.pipeline.Decoder;
import io.leadstream.sink.pipeline.OutcomeStage;
import io.leadstream.sink.pipeline.PersistStage;
import io.leadstream.sink.pipeline.SinkPipeline;
import io.leadstream.sink.pipeline.WorkspaceRouter;
import io.leadstream.sink.salesforce.SalesforceWriter;
import io.leadstream.sink.workspace.Backoff;
import io.leadstream.sink.workspace.PendingDrainer;
import io.leadstream.sink.workspace.PendingStore;
import io.leadstream.sink.workspace.SyncState;
import io.leadstream.sink.workspace.SyncStates;
import io.leadstream.sink.workspace.WorkspaceConnections;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the sink: topics, serde, lead DB, workspace connections and states, DLQ, the pipeline, the drainer, the listener. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SinkProperties.class)
public class SinkConfiguration {
  /** Floor of the listener's poll timeout (see {@link #nackPollTimeout}). */
  private static final Duration MIN_POLL_TIMEOUT = Duration.ofMillis(100);

  /** The topics the listener consumes. */
  @Bean
  public String[] sinkTopics() {
    return new String[] {Topics.LEAD_STATE.name(), Topics.LEAD_ENGAGEMENT.name(), Topics.CRM_ACTIVITIES.name()};
  }

  /** Creates (idempotently) the consumed topics and the DLQ with the contract's settings, before any listener starts. */
  @Bean
  public TopicCreator.Report sinkTopicsEnsured(KafkaAdmin kafkaAdmin, SinkProperties props, Environment environment) {
    try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
      TopicCreator.Report report = new TopicCreator(admin, props.getPartitions(), Duration.ofSeconds(30),
          TopicReplication.Settings.fromEnvironment(environment::getProperty)).ensure(
          List.of(Topics.LEAD_STATE, Topics.LEAD_ENGAGEMENT, Topics.CRM_ACTIVITIES, Topics.CRM_SINK_DLQ));
      report.replication().logChoice(LoggerFactory.getLogger(SinkConfiguration.class), "crm-sink's topics");
      return report;
    }
  }

  @Bean
  public KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
    return new KafkaHealthIndicator(kafkaAdmin.getConfigurationProperties());
  }

  /** Basic auth from SCHEMA_REGISTRY_BASIC_AUTH_* when the registry requires it (SPEC §14). */
  @Bean
  public SchemaRegistryClient schemaRegistryClient(SinkProperties props, Environment environment) {
    return SchemaRegistryClient.forUrls(props.getSchemaRegistryUrl(), BasicAuth.fromEnvironment(environment::getProperty));
  }

  /**
   * Every Avro topic's value subject exists in the registry from this service's start (idempotent,
   * compatibility-checked), so external producers and consumers can start first (SPEC §10).
   */
  @Bean
  public SubjectRegistrar.Report avroSubjectsRegistered(SchemaRegistryClient registry) {
    SubjectRegistrar.Report report = SubjectRegistrar.ensure(registry, Topics.ALL);
    org.slf4j.LoggerFactory.getLogger(SinkConfiguration.class).info("Avro subjects registered {}, already current {}",
        report.registered(), report.current());
    return report;
  }

  @Bean
  public JsonMapper sinkJsonMapper() {
    return JsonMapper.builder().build();
  }

  @Bean
  public Clock sinkClock() {
    return Clock.systemUTC();
  }

  @Bean
  public LeadDb leadDb(JdbcTemplate jdbc, TransactionTemplate tx, JsonMapper sinkJsonMapper) {
    return new LeadDb(jdbc, tx, sinkJsonMapper);
  }

  @Bean
  public ConnectionStore connectionStore(JdbcTemplate jdbc, SinkProperties props) {
    return new ConnectionStore(jdbc, new TokenCipher(props.getTokenKey(), props.getTokenKeysPrevious()));
  }

  @Bean
  public SinkMetrics sinkMetrics(MeterRegistry registry, SinkProperties props, Clock sinkClock) {
    return new SinkMetrics(registry, ws -> new ApiBudget(props.getSalesforce().getBudgetHeadroom(),
        props.getSalesforce().getBudgetProbeInterval(), sinkClock));
  }

  @Bean
  public WorkspaceConnections workspaceConnections(SinkProperties props, ConnectionStore store, SinkMetrics metrics,
                                                   JsonMapper sinkJsonMapper, Clock sinkClock, JdbcTemplate jdbc) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .version(HttpClient.Version.HTTP_1_1).build();
    return new WorkspaceConnections(props, http, sinkJsonMapper, new StoredTokens(store, sinkClock), metrics,
        sinkClock, jdbc, props.getConnectionsRefresh(), System::nanoTime);
  }

  @Bean
  public SyncStates syncStates(JdbcTemplate jdbc, Clock sinkClock, SinkProperties props) {
    return new SyncStates(jdbc, sinkClock, props.getDrainInterval(), System::nanoTime);
  }

  @Bean
  public PendingStore pendingStore(JdbcTemplate jdbc) {
    return new PendingStore(jdbc);
  }

  /** Parks into crm-sink.dlq.v1 (partition chosen by key) with error.* headers, waiting for the broker's ack. */
  @Bean
  public DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(KafkaTemplate<Object, Object> template) {
    DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
        (record, e) -> new TopicPartition(Topics.CRM_SINK_DLQ.name(), -1));
    recoverer.setFailIfSendResultIsError(true);
    recoverer.setWaitForSendResultTimeout(Duration.ofSeconds(30));
    recoverer.setHeadersFunction((record, e) -> {
      RecordHeaders headers = new RecordHeaders();
      Throwable cause = e;
      while (cause != null && !(cause instanceof DeadLetters.ParkedRecordException) && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      String reason = cause instanceof DeadLetters.ParkedRecordException p ? p.reason() : e.getClass().getSimpleName();
      String message = cause != null && cause.getMessage() != null ? cause.getMessage() : String.valueOf(e.getMessage());
      headers.add("error.reason", reason.getBytes(StandardCharsets.UTF_8));
      headers.add("error.message", message.getBytes(StandardCharsets.UTF_8));
      headers.add("error.source.topic", record.topic().getBytes(StandardCharsets.UTF_8));
      headers.add("error.source.partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
      headers.add("error.source.offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
      headers.add("error.service", "crm-sink".getBytes(StandardCharsets.UTF_8));
      return headers;
    });
    return recoverer;
  }

  @Bean
  public DeadLetters deadLetters(DeadLetterPublishingRecoverer recoverer, SinkMetrics metrics) {
    return new DeadLetters(recoverer, metrics);
  }

  @Bean
  public Decoder decoder(SchemaRegistryClient registry, DeadLetters deadLetters, SinkProperties props) {
    return new Decoder(new AvroDeserializer<>(registry, LeadState.class),
        new AvroDeserializer<>(registry, EngagementScore.class), new AvroDeserializer<>(registry, CrmActivity.class),
        deadLetters, props.getRetryPause());
  }

  @Bean
  public SalesforceWriter salesforceWriter(LeadDb db, DeadLetters deadLetters, SinkMetrics metrics, SinkProperties props,
                                           Clock sinkClock) {
    SinkProperties.Salesforce sf = props.getSalesforce();
    return new SalesforceWriter(db, deadLetters, metrics, sf.getLockRetries(), sf.getLockRetryBackoff(),
        props.getRematchInterval(), sf.getWriteDeadline(), sinkClock);
  }

  @Bean
  public OutcomeStage outcomeStage(LeadDb db, PendingStore pending, SyncStates states, ConnectionStore store,
                                   SinkProperties props, Clock sinkClock) {
    SinkProperties.Backoffs b = props.getBackoff();
    Duration probe = props.getSalesforce().getBudgetProbeInterval();
    Map<SyncState, Backoff> byState = Map.of(
        SyncState.THROTTLED, Backoff.of(b.getThrottleInitial(), b.getThrottleMax()),
        SyncState.SETUP_INCOMPLETE, Backoff.of(b.getSetupInitial(), b.getSetupMax()),
        SyncState.NEEDS_RECONNECT, Backoff.of(b.getReconnectInitial(), b.getReconnectMax()),
        // No jitter: a retry before the budget's probe interval is over would fail without asking the org.
        SyncState.BUDGET_EXHAUSTED, new Backoff(probe, probe, () -> 1.0));
    return new OutcomeStage(db, pending, states, store, OutcomeStage.backoffs(byState), sinkClock);
  }

  @Bean
  public SinkPipeline sinkPipeline(Decoder decoder, LeadDb db, DeadLetters deadLetters, PendingStore pending,
                                   WorkspaceConnections connections, SyncStates states, SalesforceWriter writer,
                                   OutcomeStage outcomes, SinkProperties props) {
    return new SinkPipeline(decoder, new PersistStage(db, deadLetters, props.getRetryPause()), pending,
        new WorkspaceRouter(connections, states, writer), outcomes);
  }

  @Bean
  public PendingDrainer pendingDrainer(PendingStore pending, SyncStates states, WorkspaceConnections connections,
                                       SalesforceWriter writer, OutcomeStage outcomes, Decoder decoder,
                                       SinkMetrics metrics, Clock sinkClock, SinkProperties props) {
    return new PendingDrainer(pending, states, connections, writer, outcomes, decoder, metrics, sinkClock,
        props.getDrainInterval());
  }

  /**
   * Polls often enough for the listener's nack pauses to mean what they say. While a nacked batch's
   * partitions are paused, the container sits in {@code poll()} for its whole poll timeout
   * (spring-kafka's default: 5 s) before it checks whether the pause is over, so every pause was
   * rounded up to 5 s.
   */
  @Bean
  public ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> nackPauseResolution(
      SinkProperties props) {
    Duration pollTimeout = nackPollTimeout(props.getRetryPause());
    return container -> {
      var properties = container.getContainerProperties();
      properties.setPollTimeout(Math.min(properties.getPollTimeout(), pollTimeout.toMillis()));
    };
  }

  /**
   * A quarter of the pause, so a pause overruns by at most 25 % (5 s: 1.25 s), and never below
   * 100 ms: an idle sink then polls at most ten times a second.
   */
  static Duration nackPollTimeout(Duration retryPause) {
    Duration quarter = retryPause.dividedBy(4);
    return quarter.compareTo(MIN_POLL_TIMEOUT) < 0 ? MIN_POLL_TIMEOUT : quarter;
  }

  @Bean
  public SinkListener sinkListener(SinkPipeline pipeline, SinkMetrics metrics, SinkProperties props,
                                   TopicCreator.Report sinkTopicsEnsured) {
    return new SinkListener(pipeline, metrics, props.getRetryPause());
  }
}
