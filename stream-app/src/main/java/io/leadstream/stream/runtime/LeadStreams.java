package io.leadstream.stream.runtime;

import io.leadstream.schemas.kafka.KafkaClientSecurity;
import io.leadstream.schemas.registry.BasicAuth;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.SubjectRegistrar;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.TopicReplication;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.stream.appointment.AppointmentTimeResolver;
import io.leadstream.stream.cadence.CadenceDefinitions;
import io.leadstream.stream.config.BoundedMemoryRocksDbConfig;
import io.leadstream.stream.config.StreamAppProperties;
import io.leadstream.stream.topology.ErrorHandling;
import io.leadstream.stream.topology.LeadTopology;
import io.leadstream.stream.topology.StreamMetrics;
import io.leadstream.stream.topology.TopologySerdes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the topology for the life of the application: aligns the topic contract, starts Kafka
 * Streams once the HTTP server is up (so {@code application.server} names the real port for
 * interactive queries) and closes it gracefully, before the HTTP server stops.
 * <p>
 * Every Kafka client here — the topic admin, the cadence publisher, and Kafka Streams' own producers,
 * consumers and admin — gets the {@link KafkaClientSecurity} settings of the environment (SPEC §14), and
 * the registry client its basic auth; inconsistent settings stop the start naming the variable.
 */
