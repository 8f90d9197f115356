package io.leadstream.sfemu.org;

import java.util.Map;

/**
 * Hears of each record the REST API creates, in the same JVM: for benches that need the instant a
 * write landed more precisely than {@code CreatedDate}'s milliseconds, without polling. Not part of
 * Salesforce.
 * <p>
 * Called on the request thread while the org is locked, right after the record is stored and
 * before the response is written, so it must be quick and must not call back into the emulator.
 * Seeded records are not reported. With {@code allOrNone} a later failure in the same request can
 * still roll the record back.
 */
@FunctionalInterface
public interface RecordListener {

  /**
   * @param type   the sObject type, e.g. "Task"
   * @param record the stored record, read-only and only valid during the call (copy what you keep)
   */
  void created(String type, Map<String, Object> record);
}
