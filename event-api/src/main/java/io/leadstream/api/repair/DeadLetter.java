package io.leadstream.api.repair;

import io.leadstream.schemas.topic.LeadKey;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of a dead-letter topic as a service parked it: the original key, value and headers,
 * plus {@code error.*} headers. crm-sink writes {@code error.reason}, {@code error.message},
 * {@code error.source.topic|partition|offset} and {@code error.service}; stream-app writes
 * {@code error.class}, {@code error.message}, {@code error.stage}, the same {@code error.source.*}
 * and {@code error.processor}. Its reason is {@code error.reason}, else stream-app's stage
 * (deserialization, validation or processing).
 */
public record DeadLetter(String topic, int partition, long offset, Instant timestamp, byte[] key, byte[] value,
                         List<Header> headers) {
  public static final String ERROR_PREFIX = "error.";
  static final String REASON = "error.reason";
  static final String STAGE = "error.stage";
  static final String MESSAGE = "error.message";
  static final String SOURCE_TOPIC = "error.source.topic";
  static final String SOURCE_PARTITION = "error.source.partition";
  static final String SOURCE_OFFSET = "error.source.offset";

  public DeadLetter {
    headers = List.copyOf(headers);
  }

  static DeadLetter of(ConsumerRecord<byte[], byte[]> r) {
    return new DeadLetter(r.topic(), r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), r.key(),
        r.value(), List.of(r.headers().toArray()));
  }

  public PartitionOffset position() {
    return new PartitionOffset(partition, offset);
  }

  /** The key as text; null when it is absent or not UTF-8 (a malformed key, shown as base64 instead). */
  public String keyText() {
    return utf8(key);
  }

  /** The workspace of a lead key ({@code <workspaceId>/<leadId>}); null for any other key. */
  public String workspace() {
    String k = keyText();
    if (k == null) {
      return null;
    }
    int slash = k.indexOf(LeadKey.SEPARATOR);
    return slash > 0 && LeadKey.validWorkspaceId(k.substring(0, slash)) ? k.substring(0, slash) : null;
  }

  public String reason() {
    String reason = header(REASON);
    return reason != null ? reason : header(STAGE);
  }

  public String message() {
    return header(MESSAGE);
  }

  public String sourceTopic() {
    return header(SOURCE_TOPIC);
  }

  public Integer sourcePartition() {
    String s = header(SOURCE_PARTITION);
    try {
      return s == null ? null : Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public Long sourceOffset() {
    String s = header(SOURCE_OFFSET);
    try {
      return s == null ? null : Long.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The last header of that name as UTF-8 text (what the services wrote last wins); null when absent. */
  public String header(String name) {
    for (int i = headers.size() - 1; i >= 0; i--) {
      Header h = headers.get(i);
      if (h.key().equals(name)) {
        return h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Strict UTF-8: null for bytes that are not text. */
  static String utf8(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** A record's place in its topic. */
  public record PartitionOffset(int partition, long offset) implements Comparable<PartitionOffset> {
    @Override
    public int compareTo(PartitionOffset o) {
      int byPartition = Integer.compare(partition, o.partition);
      return byPartition != 0 ? byPartition : Long.compare(offset, o.offset);
    }
  }
}
