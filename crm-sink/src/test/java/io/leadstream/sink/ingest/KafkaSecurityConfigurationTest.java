package io.leadstream.sink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Every Kafka client Spring builds for crm-sink carries the security settings of the environment
 * (SPEC §14); the devstack end-to-end test proves them against a secured broker.
 */
class KafkaSecurityConfigurationTest {
  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
      .withUserConfiguration(KafkaSecurityConfiguration.class);

  @Test
  void adminProducerAndConsumerConfigurationsGetTheSecuritySettingsOfTheEnvironment() {
    context.withPropertyValues("KAFKA_SECURITY_PROTOCOL=SASL_SSL", "KAFKA_SASL_MECHANISM=PLAIN",
        "KAFKA_SASL_USERNAME=api-key", "KAFKA_SASL_PASSWORD=api-secret").run(ctx -> {
          for (Map<String, Object> config : clientConfigurations(ctx)) {
            assertThat(config).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .hasEntrySatisfying("sasl.jaas.config", jaas -> assertThat(jaas.toString()).contains("api-secret"));
          }
        });
  }

  @Test
  void withoutSecurityVariablesTheClientsStayAsTheyWere() {
    context.run(ctx -> clientConfigurations(ctx).forEach(config ->
        assertThat(config).doesNotContainKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config")));
  }

  @Test
  void inconsistentSettingsStopTheStartNamingTheVariable() {
    context.withPropertyValues("KAFKA_SECURITY_PROTOCOL=SASL_SSL", "KAFKA_SASL_USERNAME=api-key",
        "KAFKA_SASL_PASSWORD=api-secret").run(ctx -> {
          assertThat(ctx).hasFailed();
          assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("KAFKA_SASL_MECHANISM")
              .message().doesNotContain("api-secret");
        });
  }

  private static List<Map<String, Object>> clientConfigurations(ApplicationContext ctx) {
    return List.of(ctx.getBean(KafkaAdmin.class).getConfigurationProperties(),
        ctx.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties(),
        ctx.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties(),
        ctx.getBean(KafkaProperties.class).buildProducerProperties());
  }
}
