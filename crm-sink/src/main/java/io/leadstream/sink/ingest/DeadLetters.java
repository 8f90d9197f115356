package io.leadstream.sink.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Parks records in {@code crm-sink.dlq.v1} through spring-kafka's DeadLetterPublishingRecoverer
 * (original key, value and headers, plus {@code error.*} headers), waiting for the broker's ack.
 * A record parked once is not parked again when its batch is redelivered.
 */
public final class DeadLetters {
  private final DeadLetterPublishingRecoverer recoverer;
  private final SinkMetrics metrics;
  private final Set<String> recentlyParked = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 100_000;
    }
  });

  public DeadLetters(DeadLetterPublishingRecoverer recoverer, SinkMetrics metrics) {
    this.recoverer = recoverer;
    this.metrics = metrics;
  }

  public synchronized void park(ConsumerRecord<?, ?> record, String reason, String detail) {
    // A record drained from crm_pending has no offset (-1): it is parked once, then its pending row goes.
    String id = record.offset() < 0 ? null : record.topic() + "/" + record.partition() + "/" + record.offset();
    if (id != null && recentlyParked.contains(id)) {
      return;
    }
    recoverer.accept(record, new ParkedRecordException(reason, abbreviate(detail)));
    if (id != null) {
      recentlyParked.add(id);
    }
    metrics.parked(reason);
  }

  /** Error texts can quote the record's values (a 100 KB summary): a header keeps the first 2,000 characters. */
  static String abbreviate(String detail) {
    return detail == null || detail.length() <= 2_000 ? detail : detail.substring(0, 2_000) + "… (" + detail.length()
        + " characters)";
  }

  /** Why a record was parked; its reason and message become the DLQ record's error.* headers. */
  public static final class ParkedRecordException extends RuntimeException {
    private final String reason;

    public ParkedRecordException(String reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }

    public byte[] reasonBytes() {
      return reason.getBytes(StandardCharsets.UTF_8);
    }
  }
}
