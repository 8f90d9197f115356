package io.leadstream.testkit.registry;

import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.CompatibilityLevel;
import io.leadstream.schemas.registry.server.KafkaSchemaLog;
import io.leadstream.schemas.registry.server.SchemaRegistry;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.kafka.WithKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry keeps its schemas in a compacted Kafka topic, so ids outlive the registry process and the broker. */
@WithKafka
class DurableSchemaRegistryTest {

    @Test
    void idsVersionsAndConfigSurviveARegistryRestartOnTheSameBroker(KafkaBroker kafka) {
        String log = "_schemas_" + UUID.randomUUID();
        int stateId;
        int eventId;
        try (SchemaRegistryServer first = start(kafka, log)) {
            SchemaRegistryClient client = SchemaRegistryClient.forUrls(first.url());
            stateId = client.register("lead.state.v1-value", LeadState.getClassSchema());
            eventId = client.register("voice.events.v1-value", VoiceEvent.getClassSchema());
            client.setCompatibility("voice.events.v1-value", CompatibilityLevel.FULL);
        }

        try (SchemaRegistryServer second = start(kafka, log)) {
            SchemaRegistryClient client = SchemaRegistryClient.forUrls(second.url());
            assertThat(client.subjects()).containsExactlyInAnyOrder("lead.state.v1-value", "voice.events.v1-value");
            assertThat(client.latest("lead.state.v1-value").id()).isEqualTo(stateId);
            assertThat(client.schemaById(eventId)).isEqualTo(VoiceEvent.getClassSchema());
            assertThat(second.registry().subjectCompatibility("voice.events.v1-value")).contains(CompatibilityLevel.FULL);
            // A new schema after the restart continues the id sequence instead of reusing an id.
            int next = client.register("other-value", org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING));
            assertThat(next).isGreaterThan(Math.max(stateId, eventId));
        }
    }

    @Test
    void idsSurviveABrokerRestart(KafkaBroker kafka) {
        String log = "_schemas_" + UUID.randomUUID();
        int id;
        try (SchemaRegistryServer registry = start(kafka, log)) {
            id = SchemaRegistryClient.forUrls(registry.url()).register("lead.state.v1-value", LeadState.getClassSchema());
        }
        kafka.restart();
        try (SchemaRegistryServer registry = start(kafka, log)) {
            assertThat(SchemaRegistryClient.forUrls(registry.url()).lookupId("lead.state.v1-value", LeadState.getClassSchema())).isEqualTo(id);
        }
    }

    @Test
    void twoRegistriesOnOneLogSeeEachOthersRegistrations(KafkaBroker kafka) {
        String log = "_schemas_" + UUID.randomUUID();
        try (SchemaRegistryServer a = start(kafka, log); SchemaRegistryServer b = start(kafka, log)) {
            int id = SchemaRegistryClient.forUrls(a.url()).register("lead.state.v1-value", LeadState.getClassSchema());
            // b's reader tails the log; its next write waits for it, and reads soon see it.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(SchemaRegistryClient.forUrls(b.url()).latest("lead.state.v1-value").id()).isEqualTo(id));
        }
    }

    private static SchemaRegistryServer start(KafkaBroker kafka, String topic) {
        return SchemaRegistryServer.start(new SchemaRegistry(new KafkaSchemaLog(kafka.bootstrapServers(), topic, Duration.ofSeconds(30))),
                "127.0.0.1", 0);
    }
}
