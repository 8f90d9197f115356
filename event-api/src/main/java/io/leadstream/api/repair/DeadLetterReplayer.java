package io.leadstream.api.repair;

import io.leadstream.api.repair.DeadLetter.PartitionOffset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts dead letters back where they came from, once: each record is re-produced to its
 * {@code error.source.topic} with its original key, value and headers — without the {@code error.*}
 * headers and spring-kafka's {@code kafka_dlt-*} ones, both written when it was parked — plus
 * {@value #REPLAYED_FROM}: {@code <dlq topic>/<partition>/<offset>}. The producer is idempotent with
 * acks=all, and the key alone picks the partition, as it did for the original.
 * <p>
 * {@code dlq_replays} records every replayed record, so a record is not replayed twice by accident
 * (unless forced). A replay holds a transaction-scoped advisory lock per DLQ topic while it produces
 * and records, so two operators (or two instances) replaying the same records at once replay each once.
 * A record is recorded only after the broker acknowledged it; should the database commit fail after
 * that, a later replay may produce it again — the consumers of these topics are idempotent (event ids,
 * external ids, state versions), so at worst that is a duplicate they absorb.
 */
public final class DeadLetterReplayer {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterReplayer.class);
  public static final String REPLAYED_FROM = "leadstream.replayed-from";
  /** Headers spring-kafka's DeadLetterPublishingRecoverer adds when it parks a record (crm-sink). */
  private static final String SPRING_DLT_PREFIX = "kafka_dlt-";

  private final Producer<byte[], byte[]> producer;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Duration sendTimeout;

  public DeadLetterReplayer(Producer<byte[], byte[]> producer, JdbcTemplate jdbc, TransactionTemplate transactions,
                            Duration sendTimeout) {
    this.producer = producer;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.sendTimeout = sendTimeout;
  }

  public record Replayed(DeadLetter letter, String topic, int partition, long offset) {
  }

  public record Failed(DeadLetter letter, String error) {
  }

  public record Result(List<Replayed> replayed, List<DeadLetter> alreadyReplayed, List<Failed> failed) {
  }

  /** When each of these records of {@code dlqTopic} was replayed; a record never replayed is absent. */
  public Map<PartitionOffset, Instant> replayedAt(String dlqTopic, Collection<DeadLetter> letters) {
    Map<PartitionOffset, Instant> out = new HashMap<>();
    if (letters.isEmpty()) {
      return out;
    }
    Integer[] partitions = letters.stream().map(DeadLetter::partition).toArray(Integer[]::new);
    Long[] offsets = letters.stream().map(DeadLetter::offset).toArray(Long[]::new);
    jdbc.query("""
        SELECT dlq_partition, dlq_offset, replayed_at FROM dlq_replays
        WHERE dlq_topic = ? AND (dlq_partition, dlq_offset) IN (SELECT * FROM unnest(?::int[], ?::bigint[]))""",
        rs -> {
          out.put(new PartitionOffset(rs.getInt(1), rs.getLong(2)), rs.getTimestamp(3).toInstant());
        }, dlqTopic, partitions, offsets);
    return out;
  }

  /**
   * Replays the records (in the given order) that were not replayed before, or all of them with
   * {@code force}. Records whose source topic is not one their DLQ's service reads must be left out
   * by the caller ({@link DeadLetterTopics#replayableTo}).
   */
  public Result replay(String dlqTopic, List<DeadLetter> letters, boolean force) {
    if (letters.isEmpty()) {
      return new Result(List.of(), List.of(), List.of());
    }
    Result result = transactions.execute(status -> {
      // Serialises replays of this DLQ across instances until the commit; released by it.
      jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> { }, "dlq_replays/" + dlqTopic);
      Map<PartitionOffset, Instant> before = force ? Map.of() : replayedAt(dlqTopic, letters);
      List<DeadLetter> already = new ArrayList<>();
      List<DeadLetter> sending = new ArrayList<>();
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      List<Failed> failed = new ArrayList<>();
      for (DeadLetter d : letters) {
        if (before.containsKey(d.position())) {
          already.add(d);
          continue;
        }
        try {
          acks.add(producer.send(replayRecord(d)));
          sending.add(d);
        } catch (RuntimeException e) {
          failed.add(new Failed(d, describe(e)));
        }
      }
      long deadline = System.nanoTime() + sendTimeout.toNanos();
      List<Replayed> replayed = new ArrayList<>();
      for (int i = 0; i < sending.size(); i++) {
        DeadLetter d = sending.get(i);
        try {
          RecordMetadata m = acks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          jdbc.update("""
              INSERT INTO dlq_replays (dlq_topic, dlq_partition, dlq_offset, workspace_id) VALUES (?, ?, ?, ?)
              ON CONFLICT (dlq_topic, dlq_partition, dlq_offset)
              DO UPDATE SET replayed_at = now(), workspace_id = EXCLUDED.workspace_id""",
              dlqTopic, d.partition(), d.offset(), d.workspace());
          replayed.add(new Replayed(d, m.topic(), m.partition(), m.offset()));
        } catch (ExecutionException e) {
          failed.add(new Failed(d, describe(e.getCause())));
        } catch (TimeoutException e) {
          failed.add(new Failed(d, "no acknowledgement from the broker within " + sendTimeout));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failed.add(new Failed(d, "interrupted"));
        }
      }
      return new Result(List.copyOf(replayed), List.copyOf(already), List.copyOf(failed));
    });
    if (!result.failed().isEmpty()) {
      log.warn("Replay of {}: {} of {} records not acknowledged, first: {}", dlqTopic, result.failed().size(),
          letters.size(), result.failed().get(0).error());
    }
    return result;
  }

  /** The original record again: key, value, headers without the parking ones, plus where it was replayed from. */
  static ProducerRecord<byte[], byte[]> replayRecord(DeadLetter d) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : d.headers()) {
      if (!h.key().startsWith(DeadLetter.ERROR_PREFIX) && !h.key().startsWith(SPRING_DLT_PREFIX)
          && !h.key().equals(REPLAYED_FROM)) {
        headers.add(h);
      }
    }
    headers.add(new RecordHeader(REPLAYED_FROM, (d.topic() + "/" + d.partition() + "/" + d.offset())
        .getBytes(StandardCharsets.UTF_8)));
    return new ProducerRecord<>(d.sourceTopic(), null, (Long) null, d.key(), d.value(), headers);
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
