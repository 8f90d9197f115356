package io.leadstream.sink.salesforce;

import io.leadstream.salesforce.preflight.SetupProblem;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.sink.ingest.DeadLetters;
import io.leadstream.sink.ingest.SinkMetrics;
import io.leadstream.sink.leaddb.LeadDb;
import io.leadstream.sink.leaddb.LeadLink;
import io.leadstream.sink.leaddb.SyncEntry;
import io.leadstream.sink.matching.MatchOutcome;
import io.leadstream.sink.matching.SalesforceLookups;
import io.leadstream.sink.matching.Target;
import io.leadstream.sink.matching.TargetResolver;
import io.leadstream.sink.matching.TargetResolver.Identity;
import io.leadstream.sink.pipeline.EntityType;
import io.leadstream.sink.pipeline.Item;
import io.leadstream.sink.pipeline.WriteReport;
import io.leadstream.sink.summary.EventMapper;
import io.leadstream.sink.workspace.Pending;
import io.leadstream.sink.workspace.SyncState;
import io.leadstream.sink.workspace.WorkspaceConnections.Connection;
import io.leadstream.sink.workspace.WorkspaceFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one workspace's items to its Salesforce org (SPEC §8), in this order: match each lead
 * (cached links first, re-validated when the lead's email or phone changed), the opt-out lane
 * (DoNotCall / HasOptedOutOfEmail before anything else and never behind the budget), then — within
 * the API budget — Tasks upserted on the call id, Events on the appointment id, and one field update
 * per Lead/Contact.
 *
 * <p>Every item ends in exactly one place of the {@link WriteReport}: written; pending (not found,
 * ambiguous, or relinking after its record was converted or deleted); parked in the DLQ (a record
 * Salesforce refused as invalid); or — when the workspace itself fails (throttled, grant gone, budget
 * spent, a field missing from the org) — held with every item not yet written, while the caller goes
 * on with the other workspaces. Nothing here throws for a Salesforce failure.
 */
public final class SalesforceWriter {
  private final LeadDb db;
  private final DeadLetters deadLetters;
  private final SinkMetrics metrics;
  private final int lockRetries;
  private final Duration lockBackoff;
  private final Duration rematchInterval;
  private final Duration writeDeadline;
  private final Clock clock;

  public SalesforceWriter(LeadDb db, DeadLetters deadLetters, SinkMetrics metrics, int lockRetries,
                          Duration lockBackoff, Duration rematchInterval, Duration writeDeadline, Clock clock) {
    this.writeDeadline = writeDeadline;
    this.db = db;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.lockRetries = lockRetries;
    this.lockBackoff = lockBackoff;
    this.rematchInterval = rematchInterval;
    this.clock = clock;
  }

  /**
   * Writes everything it can of {@code items} (one workspace, newest value per entity), once the org's setup
   * passed its check (the connection's first write, or the first after the workspace's setup failed).
   */
  public WriteReport write(Connection conn, List<Item> items) {
    return WriteDeadline.within(writeDeadline, () -> {
      Run run = new Run(conn, items, true);
      try {
        run.all();
      } catch (WorkspaceFailureException e) {
        failed(conn, e.failure);
        run.report.failed(e.failure);
        run.holdOpen("workspace " + e.failure.state().dbName() + ": " + e.failure.reason());
      }
      return run.report;
    });
  }

  /**
   * Only the opt-out lane, for a workspace whose other records wait (throttled, budget spent, setup
   * incomplete): an opt-out is never held behind those (SPEC §8). Every item stays pending, held.
   */
  public WriteReport writeOptOuts(Connection conn, List<Item> items, String heldBecause) {
    return WriteDeadline.within(writeDeadline, () -> {
      Run run = new Run(conn, items, false);
      try {
        run.optOutsOnly();
      } catch (WorkspaceFailureException e) {
        failed(conn, e.failure);
        run.report.failed(e.failure);
      }
      run.holdOpen(heldBecause);
      return run.report;
    });
  }

  /** A write refused for the org's setup (a field gone, made read-only): the next attempt checks the org again. */
  private static void failed(Connection conn, WorkspaceFailure failure) {
    if (failure.state() == SyncState.SETUP_INCOMPLETE) {
      conn.setup().recheck();
    }
  }

  /** A failure of the workspace, thrown out of a phase to hold what is left. */
  private static final class WorkspaceFailureException extends RuntimeException {
    final WorkspaceFailure failure;

    WorkspaceFailureException(WorkspaceFailure failure) {
      super(failure.reason(), null, false, false);
      this.failure = failure;
    }
  }

  /** One write: the items not yet settled, and what became of the others. */
  private final class Run {
    final Connection conn;
    final String ws;
    final WriteReport report;
    final Map<Item.Key, Item> open = new LinkedHashMap<>();
    final Map<String, Identity> identities = new LinkedHashMap<>();
    final Map<String, List<String>> notesByLead = new HashMap<>();
    Map<String, MatchOutcome> outcomes = Map.of();

    Run(Connection conn, List<Item> items, boolean live) {
      this.conn = conn;
      this.ws = conn.workspaceId();
      this.report = new WriteReport(ws, live);
      items.forEach(i -> open.put(i.key(), i));
    }

    void all() {
      checkSetup();
      match();
      optOutLane();
      checkBudget();
      tasks();
      events();
      fields();
    }

    void optOutsOnly() {
      match(open.values().stream().filter(Item::isOptOut).toList());
      optOutLane();
    }

    // ------------------------------------------------------------------ the org's setup

    /**
     * Nothing is matched or written to an org that lacks a field, flag or permission the sink needs: the workspace
     * is setup_incomplete with every problem named, its records are held, and only opt-outs go through (they are
     * never held behind the org's setup, SPEC §8).
     */
    void checkSetup() {
      List<SetupProblem> problems = call(() -> conn.setup().problems());
      if (problems.isEmpty()) {
        return;
      }
      try {
        optOutsOnly();
      } catch (WorkspaceFailureException e) {
        // The opt-outs wait with the rest; the setup's problems are what the workspace must fix.
      }
      throw new WorkspaceFailureException(new WorkspaceFailure(SyncState.SETUP_INCOMPLETE,
          SetupProblem.summary(problems)));
    }

    // ------------------------------------------------------------------ matching

    void match() {
      match(List.copyOf(open.values()));
    }

    void match(List<Item> items) {
      // Identities of every lead these items touch: from its state here, else the activity, else the lead table.
      for (Item i : items) {
        switch (i.type()) {
          case LEAD -> identities.put(i.leadId(), new Identity(i.state().getProfile().getEmail(),
              i.state().getProfile().getPhone()));
          case CALL -> identities.putIfAbsent(i.leadId(), new Identity(i.call().getEmail(), i.call().getPhone()));
          case APPOINTMENT -> identities.putIfAbsent(i.leadId(), new Identity(i.appointment().getEmail(),
              i.appointment().getPhone()));
          case ENGAGEMENT -> identities.putIfAbsent(i.leadId(), new Identity(null, null));
        }
      }
      Map<String, Identity> stored = db.identities(ws, identities.keySet());
      identities.replaceAll((lead, id) -> merge(id, stored.get(lead)));
      outcomes = call(() -> resolve());
    }

    Map<String, MatchOutcome> resolve() {
      Map<String, LeadLink> links = db.links(ws, conn.orgId(), identities.keySet());
      Map<String, MatchOutcome> found = new HashMap<>();
      Map<String, Identity> toMatch = new LinkedHashMap<>();
      List<String> stale = new ArrayList<>();
      identities.forEach((lead, id) -> {
        LeadLink link = links.get(lead);
        if (link != null && link.stillFits(id)) {
          found.put(lead, MatchOutcome.matched(new Target(link.salesforceObject(), link.salesforceId()), null));
        } else {
          if (link != null) {
            stale.add(lead); // the lead's email or phone changed since it was matched: match it again
          }
          toMatch.put(lead, id);
        }
      });
      db.deleteLinks(ws, stale);
      if (toMatch.isEmpty()) {
        return found;
      }
      Map<String, MatchOutcome> matched = new TargetResolver(new SalesforceLookups(conn.client()), conn.matchOrder())
          .resolve(toMatch);
      if (conn.createMissingLeads()) {
        matched = createMissing(toMatch, matched);
      }
      List<LeadLink> newLinks = new ArrayList<>();
      matched.forEach((lead, m) -> {
        metrics.match(m.kind() == MatchOutcome.Kind.MATCHED ? "matched"
            : m.kind() == MatchOutcome.Kind.AMBIGUOUS ? "ambiguous" : "not_found");
        if (m.matched()) {
          Identity id = toMatch.get(lead);
          newLinks.add(new LeadLink(lead, m.target().objectType(), m.target().id(),
              m.strategy() == null ? "created" : m.strategy().name(), id.email(), id.phone()));
          report.matchedLeads().add(lead);
        }
      });
      db.saveLinks(ws, conn.orgId(), newLinks);
      found.putAll(matched);
      return found;
    }

    /**
     * A Lead for each lead nothing matched, upserted on the lead's key (an external id), so a retried
     * request after a lost answer finds the Lead it created instead of creating a second one. The search
     * cannot be relied on for that: SOSL reads the search index, which takes "about 15 minutes or more" to
     * pick up a new record
     * (https://developer.salesforce.com/docs/platform/salesforce-large-data-volumes-bp/guide/ldv-deployments-concepts-search-architecture.html),
     * so a phone-only lead seen again minutes later is not found by phone. The link saved in crm_links makes
     * the second sight skip the search; if that link is lost, the upsert on the key (an indexed field, not
     * the search index) lands on the same Lead.
     */
    Map<String, MatchOutcome> createMissing(Map<String, Identity> toMatch, Map<String, MatchOutcome> found) {
      List<String> leads = new ArrayList<>();
      List<ObjectNode> bodies = new ArrayList<>();
      String keyField = conn.fields().get("leadExternalId");
      found.forEach((lead, m) -> {
        Identity id = toMatch.get(lead);
        if (m.kind() == MatchOutcome.Kind.NOT_FOUND && (id.email() != null || id.phone() != null)) {
          ObjectNode body = conn.client().record("Lead");
          body.put(keyField, LeadKey.of(ws, lead));
          body.put("LastName", id.email() != null ? id.email() : id.phone());
          body.put("Company", "[Voice AI lead]");
          if (id.email() != null) {
            body.put("Email", id.email());
          }
          if (id.phone() != null) {
            body.put("Phone", id.phone());
          }
          body.put("LeadSource", "Phone Inquiry");
          leads.add(lead);
          bodies.add(body);
        }
      });
      Map<String, MatchOutcome> result = new HashMap<>(found);
      List<SaveResult> created = send("Lead", leads, bodies, b -> conn.client().upsert("Lead", keyField, b));
      for (int i = 0; i < leads.size(); i++) {
        if (created.get(i).success()) {
          result.put(leads.get(i), MatchOutcome.matched(Target.lead(created.get(i).id()), null));
        }
      }
      return result;
    }

    // ------------------------------------------------------------------ opt-outs

    /** DoNotCall / email opt-out before anything else, each audited: acknowledged, or no CRM record. */
    void optOutLane() {
      List<Item> optOuts = open.values().stream().filter(Item::isOptOut).toList();
      List<Item> toWrite = new ArrayList<>();
      List<ObjectNode> bodies = new ArrayList<>();
      for (Item i : optOuts) {
        MatchOutcome m = outcomes.get(i.leadId());
        if (m == null) {
          continue;
        }
        if (m.matched()) {
          toWrite.add(i);
          bodies.add(body(m.target(), conn.leadFields().optOut(i.state())));
        } else if (m.kind() == MatchOutcome.Kind.NOT_FOUND) {
          report.audits().add(new WriteReport.OptOutAudit(i, null, null, null, false));
        }
      }
      List<SaveResult> results = send(null, toWrite.stream().map(Item::leadId).toList(), bodies, conn.client()::update);
      Instant ack = clock.instant();
      for (int k = 0; k < toWrite.size(); k++) {
        Item i = toWrite.get(k);
        SaveResult r = results.get(k);
        Target t = outcomes.get(i.leadId()).target();
        if (r.success()) {
          report.audits().add(new WriteReport.OptOutAudit(i, t.objectType(), t.id(), ack, true));
          if (i.state().getOptedOutAt() != null) {
            metrics.optOutLatency(Duration.between(i.state().getOptedOutAt(), ack));
          }
        } else {
          recordFailure(i, r, t, "opt-out update refused: ");
        }
      }
    }

    // ------------------------------------------------------------------ budget

    /** Everything after the opt-outs waits while the org's allowance (minus the headroom) is spent. */
    void checkBudget() {
      if (!conn.budget().exhausted()) {
        return;
      }
      if (conn.budget().probeDue()) {
        call(() -> conn.client().limits());
        if (!conn.budget().exhausted()) {
          return;
        }
      }
      throw new WorkspaceFailureException(WorkspaceFailure.budgetExhausted(conn.budget().used(), conn.budget().max(),
          conn.budget().headroom()));
    }

    // ------------------------------------------------------------------ Tasks, Events, fields

    void tasks() {
      List<Item> calls = ofType(EntityType.CALL);
      Set<String> existing = db.callsWithTask(ws, calls.stream().map(Item::entityId).toList());
      List<Item> toWrite = new ArrayList<>();
      List<ObjectNode> bodies = new ArrayList<>();
      for (Item i : calls) {
        MatchOutcome m = outcomes.get(i.leadId());
        if (!m.matched()) {
          unmatched(i, m);
          continue;
        }
        ObjectNode task = conn.client().record("Task");
        conn.tasks().task(i.call(), m.target().id(), !existing.contains(i.entityId())).forEach((k, v) -> put(task, k, v));
        toWrite.add(i);
        bodies.add(task);
      }
      List<SaveResult> results = send("Task", toWrite.stream().map(Item::leadId).toList(), bodies,
          b -> conn.client().upsert("Task",
          conn.fields().get("taskExternalId"), b));
      for (int k = 0; k < toWrite.size(); k++) {
        Item i = toWrite.get(k);
        SaveResult r = results.get(k);
        Target t = outcomes.get(i.leadId()).target();
        if (r.success()) {
          report.taskIds().put(i.entityId(), r.id());
          written(i, entry(i, t.id(), r.id(), SyncEntry.SUCCESS, notes(i)));
          metrics.latency(Duration.between(i.call().getOccurredAt(), clock.instant()));
        } else {
          recordFailure(i, r, t, "");
        }
      }
      metrics.written("task", (int) results.stream().filter(SaveResult::success).count());
    }

    void events() {
      List<Item> toWrite = new ArrayList<>();
      List<ObjectNode> bodies = new ArrayList<>();
      for (Item i : ofType(EntityType.APPOINTMENT)) {
        MatchOutcome m = outcomes.get(i.leadId());
        Optional<String> invalid = EventMapper.invalidReason(i.appointment());
        if (invalid.isPresent()) {
          // Nothing can be written for it, now or later: logged, and the call's Task stands.
          done(i, entry(i, m.matched() ? m.target().id() : null, null, SyncEntry.ERROR,
              "invalid appointment: " + invalid.get()));
          continue;
        }
        if (!m.matched()) {
          unmatched(i, m);
          continue;
        }
        ObjectNode event = conn.client().record("Event");
        conn.events().event(i.appointment(), m.target().id()).forEach((k, v) -> put(event, k, v));
        toWrite.add(i);
        bodies.add(event);
      }
      List<SaveResult> results = send("Event", toWrite.stream().map(Item::leadId).toList(), bodies,
          b -> conn.client().upsert("Event",
          conn.fields().get("eventExternalId"), b));
      for (int k = 0; k < toWrite.size(); k++) {
        Item i = toWrite.get(k);
        SaveResult r = results.get(k);
        Target t = outcomes.get(i.leadId()).target();
        if (r.success()) {
          report.eventIds().put(i.entityId(), r.id());
          written(i, entry(i, t.id(), r.id(), SyncEntry.SUCCESS, notes(i)));
          metrics.latency(Duration.between(i.appointment().getBookedAt(), clock.instant()));
        } else {
          recordFailure(i, r, t, "");
        }
      }
      metrics.written("event", (int) results.stream().filter(SaveResult::success).count());
    }

    /** One update per Lead/Contact merging its state's and its score's fields. */
    void fields() {
      Map<String, Map<String, Object>> values = new LinkedHashMap<>();
      Map<String, List<Item>> itemsByLead = new LinkedHashMap<>();
      for (Item i : ofType(EntityType.LEAD)) {
        values.computeIfAbsent(i.leadId(), k -> new LinkedHashMap<>()).putAll(conn.leadFields().fromState(i.state()));
        itemsByLead.computeIfAbsent(i.leadId(), k -> new ArrayList<>()).add(i);
      }
      for (Item i : ofType(EntityType.ENGAGEMENT)) {
        values.computeIfAbsent(i.leadId(), k -> new LinkedHashMap<>())
            .putAll(conn.leadFields().engagement(i.score().getScore()));
        itemsByLead.computeIfAbsent(i.leadId(), k -> new ArrayList<>()).add(i);
      }
      List<String> leads = new ArrayList<>();
      List<ObjectNode> bodies = new ArrayList<>();
      for (var e : values.entrySet()) {
        MatchOutcome m = outcomes.get(e.getKey());
        if (!m.matched()) {
          itemsByLead.get(e.getKey()).forEach(i -> unmatched(i, m));
          continue;
        }
        leads.add(e.getKey());
        bodies.add(body(m.target(), e.getValue()));
      }
      List<SaveResult> results = send(null, leads, bodies, conn.client()::update);
      for (int k = 0; k < leads.size(); k++) {
        String lead = leads.get(k);
        SaveResult r = results.get(k);
        Target t = outcomes.get(lead).target();
        for (Item i : itemsByLead.get(lead)) {
          if (r.success()) {
            written(i, entry(i, t.id(), null, SyncEntry.SUCCESS, notes(i)));
            Instant at = i.type() == EntityType.LEAD ? i.state().getLastEventAt() : i.score().getAsOf();
            if (at != null) {
              metrics.latency(Duration.between(at, clock.instant()));
            }
          } else {
            recordFailure(i, r, t, "");
          }
        }
      }
      metrics.written("lead_fields", (int) results.stream().filter(SaveResult::success).count());
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends bodies in chunks of 200, made to fit the org first (clean text, field lengths), and returns
     * one result per body. Records failing with UNABLE_TO_LOCK_ROW are resubmitted with back-off; a
     * Task refused for its create-only TaskSubtype (it exists already) is resubmitted without it.
     * Whatever fails the whole request, or the org's setup, or throttles, fails the workspace.
     */
    List<SaveResult> send(String type, List<String> leadOfBody, List<ObjectNode> bodies,
                          Function<List<ObjectNode>, List<SaveResult>> request) {
      SaveResult[] results = new SaveResult[bodies.size()];
      for (int i = 0; i < bodies.size(); i++) {
        ObjectNode b = bodies.get(i);
        String objectType = type != null ? type : b.path("attributes").path("type").asString();
        List<String> fitted = conn.limits().fit(objectType, b);
        if (!fitted.isEmpty()) {
          notesByLead.computeIfAbsent(leadOfBody.get(i), k -> new ArrayList<>()).addAll(fitted);
        }
      }
      List<Integer> pending = new ArrayList<>();
      for (int i = 0; i < bodies.size(); i++) {
        pending.add(i);
      }
      for (int round = 0; !pending.isEmpty(); round++) {
        List<Integer> again = new ArrayList<>();
        for (int from = 0; from < pending.size(); from += SalesforceClient.MAX_COLLECTION) {
          List<Integer> chunk = pending.subList(from, Math.min(pending.size(), from + SalesforceClient.MAX_COLLECTION));
          List<SaveResult> answers = sendChunk(chunk.stream().map(bodies::get).toList(), request);
          for (int j = 0; j < chunk.size(); j++) {
            int index = chunk.get(j);
            SaveResult r = answers.get(j);
            results[index] = r;
            if (r.success()) {
              continue;
            }
            if (rejectedCreateOnlySubtype(r) && bodies.get(index).has("TaskSubtype")) {
              bodies.get(index).remove("TaskSubtype");
              again.add(index);
              continue;
            }
            WorkspaceFailure.ofRecord(r.errors()).ifPresent(f -> {
              throw new WorkspaceFailureException(f);
            });
            ErrorClass c = ErrorClassifier.ofRecord(r.errors());
            if (c == ErrorClass.RETRY || c == ErrorClass.REFRESH) {
              again.add(index);
            } else if (c == ErrorClass.THROTTLE) {
              throw new WorkspaceFailureException(WorkspaceFailure.of(
                  new SalesforceApiException("record", 503, r.errors())).orElseThrow());
            }
          }
        }
        if (!again.isEmpty() && round >= lockRetries) {
          throw new WorkspaceFailureException(new WorkspaceFailure(SyncState.THROTTLED,
              again.size() + " records still failing after " + round + " retries: " + results[again.get(0)].errorText()));
        }
        if (!again.isEmpty() && again.stream().anyMatch(i -> !rejectedCreateOnlySubtype(results[i]))) {
          sleep(lockBackoff.multipliedBy(1L << Math.min(round, 6)));
        }
        pending = again;
      }
      return List.of(results);
    }

    /**
     * One collections request. Refused as a whole for a reason that is neither the workspace's (throttle,
     * grant, setup, limit) nor transient, it is about its records: each is sent alone, so one poison
     * record fails alone and the others are written.
     */
    List<SaveResult> sendChunk(List<ObjectNode> chunk, Function<List<ObjectNode>, List<SaveResult>> request) {
      try {
        return request.apply(chunk);
      } catch (SalesforceApiException e) {
        if (WorkspaceFailure.of(e).isPresent() || e.errorClass() != ErrorClass.PARK) {
          throw failed(e);
        }
        if (chunk.size() == 1) {
          return List.of(new SaveResult(null, false, false, e.errors().isEmpty()
              ? List.of(SfError.of("HTTP_" + e.status(), e.getMessage())) : e.errors()));
        }
        List<SaveResult> results = new ArrayList<>();
        for (ObjectNode body : chunk) {
          results.addAll(sendChunk(List.of(body), request));
        }
        return results;
      }
    }

    /** A request's failure is the workspace's (throttled, grant, setup) unless it is about the request's records. */
    <T> T call(java.util.function.Supplier<T> request) {
      try {
        return request.get();
      } catch (SalesforceApiException e) {
        throw failed(e);
      }
    }

    WorkspaceFailureException failed(SalesforceApiException e) {
      if (e.hasCode("REQUEST_LIMIT_EXCEEDED")) {
        conn.budget().limitExceeded();
      }
      // Unclassified (an unexpected answer to a query, say): retried with back-off, never dropped.
      return new WorkspaceFailureException(WorkspaceFailure.of(e).orElseGet(() ->
          new WorkspaceFailure(SyncState.THROTTLED, e.getMessage())));
    }

    // ------------------------------------------------------------------ outcomes

    /** A record the org refused: relinked when its linked record was converted or deleted, else parked. */
    void recordFailure(Item i, SaveResult r, Target t, String prefix) {
      if (relinkable(r)) {
        // Forget the link; held for a moment, the drain matches the lead again (a converted Lead → its Contact).
        db.deleteLinks(ws, List.of(i.leadId()));
        pending(i, Pending.Reason.HELD, "relinking: " + r.errorText(), clock.instant(),
            entry(i, t.id(), null, SyncEntry.HELD, "relinking: " + r.errorText()));
        return;
      }
      String reason = r.errors().isEmpty() ? "salesforce_rejected" : r.errors().get(0).code();
      deadLetters.park(i.source(), reason, prefix + r.errorText());
      done(i, entry(i, t.id(), null, SyncEntry.ERROR, prefix + r.errorText()));
    }

    void unmatched(Item i, MatchOutcome m) {
      if (m.kind() == MatchOutcome.Kind.AMBIGUOUS) {
        String message = m.candidates().size() + " records match by " + m.strategy() + "; needs review";
        pending(i, Pending.Reason.AMBIGUOUS, message, null, entry(i, null, null, SyncEntry.AMBIGUOUS, message)
            .withCandidates(m.candidates().stream().map(Target::id).toList()));
      } else {
        pending(i, Pending.Reason.NOT_FOUND, "no Salesforce Lead or Contact matches",
            clock.instant().plus(rematchInterval),
            entry(i, null, null, SyncEntry.NOT_FOUND, "no Salesforce Lead or Contact matches"));
      }
    }

    void written(Item i, SyncEntry e) {
      report.written().add(i);
      done(i, e);
    }

    void done(Item i, SyncEntry e) {
      report.done().add(i);
      settle(i, e);
    }

    void pending(Item i, Pending.Reason reason, String detail, Instant retryAt, SyncEntry e) {
      report.pending().add(new Pending(i, reason, detail, retryAt));
      settle(i, e);
    }

    void settle(Item i, SyncEntry e) {
      open.remove(i.key());
      report.log().add(e);
    }

    /** Whatever is not settled waits in crm_pending, marked held, with the reason. */
    void holdOpen(String detail) {
      for (Item i : List.copyOf(open.values())) {
        pending(i, Pending.Reason.HELD, detail, null, entry(i, null, null, SyncEntry.HELD, detail));
      }
    }

    // ------------------------------------------------------------------ helpers

    List<Item> ofType(EntityType type) {
      return open.values().stream().filter(i -> i.type() == type).toList();
    }

    SyncEntry entry(Item i, String recordId, String crmActivityId, String status, String message) {
      Identity id = identities.getOrDefault(i.leadId(), new Identity(null, null));
      return switch (i.type()) {
        case CALL -> new SyncEntry(ws, "call", i.entityId(), i.leadId(), i.entityId(), recordId, crmActivityId, null,
            status, message, null, id.phone(), id.email());
        case APPOINTMENT -> new SyncEntry(ws, "appointment", i.entityId(), i.leadId(), i.appointment().getCallId(),
            recordId, null, crmActivityId, status, message, null, id.phone(), id.email());
        case LEAD, ENGAGEMENT -> new SyncEntry(ws, "lead", i.leadId(), i.leadId(), null, recordId, null, null, status,
            message, null, id.phone(), id.email());
      };
    }

    String notes(Item i) {
      List<String> notes = notesByLead.get(i.leadId());
      return notes == null || notes.isEmpty() ? null : String.join("; ", notes);
    }

    ObjectNode body(Target t, Map<String, Object> fields) {
      ObjectNode body = conn.client().record(t.objectType());
      body.put("Id", t.id());
      fields.forEach((k, v) -> put(body, k, v));
      return body;
    }
  }

  /** Text as JSON strings (so it can be cleaned and fitted to the org's lengths), anything else as it serialises. */
  private static void put(ObjectNode body, String field, Object value) {
    if (value instanceof String text) {
      body.put(field, text);
    } else {
      body.putPOJO(field, value);
    }
  }

  private static Identity merge(Identity fromBatch, Identity stored) {
    if (stored == null) {
      return fromBatch;
    }
    return new Identity(fromBatch.email() != null ? fromBatch.email() : stored.email(),
        fromBatch.phone() != null ? fromBatch.phone() : stored.phone());
  }

  /**
   * The linked record is gone for this lead: a converted Lead (CANNOT_UPDATE_CONVERTED_LEAD), a deleted
   * record, or a cross-reference error naming the link itself (WhoId / Id) — not one about another field.
   */
  static boolean relinkable(SaveResult r) {
    return r.errors().stream().anyMatch(e -> "CANNOT_UPDATE_CONVERTED_LEAD".equals(e.code())
        || "ENTITY_IS_DELETED".equals(e.code())
        || ("INVALID_CROSS_REFERENCE_KEY".equals(e.code())
            && (e.fields().contains("WhoId") || e.fields().contains("Id") || e.fields().isEmpty()
                && e.message() != null && e.message().toLowerCase(Locale.ROOT).contains("whoid"))));
  }

  private static boolean rejectedCreateOnlySubtype(SaveResult r) {
    return r != null && !r.success() && r.errors().stream().anyMatch(e -> "INVALID_FIELD_FOR_INSERT_UPDATE".equals(e.code())
        && (e.fields().contains("TaskSubtype") || e.message().contains("TaskSubtype")));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkspaceFailureException(new WorkspaceFailure(SyncState.THROTTLED,
          "interrupted"));
    }
  }

}
