package io.leadstream.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A second, differently wired usage of the extension: it must get the very same broker. */
@ExtendWith(KafkaExtension.class)
class KafkaExtensionFieldInjectionTest {

    static KafkaBroker sharedAtClassLevel;
    KafkaBroker broker;
    @BootstrapServers
    String bootstrapServers;

    @Test
    void staticAndInstanceFieldsGetTheOneJvmWideBroker() {
        assertThat(sharedAtClassLevel).isNotNull().isSameAs(broker).isSameAs(SharedKafkaBroker.get());
        assertThat(bootstrapServers).isEqualTo(broker.bootstrapServers()).startsWith("localhost:");
    }

    @Test
    void topicsAreNotAutoCreatedByDefault() throws Exception {
        try (Admin admin = broker.adminClient()) {
            String nodeId = admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, nodeId);
            Map<ConfigResource, Config> configs = admin.describeConfigs(java.util.List.of(resource)).all().get();
            assertThat(configs.get(resource).get("auto.create.topics.enable").value()).isEqualTo("false");
        }
    }

    @Test
    void createTopicsIsIdempotent() throws Exception {
        broker.createTopics(2, "idempotent-topic");
        broker.createTopics(2, "idempotent-topic");
        try (Admin admin = broker.adminClient()) {
            assertThat(admin.describeTopics(java.util.List.of("idempotent-topic")).allTopicNames().get()
                    .get("idempotent-topic").partitions()).hasSize(2);
        }
    }
}
