package io.leadstream.sink.pipeline;

import io.leadstream.sink.ingest.RedeliverException;
import io.leadstream.sink.workspace.Pending;
import io.leadstream.sink.workspace.PendingStore;
import io.leadstream.sink.workspace.SyncState;
import io.leadstream.sink.workspace.WorkspaceFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

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
  private static final Logger log = LoggerFactory.getLogger(SinkPipeline.class);
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
    byWorkspace.forEach((ws, items) -> outcomes.record(route(ws, items, backlog.contains(ws))));
  }

  /**
   * One workspace's write; whatever it throws that is not the system being down (PostgreSQL, the broker)
   * is that workspace's failure: its records are held and the other workspaces of the batch go on.
   */
  private WriteReport route(String ws, List<Item> items, boolean backlog) {
    try {
      return router.route(ws, items, backlog);
    } catch (DataAccessException | RedeliverException | KafkaException e) {
      throw e;
    } catch (RuntimeException e) {
      log.error("Writing workspace {} failed unexpectedly; its {} record(s) are held", ws, items.size(), e);
      String reason = "unexpected error: " + e;
      WriteReport held = WriteReport.holding(ws, items, Pending.Reason.HELD, reason);
      held.failed(new WorkspaceFailure(SyncState.THROTTLED, reason));
      return held;
    }
  }
}
