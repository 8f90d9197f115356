package io.leadstream.api.dashboard;

import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroDeserializer;
import io.leadstream.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compliance gates' decisions of the last 24 hours, followed live from {@code compliance.audit.v1} (SPEC §7
 * writes every blocked, deferred and cancelled trigger and every opt-out there) for the dashboard's "gate decisions
 * by rule" and "upcoming triggers" panels. An assigned consumer without a group (nothing committed, every event-api
 * instance reads the whole topic); at start it seeks to the records of the last 24 hours by timestamp.
 */
public final class AuditFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditFeed.class);
  static final Duration WINDOW = Duration.ofHours(24);
  private static final int KEPT_MAX = 200_000;

  /** One decision, as much as the panels need. */
  public record Decision(String workspaceId, String leadId, String decision, String rule, Instant decidedAt,
                         Instant deferredUntil, String channel, String cadenceId) {
  }

  private final Map<String, Object> consumerConfig;
  private final AvroDeserializer<GateDecision> deserializer;
  private final Clock clock;
  private final Deque<Decision> decisions = new ArrayDeque<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean caughtUp;
  private final Thread thread;

  public AuditFeed(Map<String, Object> kafkaConsumerConfig, SchemaRegistryClient registry, Clock clock) {
    this.consumerConfig = new HashMap<>(kafkaConsumerConfig);
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.deserializer = new AvroDeserializer<>(registry, GateDecision.class);
    this.clock = clock;
    this.thread = new Thread(this::run, "dashboard-audit-feed");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Decisions of the last 24 hours, of one workspace or (null) all, oldest first. */
  public List<Decision> recent(String workspaceId) {
    Instant since = clock.instant().minus(WINDOW);
    List<Decision> out = new ArrayList<>();
    synchronized (decisions) {
      while (!decisions.isEmpty() && decisions.peekFirst().decidedAt().isBefore(since)) {
        decisions.pollFirst();
      }
      for (Decision d : decisions) {
        if (workspaceId == null || workspaceId.equals(d.workspaceId())) {
          out.add(d);
        }
      }
    }
    return out;
  }

  /** Whether the feed has read up to the end of the topic as it was at start. */
  public boolean caughtUp() {
    return caughtUp;
  }

  private void run() {
    while (running.get()) {
      try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
          new ByteArrayDeserializer())) {
        consumer = c;
        follow(c);
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running.get()) {
          return;
        }
        log.warn("Dashboard audit feed failed; starting again in 5 s: {}", e.toString());
        sleep(5_000);
      }
    }
  }

  private void follow(KafkaConsumer<String, byte[]> c) {
    String topic = Topics.COMPLIANCE_AUDIT.name();
    List<TopicPartition> partitions = new ArrayList<>();
    c.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    if (partitions.isEmpty()) {
      // stream-app creates the topic at its first start; look again shortly.
      sleep(5_000);
      return;
    }
    c.assign(partitions);
    long since = clock.instant().minus(WINDOW).toEpochMilli();
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, since));
    Map<TopicPartition, OffsetAndTimestamp> starts = c.offsetsForTimes(query, Duration.ofSeconds(30));
    Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(30));
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp start = starts.get(tp);
      c.seek(tp, start == null ? ends.get(tp) : start.offset());
    }
    synchronized (decisions) {
      decisions.clear();
    }
    while (running.get()) {
      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
        add(r);
      }
      if (!caughtUp && partitions.stream().allMatch(tp -> c.position(tp) >= ends.get(tp))) {
        caughtUp = true;
      }
    }
  }

  private void add(ConsumerRecord<String, byte[]> r) {
    GateDecision g;
    try {
      g = deserializer.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      log.debug("Skipping an unreadable audit record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
      return;
    }
    if (g == null) {
      return;
    }
    Decision d = new Decision(g.getWorkspaceId(), g.getLeadId(), g.getDecision().name(), g.getRule().name(),
        g.getDecidedAt(), g.getDeferredUntil(), String.valueOf(g.getChannel()),
        g.getCadenceId());
    synchronized (decisions) {
      decisions.addLast(d);
      if (decisions.size() > KEPT_MAX) {
        decisions.pollFirst();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running.set(false);
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
