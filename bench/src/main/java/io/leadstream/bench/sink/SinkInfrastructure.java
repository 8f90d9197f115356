package io.leadstream.bench.sink;

import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.kafka.KafkaBrokers;
import io.leadstream.testkit.postgres.EmbeddedPostgresDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the crm-sink benches run against, in the driver's JVM: a KRaft broker with the sink's topics
 * (the contract's settings, {@value #PARTITIONS} partitions, created before anything produces, so no
 * topic is auto-created with one partition), the schema registry on that broker, and embedded
 * PostgreSQL with one database for the sink. The sink itself runs as its own process
 * ({@link CrmSinkProcess}) configured by {@link #sinkEnvironment()}.
 */
public final class SinkInfrastructure implements AutoCloseable {

  public static final int PARTITIONS = 12;
  /** The key sealing tokens in crm_connections: the sink's and, for web-flow grants, the bench's own writes. */
  public static final String TOKEN_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  private final KafkaBroker broker;
  private final EmbeddedPostgresDatabase postgres;
  private final String database;
  private SchemaRegistryServer registry;

  private SinkInfrastructure(KafkaBroker broker, EmbeddedPostgresDatabase postgres, String database) {
    this.broker = broker;
    this.postgres = postgres;
    this.database = database;
  }

  /** Starts the broker, PostgreSQL (with {@code database} created) and the registry; closes what started on failure. */
  public static SinkInfrastructure start(String database) {
    SinkInfrastructure infra = new SinkInfrastructure(KafkaBrokers.create(), new EmbeddedPostgresDatabase(), database);
    try {
      infra.broker.start();
      infra.postgres.start();
      infra.postgres.createDatabase(database);
      try (Admin admin = infra.broker.adminClient()) {
        new TopicCreator(admin, PARTITIONS, Duration.ofSeconds(60)).ensure(
            List.of(Topics.LEAD_STATE, Topics.LEAD_ENGAGEMENT, Topics.CRM_ACTIVITIES, Topics.CRM_SINK_DLQ));
      }
      infra.registry = SchemaRegistryServer.startOnKafka(infra.broker.bootstrapServers(), 0);
      return infra;
    } catch (RuntimeException | Error e) {
      infra.close();
      throw e;
    }
  }

  public KafkaBroker broker() {
    return broker;
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  public SchemaRegistryClient registryClient() {
    return SchemaRegistryClient.forUrls(registry.url());
  }

  public String jdbcUrl() {
    return postgres.jdbcUrl(database);
  }

  public DataSource dataSource() {
    return postgres.dataSource(database);
  }

  /** A producer as the pipeline's own: acknowledged by all in-sync replicas, 5 ms linger. */
  public KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * crm-sink's environment on this infrastructure with its shipped defaults otherwise; the caller adds
   * its Salesforce orgs (SALESFORCE_* for the default workspace, or SPRING_APPLICATION_JSON).
   */
  public Map<String, String> sinkEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    // Any free port for actuator too: its default (8092) may be taken by a dev stack on this machine.
    env.put("MANAGEMENT_PORT", "0");
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("SCHEMA_REGISTRY_URL", registry.url());
    env.put("DATABASE_URL", jdbcUrl());
    env.put("DATABASE_USER", EmbeddedPostgresDatabase.USER);
    env.put("CRM_SINK_TOKEN_KEY", TOKEN_KEY);
    env.put("TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
    env.put("LOG_FORMAT", "");
    return env;
  }

  /** The registry, PostgreSQL and the broker, in that order; what never started is skipped. */
  @Override
  public void close() {
    if (registry != null) {
      registry.close();
    }
    postgres.close();
    broker.close();
  }
}
