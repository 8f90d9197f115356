package io.leadstream.bench.sink;

import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CallStage;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.lead.LeadProfile;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.serde.AvroSerde;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.kafka.KafkaBrokers;
import io.leadstream.testkit.postgres.EmbeddedPostgresDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * crm-sink under load against the Salesforce emulator: starts a broker, the registry, PostgreSQL and
 * the emulator in this JVM, the sink as its own process ({@code java -jar crm-sink.jar}), seeds
 * Contacts, lets the sink match every lead once (warm-up), then measures the steady state: call
 * events per second until every Task is in Salesforce and logged, and Salesforce API requests per
 * call event.
 * <p>
 * Usage: {@code SinkLoadDriver <crm-sink.jar> <report.md> [leads] [callsPerLead]}
 */
public final class SinkLoadDriver {

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    Path report = Path.of(args[1]);
    int leads = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    int callsPerLead = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    try (KafkaBroker broker = KafkaBrokers.create();
         EmbeddedPostgresDatabase pg = new EmbeddedPostgresDatabase();
         SalesforceEmulator sf = SalesforceEmulator.start(EmulatorConfig.defaults().withDailyApiLimit(5_000_000))) {
      broker.start();
      pg.start();
      pg.createDatabase("sinkbench");
      try (SchemaRegistryServer registry = SchemaRegistryServer.startOnKafka(broker.bootstrapServers(), 0)) {
        SchemaRegistryClient client = SchemaRegistryClient.forUrls(registry.url());
        for (int i = 0; i < leads; i++) {
          sf.seed("Contact", Map.of("LastName", "Lead " + i, "Email", "lead" + i + "@bench.example"));
        }
        Process sink = startSink(jar, broker, pg, sf, registry);
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
          AvroSerde<LeadState> states = AvroSerde.forValues(LeadState.class, client);
          AvroSerde<CrmActivity> activities = AvroSerde.forValues(CrmActivity.class, client);
          // Warm-up: every lead's state once, so the sink matches and caches every lead.
          for (int i = 0; i < leads; i++) {
            producer.send(new ProducerRecord<>(Topics.LEAD_STATE.name(), "lead-" + i,
                states.serializer().serialize(Topics.LEAD_STATE.name(), state(i))));
          }
          producer.flush();
          awaitCount(pg, "SELECT count(*) FROM sync_log WHERE entity_type = 'lead' AND status = 'success'", leads);
          long requestsBefore = sf.admin().totalApiRequests();
          int events = leads * callsPerLead;
          long start = System.nanoTime();
          for (int c = 0; c < callsPerLead; c++) {
            for (int i = 0; i < leads; i++) {
              CrmActivity activity = CrmActivity.newBuilder().setActivity(call(i, c)).build();
              producer.send(new ProducerRecord<>(Topics.CRM_ACTIVITIES.name(), "lead-" + i,
                  activities.serializer().serialize(Topics.CRM_ACTIVITIES.name(), activity)));
            }
          }
          producer.flush();
          awaitCount(pg, "SELECT count(*) FROM sync_log WHERE entity_type = 'call' AND status = 'success'", events);
          double seconds = (System.nanoTime() - start) / 1e9;
          long requests = sf.admin().totalApiRequests() - requestsBefore;
          long tasks = sf.records("Task").size();
          String text = "# crm-sink → Salesforce emulator\n\n"
              + "Command: `bench/run` (SinkLoadDriver " + leads + " leads × " + callsPerLead + " calls)\n"
              + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, broker, PostgreSQL and emulator"
              + " in the driver JVM, crm-sink in its own JVM, all on one host.\n\n"
              + "| figure | value | target (SPEC §13) |\n|---|---|---|\n"
              + String.format("| call events | %d (Tasks in Salesforce: %d) | |%n", events, tasks)
              + String.format("| sink throughput, steady state | %.0f call events/s | |%n", events / seconds)
              + String.format("| Salesforce API requests per call event | %.4f (%d requests) | ≤ 0.05 |%n",
                  (double) requests / events, requests)
              + "\nRequests per operation over the whole run: " + sf.admin().requestCounts() + "\n";
          Files.writeString(report, text);
          System.out.println(text);
        } finally {
          sink.destroy();
          sink.waitFor();
        }
      }
    }
    System.exit(0);
  }

  private static Process startSink(String jar, KafkaBroker broker, EmbeddedPostgresDatabase pg, SalesforceEmulator sf,
                                   SchemaRegistryServer registry) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(javaBin(), "-jar", jar);
    Map<String, String> env = pb.environment();
    env.put("PORT", "0");
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("SCHEMA_REGISTRY_URL", registry.url());
    env.put("DATABASE_URL", pg.jdbcUrl("sinkbench"));
    env.put("DATABASE_USER", "postgres");
    env.put("CRM_SINK_TOKEN_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
    env.put("SALESFORCE_LOGIN_URL", sf.baseUrl());
    env.put("SALESFORCE_CLIENT_ID", sf.clientId());
    env.put("SALESFORCE_CLIENT_SECRET", sf.clientSecret());
    env.put("TOPIC_PARTITIONS", "12");
    env.put("LOG_FORMAT", "");
    pb.redirectErrorStream(true).redirectOutput(new File("bench/target/crm-sink-bench.log"));
    return pb.start();
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer());
  }

  private static void awaitCount(EmbeddedPostgresDatabase pg, String sql, long expected) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
    long last = -1;
    while (Instant.now().isBefore(deadline)) {
      try (Connection c = pg.dataSource("sinkbench").getConnection(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        last = rs.getLong(1);
        if (last >= expected) {
          return;
        }
      } catch (java.sql.SQLException e) {
        // tables not migrated yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("timed out at " + last + "/" + expected + " for " + sql);
  }

  private static LeadState state(int i) {
    return LeadState.newBuilder().setLeadId("lead-" + i).setProfile(LeadProfile.newBuilder()
        .setEmail("lead" + i + "@bench.example").build()).setCallsPlaced(1).setEngagementScore(10).setVersion(1).build();
  }

  private static CallActivity call(int lead, int n) {
    return CallActivity.newBuilder().setCallId("call-" + lead + "-" + n).setLeadId("lead-" + lead)
        .setStage(CallStage.COMPLETED).setPlacedAt(Instant.now()).setDurationSeconds(120 + n)
        .setDirection(CallDirection.OUTBOUND).setSummary("Discussed proposals").setRevision(1)
        .setLastEventId("e-" + lead + "-" + n).setOccurredAt(Instant.now()).build();
  }

  private SinkLoadDriver() {
  }
}
