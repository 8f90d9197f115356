package io.leadstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.topic.Topics;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every Avro topic's value subject exists after a service start, before any record (SPEC §10). */
class SubjectRegistrarTest {
    private SchemaRegistryServer server;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.startInMemory(0);
        client = SchemaRegistryClient.forUrls(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyAvroTopicGetsItsValueSubjectOnceAndAgainIsANoOp() {
        SubjectRegistrar.Report first = SubjectRegistrar.ensure(client, Topics.ALL);

        assertThat(first.registered()).containsExactlyInAnyOrder("voice.events.v1-value", "lead.state.v1-value",
                "lead.engagement.v1-value", "crm.activities.v1-value", "cadence.triggers.v1-value",
                "cadence.definitions.v1-value", "compliance.dnc.v1-value", "compliance.audit.v1-value");
        assertThat(first.current()).isEmpty();
        // An external producer's first question (kafkajs getLatestSchemaId) now has an answer.
        RegisteredSchema latest = client.latest("voice.events.v1-value");
        assertThat(new Schema.Parser().parse(latest.schema())).isEqualTo(VoiceEvent.getClassSchema());

        // A second service (or a restart) changes nothing, with a fresh client (no cache).
        SubjectRegistrar.Report second = SubjectRegistrar.ensure(SchemaRegistryClient.forUrls(server.url()), Topics.ALL);
        assertThat(second.registered()).isEmpty();
        assertThat(second.current()).hasSize(8);
        assertThat(client.versions("voice.events.v1-value")).containsExactly(1);
        assertThat(client.subjects()).noneMatch(s -> s.contains("dlq"));
    }

    @Test
    void theAvscFilesShipInTheJarBesideTheClasses() throws Exception {
        for (String path : List.of("/avro/event/VoiceEvent.avsc", "/avro/lead/LeadState.avsc", "/avro/common/ToolCall.avsc",
                "/avro/compliance/GateDecision.avsc", "/avro/cadence/CadenceTrigger.avsc", "/avro/crm/CrmActivity.avsc")) {
            try (var in = SubjectRegistrarTest.class.getResourceAsStream(path)) {
                assertThat(in).as(path).isNotNull();
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".avsc".length());
                assertThat(text).contains("\"name\": \"" + name + "\"");
            }
        }
        // A self-contained one parses to the generated class's schema (same canonical form; the class's copy only
        // adds the code generator's avro.java.string properties).
        try (var in = SubjectRegistrarTest.class.getResourceAsStream("/avro/common/ToolCall.avsc")) {
            assertThat(org.apache.avro.SchemaNormalization.toParsingForm(new Schema.Parser().parse(in)))
                    .isEqualTo(org.apache.avro.SchemaNormalization.toParsingForm(io.leadstream.schemas.common.ToolCall.getClassSchema()));
        }
    }

    @Test
    void anIncompatibleRegisteredSchemaStopsTheStartNamingTheSubject() {
        // Someone registered a version with a required field the project's schema does not have.
        Schema foreign = new Schema.Parser().parse("""
                {"type":"record","name":"LeadState","namespace":"io.leadstream.schemas.lead",
                 "fields":[{"name":"mandatory","type":"string"}]}""");
        client.register("lead.state.v1-value", foreign);

        assertThatThrownBy(() -> SubjectRegistrar.ensure(SchemaRegistryClient.forUrls(server.url()),
                List.of(Topics.LEAD_STATE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lead.state.v1-value").hasMessageContaining("not compatible");
        assertThat(client.versions("lead.state.v1-value")).hasSize(1);
        assertThat(LeadState.getClassSchema().getField("mandatory")).isNull();
    }
}
