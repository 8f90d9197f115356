package io.leadstream.sink.pipeline;

import io.leadstream.sink.workspace.PendingStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * crm-sink's hot path, one consumed batch flowing one way through small stages:
 * <pre>
 *   records ─ Decoder ─ PersistStage ─┬─ WorkspaceRouter (per workspace) ─ OutcomeStage
 *   (DLQ: unreadable, mis-keyed)      │   live write │ opt-outs only │ hold
 *                (DLQ: poison rows)   └─ one workspace's failure holds its records, never the others'
 * </pre>
 * It returns once everything is durable — in PostgreSQL, in the CRM, parked in the DLQ or held in
 * crm_pending — so the caller may commit; only an outage of the system itself throws
 * ({@link io.leadstream.sink.ingest.RedeliverException}).
 */
public final class SinkPipeline {
  private final Decoder decoder;
  private final PersistStage persist;
  private final PendingStore pending;
  private final WorkspaceRouter router;
  private final OutcomeStage outcomes;

  public SinkPipeline(Decoder decoder, PersistStage persist, PendingStore pending, WorkspaceRouter router,
                      OutcomeStage outcomes) {
    this.decoder = decoder;
    this.persist = persist;
    this.pending = pending;
    this.router = router;
    this.outcomes = outcomes;
  }

  public void process(List<ConsumerRecord<String, byte[]>> records) {
    List<Item> applied = persist.persist(decoder.decode(records));
    Map<String, List<Item>> byWorkspace = applied.stream()
        .collect(Collectors.groupingBy(Item::workspaceId, LinkedHashMap::new, Collectors.toList()));
    Set<String> backlog = pending.withBacklog(byWorkspace.keySet());
    byWorkspace.forEach((ws, items) -> outcomes.record(router.route(ws, items, backlog.contains(ws))));
  }
}
