package io.leadstream.stream.runtime;

import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.cadence.TriggerAction;
import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.event.CadenceEnrolled;
import io.leadstream.schemas.event.ConsentRecorded;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.OptOutScope;
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerde;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.stream.appointment.AppointmentTimeResolver;
import io.leadstream.stream.topology.ErrorHandling;
import io.leadstream.stream.topology.LeadTopology;
import io.leadstream.stream.topology.StreamMetrics;
import io.leadstream.stream.topology.TopologySerdes;
import io.leadstream.testkit.kafka.SharedKafkaBroker;
import io.leadstream.testkit.registry.SharedSchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §7 "Fail closed" on a real broker (issue 16, path 1): stream-app is stopped, a lead's cadence timer comes due
 * while it is down, the lead opts out behind a backlog of its own events; on restart the opt-out is applied before the
 * overdue timer may fire — CANCELLED, never a DUE — while another lead's overdue timer, with nothing against it, is
 * released once the backlog is processed.
 */
class BacklogRestartTest {
    private static final String WORKSPACE = "acme";
    /** Events of the opting-out lead queued ahead of its opt-out: seconds of processing, many punctuations. */
    private static final int BACKLOG = 5_000;

    /** The JVM's shared registry: the broker's global topics (definitions, DNC) must stay readable by the other specs. */
    private static SchemaRegistryClient registry;
    private final String applicationId = "backlog-restart-" + UUID.randomUUID().toString().substring(0, 8);
    private final String optsOut = "opts-out-" + UUID.randomUUID();
    private final String control = "control-" + UUID.randomUUID();

    @BeforeAll
    static void registry() {
        registry = SchemaRegistryClient.forUrls(SharedSchemaRegistry.get().url());
    }

    private static String bootstrap() {
        return SharedKafkaBroker.get().bootstrapServers();
    }

    /** A fixed offset where it is about 12:00 now: inside the federal window and new-lead-outbound's 09:00-19:00. */
    private static String noonZone() {
        int utcHour = Instant.now().atZone(ZoneOffset.UTC).getHour();
        return ZoneOffset.ofHours(12 - utcHour).getId();
    }

    private final class Running implements AutoCloseable {
        final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
        final InputProgress progress = InputProgress.start(admin, applicationId, List.of(Topics.VOICE_EVENTS.name()), Duration.ofMillis(200));
        final KafkaStreams streams;

        Running() throws Exception {
            Properties props = new Properties();
            props.putAll(ErrorHandling.deadLetterConfig(StreamMetrics.NONE));
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("backlog-restart").toString());
            // At-least-once with a short commit interval: the watermark reads committed offsets either way, and this
            // spec is about the order of the opt-out and the timer, not about transactions.
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
            streams = new KafkaStreams(new LeadTopology(LeadTopology.Settings.DEFAULTS, TopologySerdes.using(registry), new AppointmentTimeResolver(),
                    StreamMetrics.NONE, applicationId, progress).build(), props);
            // As the service does: a failed stream thread (a fenced transaction) is replaced, never left dead.
            streams.setUncaughtExceptionHandler(e -> org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
            streams.start();
        }

        /** Waits until every input record appended so far is processed (the watermark passed now). */
        void awaitCaughtUp(Duration timeout) throws InterruptedException {
            long target = System.currentTimeMillis();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (progress.processedUpToMillis() < target) {
                assertThat(System.nanoTime()).as("input processed within %s", timeout).isLessThan(deadline);
                Thread.sleep(100);
            }
        }

        @Override
        public void close() {
            streams.close(Duration.ofSeconds(30));
            progress.close();
            admin.close();
        }
    }

    private VoiceEvent event(String leadId, EventType type, Object payload) {
        Instant now = Instant.now();
        return VoiceEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(type).setLeadId(leadId).setWorkspaceId(WORKSPACE)
                .setOccurredAt(now).setReceivedAt(now).setPayload(payload).build();
    }

    private void send(KafkaProducer<String, VoiceEvent> producer, VoiceEvent e) {
        producer.send(new ProducerRecord<>(Topics.VOICE_EVENTS.name(), LeadKey.of(e.getWorkspaceId(), e.getLeadId()), e));
    }

