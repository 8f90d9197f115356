package io.leadstream.sink.workspace;

import java.util.Locale;

/**
 * Where a workspace's CRM sync stands (SPEC §8 failure domains). Only {@link #CONNECTED} writes
 * live; in every other state the workspace's records wait in {@code crm_pending} while the others
 * keep syncing.
 */
public enum SyncState {
  CONNECTED,
  /** 503, gateway errors, an open circuit, concurrency limits: retried with capped back-off. */
  THROTTLED,
  /** The org refused the grant (revoked or expired refresh token, bad client): reconnect through the web flow. */
  NEEDS_RECONNECT,
  /** A field, object or permission the sink writes is missing in the org: fixed in the org, then retried. */
  SETUP_INCOMPLETE,
  /** The org's daily API allowance (minus the headroom for its other integrations) is spent. */
  BUDGET_EXHAUSTED,
  /** The workspace has no CRM connection: its records wait to be backfilled when it connects. */
  NOT_CONNECTED;

  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SyncState fromDb(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Opt-outs still go to the CRM in this state (SPEC §8): only a dead grant or no connection stops them. */
  public boolean optOutsMayBeWritten() {
    return this != NEEDS_RECONNECT && this != NOT_CONNECTED;
  }
}
