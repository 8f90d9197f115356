package io.leadstream.stream;

import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerializer;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input of the failover specs and its expected outcome: calls (placed, then answered or not) for a set of leads,
 * interleaved across leads in each lead's own order (the partition order the producer guarantees), sent with an
 * idempotent acks=all producer; and the check that a stream-app instance's per-lead counters equal what was sent.
 */
final class FailoverLoad {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Map<String, List<VoiceEvent>> byLead = new LinkedHashMap<>();
    final List<VoiceEvent> log = new ArrayList<>();

    FailoverLoad(String prefix, int leads, long seed) {
        Random random = new Random(seed);
        Events events = new Events();
        Instant base = Instant.now().minus(Duration.ofHours(2));
        for (int i = 0; i < leads; i++) {
            String lead = prefix + "-" + i;
            Instant at = base.plusSeconds(i);
            List<VoiceEvent> own = new ArrayList<>();
            int calls = 4 + random.nextInt(8);
            for (int c = 0; c < calls; c++) {
                String callId = lead + "-call-" + c;
                at = at.plusSeconds(60);
                own.add(events.placed(lead, at, callId));
                own.add(random.nextBoolean() ? events.answered(lead, at.plusSeconds(10), callId, 30 + random.nextInt(300))
                        : events.noAnswer(lead, at.plusSeconds(10), callId, c + 1));
            }
            byLead.put(lead, own);
        }
        for (int round = 0; ; round++) {
            boolean any = false;
            for (List<VoiceEvent> own : byLead.values()) {
                if (round < own.size()) {
                    log.add(own.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
    }

    static KafkaProducer<String, VoiceEvent> producer(String bootstrapServers, String registryUrl) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<>(SchemaRegistryClient.forUrls(registryUrl), true));
    }

    static void send(KafkaProducer<String, VoiceEvent> producer, List<VoiceEvent> batch) {
        for (VoiceEvent e : batch) {
            producer.send(new ProducerRecord<>(Topics.VOICE_EVENTS.name(), LeadKey.of(e.getWorkspaceId(), e.getLeadId()), e));
        }
        producer.flush();
    }

    static long count(List<VoiceEvent> events, EventType type) {
        return events.stream().filter(e -> e.getEventType() == type).count();
    }

    /** What each lead's state must say once the first {@code sent} events of {@link #log} are applied. */
    Map<String, List<VoiceEvent>> expectedAfter(int sent) {
        Map<String, List<VoiceEvent>> expected = new LinkedHashMap<>();
        byLead.keySet().forEach(lead -> expected.put(lead, new ArrayList<>()));
        log.subList(0, sent).forEach(e -> expected.get(e.getLeadId()).add(e));
        return expected;
    }

    /** The instance answers every lead with exactly the counters of {@code expected}: nothing lost, nothing twice. */
    static void assertCounters(StreamAppInstance instance, Map<String, List<VoiceEvent>> expected) throws IOException, InterruptedException {
        for (Map.Entry<String, List<VoiceEvent>> lead : expected.entrySet()) {
            if (lead.getValue().isEmpty()) {
                continue;
            }
            HttpResponse<String> answer = instance.get("/state/leads/" + lead.getKey(), Events.WORKSPACE);
            assertThat(answer.statusCode()).as("%s: %s", lead.getKey(), answer.body()).isEqualTo(200);
            assertCounters(lead.getKey(), JSON.readTree(answer.body()), lead.getValue());
        }
    }

    static void assertCounters(String lead, JsonNode state, List<VoiceEvent> sent) {
        assertThat(state.path("leadId").asString()).isEqualTo(lead);
        assertThat(state.path("version").asLong()).as("events applied to %s", lead).isEqualTo(sent.size());
        assertThat(state.path("callsPlaced").asLong()).as("callsPlaced of %s", lead).isEqualTo(count(sent, EventType.CALL_PLACED));
        assertThat(state.path("callsAnswered").asLong()).as("callsAnswered of %s", lead).isEqualTo(count(sent, EventType.CALL_ANSWERED));
    }
}
