package io.leadstream.sink.ingest;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN when the broker does not answer a cluster description within 3 s; part of readiness. */
public final class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {
  private final Admin admin;

  public KafkaHealthIndicator(Map<String, Object> adminConfig) {
    Map<String, Object> config = new java.util.HashMap<>(adminConfig);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    this.admin = Admin.create(config);
  }

  @Override
  public Health health() {
    try {
      var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000));
      int nodes = cluster.nodes().get(3, TimeUnit.SECONDS).size();
      return Health.up().withDetail("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS))
          .withDetail("nodes", nodes).build();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
