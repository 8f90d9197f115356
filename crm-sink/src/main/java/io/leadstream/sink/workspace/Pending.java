package io.leadstream.sink.workspace;

import io.leadstream.sink.pipeline.Item;
import java.time.Instant;
import java.util.Locale;

/** An item that could not be written to its workspace's CRM yet, and why (a row of {@code crm_pending}). */
public record Pending(Item item, Reason reason, String detail, Instant retryAt) {

  /** Why an item waits; decides what brings it back (see V4__crm_failure_domains.sql). */
  public enum Reason {
    /** The workspace is not connected right now (throttled, needs reconnect, …): drained on recovery. */
    HELD,
    /** The workspace has no CRM connection: drained when it connects. */
    NOT_CONNECTED,
    /** No CRM record matches the lead: matched again when due, periodically and on demand. */
    NOT_FOUND,
    /** Several CRM records match: waits for an operator's choice. */
    AMBIGUOUS;

    public String dbName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Reason fromDb(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }
}
