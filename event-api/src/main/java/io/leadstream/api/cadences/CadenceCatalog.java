package io.leadstream.api.cadences;

import io.leadstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cadence ids that exist, for "404 for an unknown cadence". Ops publish definitions to the
 * compacted {@code cadence.definitions.v1} topic keyed by cadenceId (stream-app seeds the defaults
 * there at start), so the catalog follows that topic: a background consumer assigned every
 * partition reads it from the beginning and keeps the set of keys (a tombstone removes one).
 * Only keys are read, so definitions of any schema version are fine. Ids from configuration are
 * known in addition (or alone, with the topic disabled).
 */
public final class CadenceCatalog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CadenceCatalog.class);

  private final Set<String> staticIds;
  private final Set<String> fromTopic = ConcurrentHashMap.newKeySet();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread reader;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile boolean running = true;

  private CadenceCatalog(Collection<String> staticIds, Map<String, Object> consumerConfig) {
    this.staticIds = Set.copyOf(staticIds);
    if (consumerConfig == null) {
      this.consumer = null;
      this.reader = null;
      caughtUp.countDown();
      return;
    }
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.reader = new Thread(this::run, "cadence-catalog");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  public static CadenceCatalog fixed(Collection<String> ids) {
    return new CadenceCatalog(ids, null);
  }

  public static CadenceCatalog following(Collection<String> ids, Map<String, Object> consumerConfig) {
    return new CadenceCatalog(ids, consumerConfig);
  }

  public boolean exists(String cadenceId) {
    return staticIds.contains(cadenceId) || fromTopic.contains(cadenceId);
  }

  /** Waits until the topic was read to the end offsets seen at start; false on timeout. */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean loaded() {
    return caughtUp.getCount() == 0;
  }

  private void run() {
    String topic = Topics.CADENCE_DEFINITIONS.name();
    while (running) {
      try {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
          Thread.sleep(1_000);
          continue;
        }
        List<TopicPartition> assigned = new ArrayList<>();
        partitions.forEach(p -> assigned.add(new TopicPartition(topic, p.partition())));
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(10));
        while (running) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            if (r.key() == null) {
              continue;
            }
            if (r.value() == null) {
              fromTopic.remove(r.key());
            } else {
              fromTopic.add(r.key());
            }
          }
          if (caughtUp.getCount() > 0 && end.entrySet().stream()
              .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            log.info("Cadence catalog loaded: {}", fromTopic);
            caughtUp.countDown();
          }
        }
      } catch (WakeupException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("Reading {} failed, retrying: {}", topic, e.toString());
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
      try {
        reader.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      consumer.close(Duration.ofSeconds(2));
    }
  }
}
