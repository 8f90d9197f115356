package io.leadstream.sink.pipeline;

import io.leadstream.sink.ingest.DeadLetters;
import io.leadstream.sink.ingest.RedeliverException;
import io.leadstream.sink.leaddb.LeadDb;
import io.leadstream.sink.leaddb.SqlErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DataAccessException;

/**
 * Stage 2: the items into the lead database (SPEC §9), never backwards (each upsert is guarded by the
 * entity's version), in one transaction. When PostgreSQL refuses a row for its data (SQLSTATE class
 * 22/23), the items are written one by one so only the poison ones go to the DLQ, with the SQLSTATE
 * as their reason, and the rest proceeds; any other database error is an outage and the batch is
 * redelivered.
 */
public final class PersistStage {
  private final LeadDb db;
  private final DeadLetters deadLetters;
  private final Duration retryPause;

  public PersistStage(LeadDb db, DeadLetters deadLetters, Duration retryPause) {
    this.db = db;
    this.deadLetters = deadLetters;
    this.retryPause = retryPause;
  }

  /** The items that changed the database (older than what is stored are dropped: nothing to write). */
  public List<Item> persist(List<Item> items) {
    try {
      return db.inTransaction(() -> upsert(items));
    } catch (DataAccessException e) {
      if (!SqlErrors.isRecordError(e)) {
        throw outage(e);
      }
    }
    List<Item> applied = new ArrayList<>();
    for (Item item : items) {
      try {
        applied.addAll(db.inTransaction(() -> upsert(List.of(item))));
      } catch (DataAccessException e) {
        if (!SqlErrors.isRecordError(e)) {
          throw outage(e);
        }
        deadLetters.park(item.source(), "invalid_data", SqlErrors.describe(e));
      }
    }
    return applied;
  }

  private List<Item> upsert(List<Item> items) {
    List<Item> applied = new ArrayList<>();
    keep(applied, items, EntityType.LEAD, db.upsertStates(values(items, EntityType.LEAD, Item::state)));
    keep(applied, items, EntityType.ENGAGEMENT, db.upsertEngagement(values(items, EntityType.ENGAGEMENT, Item::score)));
    keep(applied, items, EntityType.CALL, db.upsertCalls(values(items, EntityType.CALL, Item::call)));
    keep(applied, items, EntityType.APPOINTMENT,
        db.upsertAppointments(values(items, EntityType.APPOINTMENT, Item::appointment)));
    return applied;
  }

  private static <T> List<T> values(List<Item> items, EntityType type, java.util.function.Function<Item, T> value) {
    return items.stream().filter(i -> i.type() == type).map(value).toList();
  }

  private static void keep(List<Item> applied, List<Item> items, EntityType type, boolean[] appliedFlags) {
    int k = 0;
    for (Item i : items) {
      if (i.type() == type) {
        if (appliedFlags[k]) {
          applied.add(i);
        }
        k++;
      }
    }
  }

  private RedeliverException outage(DataAccessException e) {
    return new RedeliverException("PostgreSQL unavailable: " + e.getMostSpecificCause().getMessage(), retryPause, e);
  }
}
