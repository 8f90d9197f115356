package io.leadstream.stream;

import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.testkit.kafka.EmbeddedKafkaBroker;
import io.leadstream.testkit.registry.SchemaRegistryUrl;
import io.leadstream.testkit.registry.WithSchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a three-broker cluster (replication 3, min ISR 2, set by the services themselves), one broker is taken down
 * mid-stream and then one of two stream-app instances is killed with SIGKILL: the survivor answers for the killed
 * instance's leads from its standby while the group has not noticed yet, takes over, and every lead's counters
 * equal the input — nothing lost, nothing counted twice (exactly_once_v2), as in {@link TwoInstanceFailoverTest}.
 */
@WithSchemaRegistry
class ThreeBrokerFailoverTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LEADS = 48;
    private static EmbeddedKafkaBroker cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaBroker.builder().nodes(3).build();
        cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aBrokerThenAnInstanceDieMidStreamAndTheCountersEqualTheInput(@SchemaRegistryUrl String registryUrl) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "three-brokers-" + run;
        Map<String, String> config = Map.of(
                "leadstream.kafka.bootstrap-servers", cluster.bootstrapServers(),
                "leadstream.kafka.schema-registry-url", registryUrl,
                "leadstream.streams.application-id", applicationId,
                "leadstream.streams.standby-replicas", "1",
                "leadstream.streams.commit-interval", "200ms",
                "leadstream.streams.rocks-db-memory-bytes", Long.toString(32L * 1024 * 1024),
                // Long enough to see the standby answer for the killed instance before the group reassigns its tasks.
                "leadstream.streams.session-timeout", "10s");
        FailoverLoad load = new FailoverLoad("tb-" + run, LEADS, 7);
        List<VoiceEvent> log = load.log;

        try (StreamAppInstance a = StreamAppInstance.start("a", config);
             StreamAppInstance b = StreamAppInstance.start("b", config);
             KafkaProducer<String, VoiceEvent> producer = FailoverLoad.producer(cluster.bootstrapServers(), registryUrl)) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> (a.ready() || !a.alive()) && (b.ready() || !b.alive()));
            assertThat(a.alive()).as(a.logTail()).isTrue();
            assertThat(b.alive()).as(b.logTail()).isTrue();

            try (Admin admin = cluster.adminClient()) {
                assertReplicatedThreeWays(admin, Topics.VOICE_EVENTS.name());
                // The phone stage's topics carry a lead's DNC and cap verdicts: replicated like the rest.
                assertReplicatedThreeWays(admin, Topics.phoneRequests(applicationId).name());
                assertReplicatedThreeWays(admin, Topics.phoneVerdicts(applicationId).name());
                // Kafka Streams' own topics take the same replication (the brokers' default would be 1).
                List<String> changelogs = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(t -> t.startsWith(applicationId) && t.endsWith("-changelog")).toList();
                assertThat(changelogs).isNotEmpty();
                for (String changelog : changelogs) {
                    assertReplicatedThreeWays(admin, changelog);
                }
            }

            int third = log.size() / 3;
            FailoverLoad.send(producer, log.subList(0, third));
            // A broker goes down mid-stream: leaders, the group and transaction coordinators move to the other two.
            int brokerDown = 2;
            cluster.stopNode(brokerDown);
            int twoThirds = 2 * third;
            FailoverLoad.send(producer, log.subList(third, twoThirds));

            Map<String, List<VoiceEvent>> sentSoFar = load.expectedAfter(twoThirds);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                FailoverLoad.assertCounters(a, sentSoFar);
                FailoverLoad.assertCounters(b, sentSoFar);
            });
            // Standbys read committed changelog records: give them a few commit intervals to hold the same counters.
            Thread.sleep(2_000);

            a.kill();
            // Until the group notices (session timeout), A still owns its leads: B answers them from its standby.
            Set<String> sources = ConcurrentHashMap.newKeySet();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                for (Map.Entry<String, List<VoiceEvent>> lead : sentSoFar.entrySet()) {
                    HttpResponse<String> answer = b.get("/state/leads/" + lead.getKey(), Events.WORKSPACE);
                    assertThat(answer.statusCode()).as("%s: %s", lead.getKey(), answer.body()).isEqualTo(200);
                    FailoverLoad.assertCounters(lead.getKey(), JSON.readTree(answer.body()), lead.getValue());
                    answer.headers().firstValue("X-Lead-State-Source").ifPresent(sources::add);
                }
            });
            assertThat(sources).as("which copies answered right after the kill").contains("standby");

            FailoverLoad.send(producer, log.subList(twoThirds, log.size()));
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(b.alive()).as(b.logTail()).isTrue();
                FailoverLoad.assertCounters(b, load.byLead);
            });
            assertThat(cluster.isNodeRunning(brokerDown)).isFalse();
        }
    }

    private static void assertReplicatedThreeWays(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        description.partitions().forEach(p -> assertThat(p.replicas()).as("replicas of %s", topic).hasSize(3));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        assertThat(admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get("min.insync.replicas").value()).as("min.insync.replicas of %s", topic).isEqualTo("2");
    }
}
