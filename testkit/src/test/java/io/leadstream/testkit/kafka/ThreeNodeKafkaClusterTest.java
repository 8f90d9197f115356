package io.leadstream.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.TopicSpec;
import io.leadstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same embedded broker helper as a three-node KRaft cluster: internal topics with three replicas, and acks=all
 * writes to a topic of three replicas and min ISR 2 keep working with one node down (and stop with two down: min ISR
 * is really enforced). The contract's topics get 3/2 from {@link TopicCreator}, not from broker defaults.
 */
class ThreeNodeKafkaClusterTest {

    private static EmbeddedKafkaBroker cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaBroker.builder().nodes(3).build();
        cluster.start();
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void replicatesThreeWaysAndSurvivesOneNodeDown() throws Exception {
        assertThat(cluster.nodeIds()).containsExactly(1, 2, 3);
        assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
        String topic = "three-" + UUID.randomUUID();
        try (Admin admin = cluster.adminClient()) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
            TopicAwait.createIfAbsent(admin, List.of(new NewTopic(topic, 2, (short) 3).configs(Map.of("min.insync.replicas", "2"))));
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            description.partitions().forEach(p -> assertThat(p.replicas()).hasSize(3));
            assertThat(minIsr(admin, topic)).isEqualTo("2");
            // The internal topics a real cluster replicates: consumer offsets and transaction state (exactly_once_v2).
            String internal = "__consumer_offsets";
            // A consumer group's first coordinator lookup creates the offsets topic.
            EmbeddedKafkaBrokerTest.consumeValues(cluster.bootstrapServers(), topic, 0);
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(admin.listTopics(
                    new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names().get()).contains(internal));
            admin.describeTopics(List.of(internal)).allTopicNames().get(30, TimeUnit.SECONDS).get(internal).partitions()
                    .forEach(p -> assertThat(p.replicas()).as("replicas of %s", internal).hasSize(3));
        }

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "k", "all-up")).get(60, TimeUnit.SECONDS);

            cluster.stopNode(2);
            assertThat(cluster.isNodeRunning(2)).isFalse();
            assertThat(cluster.isRunning()).isTrue();
            producer.send(new ProducerRecord<>(topic, "k", "one-down")).get(60, TimeUnit.SECONDS);

            cluster.stopNode(3);
            // Two of three down: one in-sync replica is below min ISR 2, so acks=all must refuse the write.
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "two-down")).get(60, TimeUnit.SECONDS))
                    .isInstanceOfAny(ExecutionException.class, java.util.concurrent.TimeoutException.class)
                    .satisfies(e -> {
                        if (e instanceof ExecutionException) {
                            assertThat(e.getCause()).isInstanceOfAny(NotEnoughReplicasException.class,
                                    org.apache.kafka.common.errors.TimeoutException.class,
                                    org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException.class);
                        }
                    });
        }
        cluster.startNode(2);
        cluster.startNode(3);
        assertThat(EmbeddedKafkaBrokerTest.consumeValues(cluster.bootstrapServers(), topic, 2))
                .startsWith("all-up", "one-down").doesNotContain("two-down");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (Admin admin = cluster.adminClient()) {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
                d.partitions().forEach(p -> assertThat(p.isr()).as("ISR of %s", p).hasSize(3));
            }
        });
    }

    @Test
    void theTopicContractGetsThreeReplicasAndMinIsrTwoAndAnOlderSingleReplicaTopicIsReportedNotBroken() throws Exception {
        List<TopicSpec> specs = List.of(unique(Topics.VOICE_EVENTS), unique(Topics.LEAD_STATE));
        String legacy = Topics.CRM_ACTIVITIES.name() + "." + UUID.randomUUID();
        try (Admin admin = cluster.adminClient()) {
            // A topic created with one replica before the cluster grew.
            TopicAwait.createIfAbsent(admin, List.of(new NewTopic(legacy, 2, (short) 1)));
            TopicCreator.Report report = new TopicCreator(admin, 2, Duration.ofSeconds(60)).ensure(specs);
            assertThat(report.replication().replicationFactor()).isEqualTo((short) 3);
            assertThat(report.replication().minInsyncReplicas()).isEqualTo(2);
            for (TopicSpec spec : specs) {
                TopicDescription d = admin.describeTopics(List.of(spec.name())).allTopicNames().get(30, TimeUnit.SECONDS).get(spec.name());
                d.partitions().forEach(p -> assertThat(p.replicas()).as("replicas of %s", spec.name()).hasSize(3));
                assertThat(minIsr(admin, spec.name())).isEqualTo("2");
            }

            TopicSpec legacySpec = new TopicSpec(legacy, Topics.CRM_ACTIVITIES.keyFormat(), Topics.CRM_ACTIVITIES.valueType(),
                    Topics.CRM_ACTIVITIES.cleanupPolicy(), Topics.CRM_ACTIVITIES.retention(), java.util.Optional.empty());
            TopicCreator.Report again = new TopicCreator(admin, 2, Duration.ofSeconds(60)).ensure(List.of(legacySpec));
            assertThat(again.replicationMismatches()).containsKey(legacy);
            // min ISR 2 on a one-replica topic would refuse every acks=all write: it is capped to the topic's replicas.
            assertThat(minIsr(admin, legacy)).isEqualTo("1");
        }
    }

    private static String minIsr(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get("min.insync.replicas").value();
    }

    private static TopicSpec unique(TopicSpec spec) {
        return new TopicSpec(spec.name() + "." + UUID.randomUUID(), spec.keyFormat(), spec.valueType(), spec.cleanupPolicy(),
                spec.retention(), spec.fixedPartitions().or(java.util.Optional::empty));
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000), new StringSerializer(), new StringSerializer());
    }
}
