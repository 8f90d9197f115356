package io.leadstream.sink.ingest;

import io.leadstream.schemas.kafka.KafkaClientSecurity;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Connects every Kafka client of crm-sink to a secured cluster (SPEC §14). They are all built from
 * Boot's {@link KafkaProperties} — the listener containers' consumers, the DLQ producer's template,
 * {@code KafkaAdmin} and the admin clients made from its configuration (topic creation, the Kafka health
 * indicator) — and each gets its common {@code properties} map, so the {@link KafkaClientSecurity}
 * settings from the environment are added there, once.
 * Inconsistent settings stop the start with the variable's name.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaSecurityConfiguration {

  @Bean
  static BeanPostProcessor kafkaClientSecurity(Environment environment) {
    KafkaClientSecurity security = KafkaClientSecurity.fromEnvironment(environment::getProperty);
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof KafkaProperties kafka) {
          kafka.getProperties().putAll(security.properties());
        }
        return bean;
      }
    };
  }
}
