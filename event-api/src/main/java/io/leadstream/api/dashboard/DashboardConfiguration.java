package io.leadstream.api.dashboard;

import io.leadstream.api.repair.DeadLetterReader;
import io.leadstream.api.repair.ReviewQueue;
import io.leadstream.api.repair.SyncStates;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;

/** The dashboard's sources (see {@link DashboardData}); one admin client and one audit feed per instance. */
@Configuration(proxyBeanMethods = false)
public class DashboardConfiguration {

  @Bean(destroyMethod = "close")
  public Admin dashboardAdmin(KafkaAdmin kafkaAdmin) {
    return Admin.create(kafkaAdmin.getConfigurationProperties());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  public AuditFeed dashboardAuditFeed(KafkaProperties kafka, SchemaRegistryClient registry, Clock apiClock) {
    return new AuditFeed(kafka.buildConsumerProperties(), registry, apiClock);
  }

  @Bean
  public DashboardData dashboardData(JdbcTemplate jdbc, Admin dashboardAdmin, DeadLetterReader deadLetterReader,
                                     AuditFeed dashboardAuditFeed, SyncStates syncStates, ReviewQueue reviewQueue,
                                     WorkspaceStore workspaceStore,
                                     @Value("${leadstream.api.dashboard.consumer-groups:leadstream-stream-app,crm-sink}") String groups,
                                     @Value("${leadstream.api.dashboard.metrics-urls:}") String metricsUrls,
                                     Clock apiClock) {
    return new DashboardData(jdbc, () -> dashboardAdmin, deadLetterReader, dashboardAuditFeed, syncStates, reviewQueue,
        workspaceStore, split(groups), split(metricsUrls), apiClock);
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }
}