@Component
public class LeadStreams implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LeadStreams.class);

    private final StreamAppProperties properties;
    private final MeterRegistry meterRegistry;
    private final WebServerApplicationContext web;
    private final KafkaClientSecurity security;
    private final BasicAuth registryAuth;
    private volatile KafkaStreams streams;
    private Admin progressAdmin;
    private InputProgress progress;
    private KafkaStreamsMetrics streamsMetrics;
    private volatile Properties effectiveConfig = new Properties();
    private final TopicReplication.Settings replicationSettings;
    private final String advertisedHost;
    /** Resolved at start against the cluster; the contract's topics and Streams' internal topics share it. */
    private TopicReplication replication;

    public LeadStreams(StreamAppProperties properties, MeterRegistry meterRegistry, WebServerApplicationContext web,
                       Environment environment) {
        this.properties = properties;
        this.meterRegistry = meterRegistry;
        this.web = web;
        this.security = KafkaClientSecurity.fromEnvironment(environment::getProperty);
        this.registryAuth = BasicAuth.fromEnvironment(environment::getProperty);
        this.replicationSettings = TopicReplication.Settings.fromEnvironment(environment::getProperty);
        this.advertisedHost = AdvertisedHost.resolve(properties.streams().advertisedHost(), environment::getProperty);
    }

    /** {@code bootstrap.servers} and the security settings: what every plain client of this service needs. */
    private Map<String, Object> clientConfig() {
        return security.addTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers()));
    }

    @Override
    public void start() {
        StreamAppProperties.Kafka kafka = properties.kafka();
        String applicationId = properties.streams().applicationId();
        try (Admin admin = Admin.create(clientConfig())) {
            if (kafka.createTopics()) {
                TopicCreator.Report report = new TopicCreator(admin, kafka.partitions(), Duration.ofSeconds(60), replicationSettings)
                        .ensure(Topics.ALL);
                log.info("Topic contract applied: created {}, reconfigured {}, partition mismatches {}, replication mismatches {}",
                        report.created(), report.reconfigured(), report.partitionMismatches(), report.replicationMismatches());
                replication = report.replication();
            } else {
                replication = replicationSettings.resolve(admin, Duration.ofSeconds(60));
            }
            PhoneStageTopics.ensure(admin, applicationId, kafka.createTopics(), Duration.ofSeconds(60), replicationSettings);
        }
        replication.logChoice(log, "stream-app's topics and Kafka Streams' internal topics");
        // SPEC §7 "Fail closed": cadence timers wait until the input is processed up to their due time.
        progressAdmin = Admin.create(clientConfig());
        progress = InputProgress.start(progressAdmin, applicationId, java.util.List.of(Topics.VOICE_EVENTS.name()), Duration.ofMillis(500));
        StreamMetrics metrics = new MicrometerStreamMetrics(meterRegistry);
        SchemaRegistryClient registry = SchemaRegistryClient.forUrls(kafka.schemaRegistryUrl(), registryAuth);
        // Every Avro topic's value subject exists from this start on: external producers can start first (SPEC §10).
        SubjectRegistrar.Report subjects = SubjectRegistrar.ensure(registry, Topics.ALL);
        log.info("Avro subjects registered {}, already current {}", subjects.registered(), subjects.current());
        if (properties.cadences().publishDefaults()) {
            CadenceDefinitionPublisher.publishMissing(clientConfig(), registry, CadenceDefinitions.loadDefault());
        }
        var topology = new LeadTopology(properties.topologySettings(), TopologySerdes.using(registry),
                new AppointmentTimeResolver(), metrics, applicationId, progress).build();
        Properties config = streamsConfig(metrics);
        effectiveConfig = config;
        KafkaStreams created = new KafkaStreams(topology, config);
        created.setStateListener((next, previous) -> log.info("Kafka Streams {} -> {}", previous, next));
        // A thread that dies of an unexpected error is replaced; the task's work resumes from its last commit.
        created.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(created);
        streamsMetrics.bindTo(meterRegistry);
        created.start();
        streams = created;
        log.info("Kafka Streams {} started; interactive queries at {}", properties.streams().applicationId(), applicationServer());
    }

    Properties streamsConfig(StreamMetrics metrics) {
        StreamAppProperties.Streams s = properties.streams();
        Properties props = ErrorHandling.deadLetterConfig(metrics);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        // Unprefixed, so Streams gives them to each of its clients (producers, consumers, restore and global consumers, admin).
        props.putAll(security.properties());
        props.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.threads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, s.standbyReplicas());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, s.processingGuarantee());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, s.cacheMaxBytes());
        if (s.commitInterval() != null) {
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitInterval().toMillis());
        }
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer());
        if (replication != null) {
            // Changelogs and repartition topics: as many replicas and in-sync replicas as the contract's topics.
            props.putAll(replication.streamsConfig());
        }
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class);
        props.put(BoundedMemoryRocksDbConfig.TOTAL_BYTES_CONFIG, Long.toString(s.rocksDbMemoryBytes()));
        // SPEC §12 events out per type, counted at the producers (see EventsOutInterceptor).
        props.put(StreamsConfig.producerPrefix(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG), EventsOutInterceptor.class.getName());
        props.put(StreamsConfig.producerPrefix(EventsOutInterceptor.REGISTRY_CONFIG), meterRegistry);
        if (s.sessionTimeout() != null) {
            int sessionMs = Math.toIntExact(s.sessionTimeout().toMillis());
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), sessionMs);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), Math.max(1_000, sessionMs / 3));
        }
        if (s.config() != null) {
            props.putAll(s.config());
        }
        return props;
    }

    private String applicationServer() {
        return advertisedHost + ":" + web.getWebServer().getPort();
    }

    @Override
    public void stop() {
        KafkaStreams running = streams;
        if (running != null) {
            log.info("Closing Kafka Streams (timeout {})", properties.streams().closeTimeout());
            // Leaving the group hands this instance's tasks over at once (to a standby, or to this instance
            // restarted) instead of after the session timeout.
            running.close(CloseOptions.timeout(properties.streams().closeTimeout())
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            if (streamsMetrics != null) {
                streamsMetrics.close();
            }
            streams = null;
        }
        if (progress != null) {
            progress.close();
            progressAdmin.close(Duration.ofSeconds(5));
            progress = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** After the web server (which starts in phase MAX_VALUE - 1), and stopped before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /** The Kafka Streams configuration the instance was started with (empty before start). */
    public Properties effectiveConfig() {
        Properties copy = new Properties();
        copy.putAll(effectiveConfig);
        return copy;
    }

    /** The running instance, or null before start and after stop. */
    public KafkaStreams streams() {
        return streams;
    }

    public String self() {
        return applicationServer();
    }
}