    private void enroll(KafkaProducer<String, VoiceEvent> producer, String leadId, String phone, Instant startAt) {
        send(producer, event(leadId, EventType.LEAD_UPSERTED, LeadUpserted.newBuilder().setPhone(phone).setTimeZone(noonZone()).build()));
        send(producer, event(leadId, EventType.CONSENT_RECORDED, new ConsentRecorded(ConsentKind.OUTREACH_WRITTEN, true, Instant.now(), null)));
        send(producer, event(leadId, EventType.CADENCE_ENROLLED, new CadenceEnrolled("new-lead-outbound", startAt)));
    }

    @Test
    void anOptOutInTheBacklogAtRestartIsAppliedBeforeTheOverdueTimerOfItsLead() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            new TopicCreator(admin, 2, Duration.ofSeconds(60)).ensure(Topics.ALL);
            PhoneStageTopics.ensure(admin, applicationId, true, Duration.ofSeconds(60));
        }
        // As the service does at start: the shipped cadences on cadence.definitions.v1.
        CadenceDefinitionPublisher.publishMissing(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), registry,
                io.leadstream.stream.cadence.CadenceDefinitions.loadDefault());
        AvroSerde<VoiceEvent> events = AvroSerde.forValues(VoiceEvent.class, registry);
        try (KafkaProducer<String, VoiceEvent> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), events.serializer())) {
            Instant startAt = Instant.now().plusSeconds(15);
            try (Running first = new Running()) {
                enroll(producer, optsOut, "+442071838750", startAt);
                enroll(producer, control, "+442071838751", startAt);
                producer.flush();
                first.awaitCaughtUp(Duration.ofSeconds(90));
            }
            // Down: both timers come due, then the lead opts out behind a backlog of its own events.
            while (Instant.now().isBefore(startAt.plusSeconds(1))) {
                Thread.sleep(200);
            }
            for (int i = 0; i < BACKLOG; i++) {
                send(producer, event(optsOut, EventType.LEAD_UPSERTED, LeadUpserted.newBuilder().setFirstName("n" + i).build()));
            }
            send(producer, event(optsOut, EventType.OPTOUT_REQUESTED, new OptoutRequested("asked to stop", OptOutScope.ALL, "stop calling me")));
            producer.flush();

            try (Running second = new Running()) {
                List<CadenceTrigger> seen = awaitTriggers(Duration.ofSeconds(180));
                assertThat(seen).as("the control lead's overdue DUE").anyMatch(t -> t.getLeadId().equals(control) && t.getAction() == TriggerAction.DUE);
                assertThat(seen).as("the opted-out lead's step").anyMatch(t -> t.getLeadId().equals(optsOut) && t.getAction() == TriggerAction.CANCELLED);
                assertThat(seen).as("no DUE for the lead whose opt-out was in the backlog")
                        .noneMatch(t -> t.getLeadId().equals(optsOut) && t.getAction() == TriggerAction.DUE);
            }
        }
    }

    /** cadence.triggers.v1 (committed only) for the two leads until both have had their say, then two seconds more. */
    private List<CadenceTrigger> awaitTriggers(Duration timeout) {
        List<CadenceTrigger> seen = new ArrayList<>();
        AvroSerde<CadenceTrigger> triggers = AvroSerde.forValues(CadenceTrigger.class, registry);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, CadenceTrigger> consumer = new KafkaConsumer<>(config, new StringDeserializer(), triggers.deserializer())) {
            consumer.subscribe(List.of(Topics.CADENCE_TRIGGERS.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, CadenceTrigger> r : consumer.poll(Duration.ofMillis(250))) {
                    if (r.value() != null && (r.value().getLeadId().equals(optsOut) || r.value().getLeadId().equals(control))) {
                        seen.add(r.value());
                    }
                }
                boolean both = seen.stream().anyMatch(t -> t.getLeadId().equals(control)) && seen.stream().anyMatch(t -> t.getLeadId().equals(optsOut));
                if (both && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return seen;
    }
}
