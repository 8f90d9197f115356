package io.leadstream.api.repair;

import io.leadstream.api.repair.DeadLetter.PartitionOffset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Bounded reads of a dead-letter topic for the operator. Each request has a consumer of its own that
 * is <em>assigned</em> partitions and seeks by offset or timestamp: no consumer group, so nothing is
 * committed and no service's group is disturbed. A scan reads at most the scan budget of records and
 * stops at the scan timeout; what it has then is answered with {@code complete = false}.
 * {@code read_committed}, so records of aborted transactions (stream-app's are transactional) are skipped.
 */
public final class DeadLetterReader {
  private static final int CHUNK = 500;
  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Object> consumerConfig;
  private final int scanBudget;
  private final Duration scanTimeout;

  /** @param kafkaConsumerConfig the service's consumer settings (bootstrap servers, security); its group id is dropped */
  public DeadLetterReader(Map<String, Object> kafkaConsumerConfig, int scanBudget, Duration scanTimeout) {
    Map<String, Object> config = new HashMap<>(kafkaConsumerConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, CHUNK);
    // A bounded range is read to a known end: no point in the broker holding a fetch for more data.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    this.consumerConfig = Map.copyOf(config);
    this.scanBudget = scanBudget;
    this.scanTimeout = scanTimeout;
  }

  /**
   * What a scan found, and whether it saw every matching record of its window ({@code complete}); false
   * when it ran out of budget or time, or when more records matched than it may answer.
   */
  public record Scan(List<DeadLetter> records, long scanned, boolean complete) {
  }

  /**
   * The newest {@code limit} records of the window [since, until) that {@code select} keeps, newest
   * first. {@code select} sees the records of one partition a chunk at a time (in offset order) and
   * answers those it keeps, so it may ask the database about a whole chunk at once.
   */
  public Scan newest(String topic, Instant since, Instant until, int limit, UnaryOperator<List<DeadLetter>> select) {
    return scan(topic, since, until, limit, select, false);
  }

  /** The oldest {@code limit} records of the window that {@code select} keeps, oldest first (replay order). */
  public Scan oldest(String topic, Instant since, Instant until, int limit, UnaryOperator<List<DeadLetter>> select) {
    return scan(topic, since, until, limit, select, true);
  }

  private Scan scan(String topic, Instant since, Instant until, int limit, UnaryOperator<List<DeadLetter>> select,
                    boolean forward) {
    long deadline = System.nanoTime() + scanTimeout.toNanos();
    long scanned = 0;
    boolean complete = true;
    List<DeadLetter> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = assignPaused(consumer, topic);
      if (partitions.isEmpty()) {
        return new Scan(List.of(), 0, true);
      }
      Map<TopicPartition, Long> start = bound(consumer, partitions, since, consumer.beginningOffsets(partitions));
      // The start is exact: offsetsForTimes(since) is the first offset stamped at or after it, so every earlier one
      // is older. Not so for until: timestamps are the parking producers' clocks, not monotonic in a partition
      // (several sink instances, back-dated records), so a record before until can sit behind one after it. The scan
      // runs to the end and the window is applied per record.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (TopicPartition tp : partitions) {
        long lo = start.get(tp);
        long hi = Math.max(lo, end.get(tp));
        List<DeadLetter> kept = new ArrayList<>();
        while (lo < hi && kept.size() < limit) {
          if (scanned >= scanBudget || System.nanoTime() > deadline) {
            complete = false;
            break;
          }
          long from = forward ? lo : Math.max(lo, hi - CHUNK);
          long to = forward ? Math.min(hi, lo + CHUNK) : hi;
          List<DeadLetter> chunk = readRange(consumer, tp, from, to, deadline);
          scanned += chunk.size();
          List<DeadLetter> inWindow = chunk.stream().filter(d -> (since == null || !d.timestamp().isBefore(since))
              && (until == null || d.timestamp().isBefore(until))).toList();
          List<DeadLetter> selected = new ArrayList<>(inWindow.isEmpty() ? List.of() : select.apply(inWindow));
          if (!forward) {
            Collections.reverse(selected);
          }
          kept.addAll(selected.subList(0, Math.min(selected.size(), limit - kept.size())));
          if (forward) {
            lo = to;
          } else {
            hi = from;
          }
          if (System.nanoTime() > deadline) {
            complete = false; // the chunk may have been cut short
            break;
          }
        }
        if (lo < hi) {
          complete = false; // stopped early: more records of the window may match
        }
        found.addAll(kept);
      }
    }
    Comparator<DeadLetter> order = Comparator.comparing(DeadLetter::timestamp)
        .thenComparing(DeadLetter::partition).thenComparingLong(DeadLetter::offset);
    found.sort(forward ? order : order.reversed());
    if (found.size() > limit) {
      complete = false;
      found = new ArrayList<>(found.subList(0, limit));
    }
    return new Scan(List.copyOf(found), scanned, complete);
  }

  /** One record; empty when the topic has no such partition or offset (expired, compacted, aborted, a marker). */
  public Optional<DeadLetter> read(String topic, int partition, long offset) {
    return Optional.ofNullable(read(topic, List.of(new PartitionOffset(partition, offset)))
        .get(new PartitionOffset(partition, offset)));
  }

  /** The records at these places; a place with no record is absent from the answer. */
  public Map<PartitionOffset, DeadLetter> read(String topic, Collection<PartitionOffset> places) {
    long deadline = System.nanoTime() + scanTimeout.toNanos();
    Map<PartitionOffset, DeadLetter> out = new HashMap<>();
    Map<Integer, TreeSet<Long>> wanted = new TreeMap<>();
    places.forEach(p -> wanted.computeIfAbsent(p.partition(), k -> new TreeSet<>()).add(p.offset()));
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = assignPaused(consumer, topic);
      for (Map.Entry<Integer, TreeSet<Long>> e : wanted.entrySet()) {
        TopicPartition tp = new TopicPartition(topic, e.getKey());
        if (!partitions.contains(tp)) {
          continue;
        }
        long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        Map<Long, DeadLetter> seen = new HashMap<>();
        for (long offset : e.getValue()) {
          if (offset < begin || offset >= end) {
            continue;
          }
          if (!seen.containsKey(offset)) {
            // One chunk from here: the next wanted offsets are often in it.
            readRange(consumer, tp, offset, Math.min(end, offset + CHUNK), deadline)
                .forEach(d -> seen.put(d.offset(), d));
          }
          DeadLetter d = seen.get(offset);
          if (d != null) {
            out.put(d.position(), d);
          }
        }
      }
    }
    return out;
  }

  /** The records of [from, to) of one partition (fewer when the deadline passes first); it alone is fetched. */
  private static List<DeadLetter> readRange(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from,
                                            long to, long deadline) {
    consumer.seek(tp, from);
    consumer.resume(List.of(tp));
    List<DeadLetter> out = new ArrayList<>();
    try {
      while (consumer.position(tp) < to && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL).records(tp)) {
          if (r.offset() >= from && r.offset() < to) {
            out.add(DeadLetter.of(r));
          }
        }
      }
    } finally {
      consumer.pause(List.of(tp));
    }
    return out;
  }

  /** Per partition, the first offset at or after {@code time}; {@code otherwise} when time is null. */
  private static Map<TopicPartition, Long> bound(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                                 Instant time, Map<TopicPartition, Long> otherwise) {
    if (time == null) {
      return otherwise;
    }
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, Math.max(0, time.toEpochMilli())));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> out = new HashMap<>();
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp at = found.get(tp);
      out.put(tp, at == null ? end.get(tp) : at.offset());
    }
    return out;
  }

  /**
   * Every partition of the topic, assigned and paused: offset lookups then concern assigned partitions
   * only, and {@link #readRange} fetches one partition at a time by resuming it.
   */
  private static List<TopicPartition> assignPaused(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    consumer.assign(partitions);
    consumer.pause(partitions);
    return partitions;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
