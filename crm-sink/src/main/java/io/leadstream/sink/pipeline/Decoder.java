package io.leadstream.sink.pipeline;

import io.leadstream.schemas.crm.Appointment;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.SchemaRegistryException;
import io.leadstream.schemas.serde.MalformedRecordException;
import io.leadstream.schemas.serde.UnknownSchemaException;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.sink.ingest.DeadLetters;
import io.leadstream.sink.ingest.RedeliverException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Stage 1: Kafka records → {@link Item}s, the newest of each entity. A record that cannot be read,
 * or whose key is not {@code <workspaceId>/<leadId>} of its value (SPEC §3), is parked in the DLQ
 * with its reason and the rest goes on; an unreachable schema registry is an outage (nothing is
 * wrong with the record).
 */
public final class Decoder {
  private final Deserializer<LeadState> states;
  private final Deserializer<EngagementScore> scores;
  private final Deserializer<CrmActivity> activities;
  private final DeadLetters deadLetters;
  private final Duration retryPause;

  public Decoder(Deserializer<LeadState> states, Deserializer<EngagementScore> scores,
                 Deserializer<CrmActivity> activities, DeadLetters deadLetters, Duration retryPause) {
    this.states = states;
    this.scores = scores;
    this.activities = activities;
    this.deadLetters = deadLetters;
    this.retryPause = retryPause;
  }

  /** The newest item of each entity among {@code records}, in first-seen order. */
  public List<Item> decode(List<ConsumerRecord<String, byte[]>> records) {
    Map<Item.Key, Item> newest = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      decode(r).ifPresent(item -> newest.merge(item.key(), item, (old, neu) -> neu.version() >= old.version() ? neu : old));
    }
    return new ArrayList<>(newest.values());
  }

  /** One record; empty for a tombstone or a parked record. */
  public Optional<Item> decode(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return Optional.empty(); // a tombstone on a compacted topic: nothing to write
    }
    try {
      Item item = read(r);
      if (item == null) {
        return Optional.empty();
      }
      Optional<String> mismatch = LeadKey.mismatch(r.key(), item.workspaceId(), item.leadId());
      if (mismatch.isPresent()) {
        deadLetters.park(r, "key_mismatch", mismatch.get());
        return Optional.empty();
      }
      return Optional.of(item);
    } catch (MalformedRecordException e) {
      deadLetters.park(r, "malformed_record", e.getMessage());
    } catch (UnknownSchemaException e) {
      deadLetters.park(r, "unknown_schema", e.getMessage());
    } catch (SerializationException e) {
      if (e.getCause() instanceof SchemaRegistryException) {
        throw new RedeliverException("schema registry unavailable: " + e.getMessage(), retryPause, e);
      }
      deadLetters.park(r, "incompatible_schema", e.getMessage());
    }
    return Optional.empty();
  }

  private Item read(ConsumerRecord<String, byte[]> r) {
    if (r.topic().equals(Topics.LEAD_STATE.name())) {
      return Item.of(states.deserialize(r.topic(), r.value()), r);
    }
    if (r.topic().equals(Topics.LEAD_ENGAGEMENT.name())) {
      return Item.of(scores.deserialize(r.topic(), r.value()), r);
    }
    if (r.topic().equals(Topics.CRM_ACTIVITIES.name())) {
      Object a = activities.deserialize(r.topic(), r.value()).getActivity();
      if (a instanceof CallActivity c) {
        return Item.of(c, r);
      }
      if (a instanceof Appointment ap) {
        return Item.of(ap, r);
      }
    }
    return null;
  }
}
