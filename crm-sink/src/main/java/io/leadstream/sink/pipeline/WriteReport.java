package io.leadstream.sink.pipeline;

import io.leadstream.sink.leaddb.SyncEntry;
import io.leadstream.sink.workspace.Pending;
import io.leadstream.sink.workspace.WorkspaceFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What writing one workspace's items to its CRM came to, for the outcome stage to make durable:
 * sync_log rows, CRM ids, items written (their pending rows go), items to keep pending (and why),
 * opt-out audit rows, leads newly matched, and — when the workspace itself failed — that failure.
 */
public final class WriteReport {
  /** One opt-out as the audit keeps it: acknowledged by the CRM, or no CRM record to set it on. */
  public record OptOutAudit(Item item, String objectType, String recordId, Instant acknowledgedAt, boolean matched) {
  }

  private final String workspaceId;
  private final List<SyncEntry> log = new ArrayList<>();
  private final Map<String, String> taskIds = new HashMap<>();
  private final Map<String, String> eventIds = new HashMap<>();
  private final List<Item> written = new ArrayList<>();
  private final List<Pending> pending = new ArrayList<>();
  private final List<OptOutAudit> audits = new ArrayList<>();
  private final Set<String> matchedLeads = new LinkedHashSet<>();
  private final List<Item> done = new ArrayList<>();
  private final boolean live;
  private WorkspaceFailure failure;

  /** @param live whether this was a full write (its success means the workspace is connected again) */
  public WriteReport(String workspaceId, boolean live) {
    this.workspaceId = workspaceId;
    this.live = live;
  }

  /** Every item waits: the report of a workspace that cannot be written to now. */
  public static WriteReport holding(String workspaceId, List<Item> items, Pending.Reason reason, String detail) {
    WriteReport report = new WriteReport(workspaceId, false);
    for (Item i : items) {
      report.pending.add(new Pending(i, reason, detail, null));
      report.log.add(SyncEntry.held(i, detail));
    }
    return report;
  }

  public String workspaceId() { return workspaceId; }
  public List<SyncEntry> log() { return log; }
  public Map<String, String> taskIds() { return taskIds; }
  public Map<String, String> eventIds() { return eventIds; }
  public List<Item> written() { return written; }
  public List<Pending> pending() { return pending; }
  public List<OptOutAudit> audits() { return audits; }
  public Set<String> matchedLeads() { return matchedLeads; }
  /** Items settled for good — written, parked in the DLQ, or never writable — whose pending rows can go. */
  public List<Item> done() { return done; }
  public boolean live() { return live; }
  public Optional<WorkspaceFailure> failure() { return Optional.ofNullable(failure); }

  public void failed(WorkspaceFailure f) {
    this.failure = f;
  }

  /** Whether the CRM acknowledged anything: the workspace is reachable again. */
  public boolean wroteAnything() {
    return !written.isEmpty() || audits.stream().anyMatch(OptOutAudit::matched);
  }
}
