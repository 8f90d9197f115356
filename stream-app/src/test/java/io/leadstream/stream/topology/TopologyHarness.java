package io.leadstream.stream.topology;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.stream.appointment.AppointmentTimeResolver;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TopologyTestDriver around {@link LeadTopology} with typed input and output topics. The serdes
 * talk to a real (in-memory) registry server, as in production they talk to the durable one.
 */
final class TopologyHarness implements AutoCloseable {
    private static SchemaRegistryServer registry;

    final TopologyTestDriver driver;
    final TopologySerdes serdes;
    final TestInputTopic<String, VoiceEvent> events;
    final TestInputTopic<byte[], byte[]> rawEvents;
    final TestOutputTopic<String, LeadState> state;
    final TestOutputTopic<String, byte[]> stateBytes;
    final TestOutputTopic<String, EngagementScore> engagement;
    final TestOutputTopic<String, CrmActivity> activities;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final TestInputTopic<String, CadenceDefinition> definitions;
    final TestInputTopic<String, DncEntry> dnc;
    final TestOutputTopic<String, CadenceTrigger> triggers;
    final TestOutputTopic<String, GateDecision> audit;
    final TestOutputTopic<String, DncEntry> dncWritten;
    /** Input processed up to (epoch millis); caught up unless a spec holds it back. */
    final AtomicLong watermark = new AtomicLong(InputWatermark.CAUGHT_UP.processedUpToMillis());

    TopologyHarness(LeadTopology.Settings settings, Instant wallClock) {
        serdes = TopologySerdes.using(SchemaRegistryClient.forUrls(registry().url()));
        Properties props = ErrorHandling.deadLetterConfig(StreamMetrics.NONE);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stream-app-spec");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("leadstream-ttd").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var topology = new LeadTopology(settings, serdes, new AppointmentTimeResolver(), StreamMetrics.NONE, "stream-app-spec", watermark::get).build();
        driver = new TopologyTestDriver(topology, props, wallClock);
        events = driver.createInputTopic(Topics.VOICE_EVENTS.name(), new StringSerializer(), serdes.events().serializer());
        rawEvents = driver.createInputTopic(Topics.VOICE_EVENTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        state = driver.createOutputTopic(Topics.LEAD_STATE.name(), new StringDeserializer(), serdes.state().deserializer());
        stateBytes = driver.createOutputTopic(Topics.LEAD_STATE.name(), new StringDeserializer(), new ByteArrayDeserializer());
        engagement = driver.createOutputTopic(Topics.LEAD_ENGAGEMENT.name(), new StringDeserializer(), serdes.engagement().deserializer());
        activities = driver.createOutputTopic(Topics.CRM_ACTIVITIES.name(), new StringDeserializer(), serdes.activities().deserializer());
        deadLetters = driver.createOutputTopic(Topics.VOICE_EVENTS_DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        definitions = driver.createInputTopic(Topics.CADENCE_DEFINITIONS.name(), new StringSerializer(), serdes.definitions().serializer());
        dnc = driver.createInputTopic(Topics.COMPLIANCE_DNC.name(), new StringSerializer(), serdes.dnc().serializer());
        triggers = driver.createOutputTopic(Topics.CADENCE_TRIGGERS.name(), new StringDeserializer(), serdes.triggers().deserializer());
        audit = driver.createOutputTopic(Topics.COMPLIANCE_AUDIT.name(), new StringDeserializer(), serdes.audit().deserializer());
        dncWritten = driver.createOutputTopic(Topics.COMPLIANCE_DNC.name(), new StringDeserializer(), serdes.dnc().deserializer());
    }

    static synchronized SchemaRegistryServer registry() {
        if (registry == null) {
            registry = SchemaRegistryServer.startInMemory(0);
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close));
        }
        return registry;
    }

    /** Sends each event keyed by its lead, {@code <workspaceId>/<leadId>}, as every producer must (SPEC §3). */
    void send(VoiceEvent... batch) {
        for (VoiceEvent e : batch) {
            events.pipeInput(LeadKey.of(e.getWorkspaceId(), e.getLeadId()), e, e.getOccurredAt());
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
