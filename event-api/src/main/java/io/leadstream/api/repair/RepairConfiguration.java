package io.leadstream.api.repair;

import io.leadstream.api.ApiProperties;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroDeserializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the operator's repair tools: DLQ reader and replayer, review queue, pending records, sync states. */
@Configuration(proxyBeanMethods = false)
public class RepairConfiguration {

  /** Assigned consumers per request, from Boot's consumer settings (and so the cluster's security settings). */
  @Bean
  public DeadLetterReader deadLetterReader(KafkaProperties kafka, ApiProperties props) {
    return new DeadLetterReader(kafka.buildConsumerProperties(), props.getRepair().getScanBudget(),
        props.getRepair().getScanTimeout());
  }

  /** Replays raw bytes: idempotent, acks=all, bounded by the service's send timeout like every other produce. */
  @Bean(destroyMethod = "close")
  public Producer<byte[], byte[]> deadLetterReplayProducer(KafkaProperties kafka, ApiProperties props) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    int timeout = (int) props.getSendTimeout().toMillis();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1_000, timeout / 2));
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout + 10);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Bean
  public TransactionTemplate repairTransactions(PlatformTransactionManager transactionManager) {
    return new TransactionTemplate(transactionManager);
  }

  @Bean
  public DeadLetterReplayer deadLetterReplayer(Producer<byte[], byte[]> deadLetterReplayProducer, JdbcTemplate jdbc,
                                               TransactionTemplate repairTransactions, ApiProperties props) {
    return new DeadLetterReplayer(deadLetterReplayProducer, jdbc, repairTransactions, props.getSendTimeout());
  }

  /** Any schema the registry knows, read as a generic record (a DLQ holds values of several topics). */
  @Bean
  public AvroDeserializer<Object> deadLetterValueReader(SchemaRegistryClient registry) {
    return new AvroDeserializer<>(registry, null);
  }

  @Bean
  public ReviewQueue reviewQueue(JdbcTemplate jdbc, TransactionTemplate repairTransactions) {
    return new ReviewQueue(jdbc, repairTransactions);
  }

  @Bean
  public PendingRecords pendingRecords(JdbcTemplate jdbc) {
    return new PendingRecords(jdbc);
  }

  @Bean
  public SyncStates syncStates(JdbcTemplate jdbc, PendingRecords pendingRecords) {
    return new SyncStates(jdbc, pendingRecords);
  }
}
