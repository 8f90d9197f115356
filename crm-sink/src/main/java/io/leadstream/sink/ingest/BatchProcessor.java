package io.leadstream.sink.ingest;

import io.leadstream.schemas.crm.Appointment;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.sink.ingest.WorkspaceConnections.Connection;
import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.sink.leaddb.LeadDb;
import io.leadstream.sink.leaddb.LeadLink;
import io.leadstream.sink.leaddb.SyncEntry;
import io.leadstream.sink.matching.MatchOutcome;
import io.leadstream.sink.matching.SalesforceLookups;
import io.leadstream.sink.matching.Target;
import io.leadstream.sink.matching.TargetResolver;
import io.leadstream.sink.matching.TargetResolver.Identity;
import io.leadstream.sink.salesforce.ErrorClass;
import io.leadstream.sink.salesforce.ErrorClassifier;
import io.leadstream.sink.salesforce.SalesforceApiException;
import io.leadstream.sink.salesforce.SalesforceClient;
import io.leadstream.sink.salesforce.SaveResult;
import io.leadstream.sink.salesforce.SfError;
import io.leadstream.sink.summary.EventMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.node.ObjectNode;

/**
 * One batch of lead.state / lead.engagement / crm.activities records made durable: Postgres rows
 * upserted (never backwards), leads matched to Salesforce records (cached in crm_links), opt-outs
 * written first and audited, then Tasks, Events and Lead/Contact fields written with sObject
 * Collections, outcomes in sync_log. {@link #process} returns only when all of that is durable
 * (records Salesforce rejected as invalid parked in the DLQ); otherwise it throws
 * {@link RedeliverException} and the caller must not commit.
 */
public final class BatchProcessor {
  private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

  private final LeadDb db;
  private final ConnectionStore connectionStore;
  private final WorkspaceConnections connections;
  private final DeadLetters deadLetters;
  private final SinkMetrics metrics;
  private final Deserializer<LeadState> states;
  private final Deserializer<EngagementScore> scores;
  private final Deserializer<CrmActivity> activities;
  private final Duration retryPause;
  private final Duration throttlePause;
  private final int lockRetries;
  private final Duration lockBackoff;
  private final Clock clock;

  public BatchProcessor(LeadDb db, ConnectionStore connectionStore, WorkspaceConnections connections,
                        DeadLetters deadLetters, SinkMetrics metrics, Deserializer<LeadState> states,
                        Deserializer<EngagementScore> scores, Deserializer<CrmActivity> activities,
                        Duration retryPause, Duration throttlePause, int lockRetries, Duration lockBackoff,
                        Clock clock) {
    this.db = db;
    this.connectionStore = connectionStore;
    this.connections = connections;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.states = states;
    this.scores = scores;
    this.activities = activities;
    this.retryPause = retryPause;
    this.throttlePause = throttlePause;
    this.lockRetries = lockRetries;
    this.lockBackoff = lockBackoff;
    this.clock = clock;
  }

  /** A decoded record with the Kafka record it came from (for the DLQ). */
  record In<T>(T value, ConsumerRecord<String, byte[]> source) {
  }

  /** The newest value per key in the batch. */
  static final class Batch {
    final Map<List<String>, In<LeadState>> states = new LinkedHashMap<>();
    final Map<List<String>, In<EngagementScore>> scores = new LinkedHashMap<>();
    final Map<List<String>, In<CallActivity>> calls = new LinkedHashMap<>();
    final Map<List<String>, In<Appointment>> appointments = new LinkedHashMap<>();

    Set<String> workspaces() {
      Set<String> ws = new LinkedHashSet<>();
      states.keySet().forEach(k -> ws.add(k.get(0)));
      scores.keySet().forEach(k -> ws.add(k.get(0)));
      calls.keySet().forEach(k -> ws.add(k.get(0)));
      appointments.keySet().forEach(k -> ws.add(k.get(0)));
      return ws;
    }
  }

  public void process(List<ConsumerRecord<String, byte[]>> records) {
    try {
      Batch batch = decode(records);
      persist(batch);
      List<SyncEntry> log = new ArrayList<>();
      Map<String, Map<String, String>> taskIds = new HashMap<>();
      Map<String, Map<String, String>> eventIds = new HashMap<>();
      for (String ws : batch.workspaces()) {
        syncWorkspace(ws, batch, log, taskIds.computeIfAbsent(ws, k -> new HashMap<>()),
            eventIds.computeIfAbsent(ws, k -> new HashMap<>()));
      }
      Instant now = clock.instant();
      db.inTransaction(() -> {
        db.recordSync(log);
        taskIds.forEach(db::setTaskIds);
        eventIds.forEach(db::setEventIds);
        batch.workspaces().stream().filter(ws -> connections.forWorkspace(ws).isPresent())
            .forEach(ws -> connectionStore.touchLastSync(ws, now));
        return null;
      });
    } catch (DataAccessException e) {
      throw new RedeliverException("PostgreSQL unavailable: " + e.getMostSpecificCause().getMessage(), retryPause,
          false, e);
    } catch (SalesforceApiException e) {
      ErrorClass c = e.errorClass();
      boolean throttled = c == ErrorClass.THROTTLE;
      throw new RedeliverException("Salesforce " + e.operation() + ": HTTP " + e.status() + " " + e.errors(),
          throttled ? throttlePause : retryPause, throttled, e);
    }
  }

  // ---------------------------------------------------------------- decode and persist

  private Batch decode(List<ConsumerRecord<String, byte[]>> records) {
    Batch batch = new Batch();
    Map<String, Integer> perTopic = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      perTopic.merge(r.topic(), 1, Integer::sum);
      if (r.value() == null) {
        continue; // tombstone on a compacted topic: nothing to write
      }
      try {
        if (r.topic().equals(Topics.LEAD_STATE.name())) {
          LeadState s = states.deserialize(r.topic(), r.value());
          if (keyMatches(r, s.getWorkspaceId(), s.getLeadId())) {
            newest(batch.states, List.of(s.getWorkspaceId(), s.getLeadId()), new In<>(s, r), x -> x.getVersion());
          }
        } else if (r.topic().equals(Topics.LEAD_ENGAGEMENT.name())) {
          EngagementScore e = scores.deserialize(r.topic(), r.value());
          if (keyMatches(r, e.getWorkspaceId(), e.getLeadId())) {
            newest(batch.scores, List.of(e.getWorkspaceId(), e.getLeadId()), new In<>(e, r),
                x -> x.getAsOf().toEpochMilli());
          }
        } else if (r.topic().equals(Topics.CRM_ACTIVITIES.name())) {
          Object a = activities.deserialize(r.topic(), r.value()).getActivity();
          if (a instanceof CallActivity c && keyMatches(r, c.getWorkspaceId(), c.getLeadId())) {
            newest(batch.calls, List.of(c.getWorkspaceId(), c.getCallId()), new In<>(c, r), x -> (long) x.getRevision());
          } else if (a instanceof Appointment ap && keyMatches(r, ap.getWorkspaceId(), ap.getLeadId())) {
            newest(batch.appointments, List.of(ap.getWorkspaceId(), ap.getAppointmentId()), new In<>(ap, r),
                x -> x.getBookedAt().toEpochMilli());
          }
        }
      } catch (io.leadstream.schemas.serde.MalformedRecordException e) {
        deadLetters.park(r, "malformed_record", e.getMessage());
      } catch (io.leadstream.schemas.serde.UnknownSchemaException e) {
        deadLetters.park(r, "unknown_schema", e.getMessage());
      } catch (org.apache.kafka.common.errors.SerializationException e) {
        if (e.getCause() instanceof io.leadstream.schemas.registry.SchemaRegistryException) {
          // The registry did not answer: nothing wrong with the record, try the batch again later.
          throw new RedeliverException("schema registry unavailable: " + e.getMessage(), retryPause, false, e);
        }
        deadLetters.park(r, "incompatible_schema", e.getMessage());
      }
    }
    perTopic.forEach(metrics::consumed);
    return batch;
  }

  /**
   * SPEC §3: a lead-keyed record whose key is not {@code <workspaceId>/<leadId>} of its value is
   * parked, not written: applied, it could land on another workspace's lead.
   */
  private boolean keyMatches(ConsumerRecord<String, byte[]> r, String workspaceId, String leadId) {
    Optional<String> mismatch = LeadKey.mismatch(r.key(), workspaceId, leadId);
    mismatch.ifPresent(reason -> deadLetters.park(r, "key_mismatch", reason));
    return mismatch.isEmpty();
  }

  private static <T> void newest(Map<List<String>, In<T>> map, List<String> key, In<T> in, Function<T, Long> order) {
    map.merge(key, in, (old, neu) -> order.apply(neu.value()) >= order.apply(old.value()) ? neu : old);
  }

  /** Upserts all rows in one transaction and drops from the batch what is older than the stored row. */
  private void persist(Batch batch) {
    db.inTransaction(() -> {
      retainApplied(batch.states, db.upsertStates(values(batch.states)));
      retainApplied(batch.scores, db.upsertEngagement(values(batch.scores)));
      retainApplied(batch.calls, db.upsertCalls(values(batch.calls)));
      retainApplied(batch.appointments, db.upsertAppointments(values(batch.appointments)));
      return null;
    });
  }

  private static <T> List<T> values(Map<List<String>, In<T>> map) {
    return map.values().stream().map(In::value).toList();
  }

  private static <T> void retainApplied(Map<List<String>, In<T>> map, boolean[] applied) {
    int i = 0;
    for (var it = map.entrySet().iterator(); it.hasNext(); i++) {
      it.next();
      if (!applied[i]) {
        it.remove();
      }
    }
  }

  // ---------------------------------------------------------------- one workspace

  private void syncWorkspace(String ws, Batch batch, List<SyncEntry> log, Map<String, String> taskIds,
                             Map<String, String> eventIds) {
    List<In<LeadState>> wsStates = ofWorkspace(batch.states, ws);
    List<In<EngagementScore>> wsScores = ofWorkspace(batch.scores, ws);
    List<In<CallActivity>> wsCalls = ofWorkspace(batch.calls, ws);
    List<In<Appointment>> wsAppointments = ofWorkspace(batch.appointments, ws);
    Optional<Connection> maybe = connections.forWorkspace(ws);
    if (maybe.isEmpty()) {
      String msg = "workspace " + ws + " has no Salesforce connection";
      wsCalls.forEach(c -> log.add(callEntry(ws, c.value(), null, null, SyncEntry.ERROR, msg, null)));
      wsAppointments.forEach(a -> log.add(appointmentEntry(ws, a.value(), null, null, SyncEntry.ERROR, msg, null)));
      return;
    }
    Connection conn = maybe.get();
    checkBudget(conn);

    // Identities of every lead this batch touches: from its state here, else the activity, else the lead table.
    Map<String, Identity> identities = new LinkedHashMap<>();
    wsStates.forEach(s -> identities.put(s.value().getLeadId(),
        new Identity(s.value().getProfile().getEmail(), s.value().getProfile().getPhone())));
    wsCalls.forEach(c -> identities.putIfAbsent(c.value().getLeadId(), new Identity(c.value().getEmail(), c.value().getPhone())));
    wsAppointments.forEach(a -> identities.putIfAbsent(a.value().getLeadId(),
        new Identity(a.value().getEmail(), a.value().getPhone())));
    wsScores.forEach(e -> identities.putIfAbsent(e.value().getLeadId(), new Identity(null, null)));
    Map<String, Identity> stored = db.identities(ws, identities.keySet());
    identities.replaceAll((lead, id) -> merge(id, stored.get(lead)));

    Map<String, MatchOutcome> outcomes = resolve(conn, identities);

    // 1. Opt-out fast lane: DoNotCall / email opt-out before anything else, confirmed in optout_audit.
    List<In<LeadState>> optOuts = wsStates.stream()
        .filter(s -> !conn.leadFields().optOut(s.value()).isEmpty() && outcomes.get(s.value().getLeadId()).matched())
        .toList();
    Set<String> optOutFailed = new HashSet<>();
    if (!optOuts.isEmpty()) {
      List<ObjectNode> bodies = new ArrayList<>();
      for (In<LeadState> s : optOuts) {
        Target t = outcomes.get(s.value().getLeadId()).target();
        bodies.add(body(conn.client(), t, conn.leadFields().optOut(s.value())));
      }
      List<SaveResult> results = write(conn, bodies, conn.client()::update);
      Instant ack = clock.instant();
      for (int i = 0; i < optOuts.size(); i++) {
        In<LeadState> s = optOuts.get(i);
        Target t = outcomes.get(s.value().getLeadId()).target();
        if (results.get(i).success()) {
          db.auditOptOut(ws, s.value(), t.objectType(), t.id(), ack);
        } else {
          optOutFailed.add(s.value().getLeadId());
        }
      }
    }

    // 2. Tasks, upserted on the call id.
    Set<String> existingTasks = db.callsWithTask(ws, wsCalls.stream().map(c -> c.value().getCallId()).toList());
    List<In<CallActivity>> taskCalls = new ArrayList<>();
    List<ObjectNode> tasks = new ArrayList<>();
    for (In<CallActivity> c : wsCalls) {
      MatchOutcome m = outcomes.get(c.value().getLeadId());
      if (!m.matched()) {
        log.add(callEntry(ws, c.value(), null, null, status(m), message(m), m));
        continue;
      }
      taskCalls.add(c);
      ObjectNode task = conn.client().record("Task");
      conn.tasks().task(c.value(), m.target().id(), !existingTasks.contains(c.value().getCallId()))
          .forEach((k, v) -> task.putPOJO(k, v));
      tasks.add(task);
    }
    List<SaveResult> taskResults = write(conn, tasks,
        b -> conn.client().upsert("Task", conn.fields().get("taskExternalId"), b));
    for (int i = 0; i < taskCalls.size(); i++) {
      In<CallActivity> c = taskCalls.get(i);
      SaveResult r = taskResults.get(i);
      Target t = outcomes.get(c.value().getLeadId()).target();
      if (r.success()) {
        taskIds.put(c.value().getCallId(), r.id());
        log.add(callEntry(ws, c.value(), t.id(), r.id(), SyncEntry.SUCCESS, null, null));
        metrics.latency(Duration.between(c.value().getOccurredAt(), clock.instant()));
      } else {
        park(c.source(), r);
        log.add(callEntry(ws, c.value(), t.id(), null, SyncEntry.ERROR, r.errorText(), null));
      }
    }
    metrics.written("task", (int) taskResults.stream().filter(SaveResult::success).count());

    // 3. Events, upserted on the appointment id; an invalid appointment is logged, its call's Task stands.
    List<In<Appointment>> eventAppointments = new ArrayList<>();
    List<ObjectNode> events = new ArrayList<>();
    for (In<Appointment> a : wsAppointments) {
      MatchOutcome m = outcomes.get(a.value().getLeadId());
      Optional<String> invalid = EventMapper.invalidReason(a.value());
      if (invalid.isPresent()) {
        log.add(appointmentEntry(ws, a.value(), m.matched() ? m.target().id() : null, null, SyncEntry.ERROR,
            "invalid appointment: " + invalid.get(), null));
        continue;
      }
      if (!m.matched()) {
        log.add(appointmentEntry(ws, a.value(), null, null, status(m), message(m), m));
        continue;
      }
      eventAppointments.add(a);
      ObjectNode event = conn.client().record("Event");
      conn.events().event(a.value(), m.target().id()).forEach((k, v) -> event.putPOJO(k, v));
      events.add(event);
    }
    List<SaveResult> eventResults = write(conn, events,
        b -> conn.client().upsert("Event", conn.fields().get("eventExternalId"), b));
    for (int i = 0; i < eventAppointments.size(); i++) {
      In<Appointment> a = eventAppointments.get(i);
      SaveResult r = eventResults.get(i);
      Target t = outcomes.get(a.value().getLeadId()).target();
      if (r.success()) {
        eventIds.put(a.value().getAppointmentId(), r.id());
        log.add(appointmentEntry(ws, a.value(), t.id(), r.id(), SyncEntry.SUCCESS, null, null));
        metrics.latency(Duration.between(a.value().getBookedAt(), clock.instant()));
      } else {
        park(a.source(), r);
        log.add(appointmentEntry(ws, a.value(), t.id(), null, SyncEntry.ERROR, r.errorText(), null));
      }
    }
    metrics.written("event", (int) eventResults.stream().filter(SaveResult::success).count());

    // 4. Lead/Contact fields: one update per target merging its state and engagement.
    Map<String, Map<String, Object>> fieldsByLead = new LinkedHashMap<>();
    Map<String, List<ConsumerRecord<String, byte[]>>> sourcesByLead = new HashMap<>();
    Map<String, Instant> occurredByLead = new HashMap<>();
    for (In<LeadState> s : wsStates) {
      String lead = s.value().getLeadId();
      fieldsByLead.computeIfAbsent(lead, k -> new LinkedHashMap<>()).putAll(conn.leadFields().fromState(s.value()));
      sourcesByLead.computeIfAbsent(lead, k -> new ArrayList<>()).add(s.source());
      if (s.value().getLastEventAt() != null) {
        occurredByLead.put(lead, s.value().getLastEventAt());
      }
    }
    for (In<EngagementScore> e : wsScores) {
      String lead = e.value().getLeadId();
      fieldsByLead.computeIfAbsent(lead, k -> new LinkedHashMap<>()).putAll(conn.leadFields().engagement(e.value().getScore()));
      sourcesByLead.computeIfAbsent(lead, k -> new ArrayList<>()).add(e.source());
      occurredByLead.putIfAbsent(lead, e.value().getAsOf());
    }
    List<String> updateLeads = new ArrayList<>();
    List<ObjectNode> updates = new ArrayList<>();
    for (var e : fieldsByLead.entrySet()) {
      MatchOutcome m = outcomes.get(e.getKey());
      Identity id = identities.get(e.getKey());
      if (!m.matched()) {
        log.add(new SyncEntry(ws, "lead", e.getKey(), e.getKey(), null, null, null, null, status(m), message(m),
            candidates(m), id.phone(), id.email()));
        continue;
      }
      updateLeads.add(e.getKey());
      updates.add(body(conn.client(), m.target(), e.getValue()));
    }
    List<SaveResult> updateResults = write(conn, updates, conn.client()::update);
    for (int i = 0; i < updateLeads.size(); i++) {
      String lead = updateLeads.get(i);
      SaveResult r = updateResults.get(i);
      Identity id = identities.get(lead);
      Target t = outcomes.get(lead).target();
      if (r.success() && !optOutFailed.contains(lead)) {
        log.add(new SyncEntry(ws, "lead", lead, lead, null, t.id(), null, null, SyncEntry.SUCCESS, null, null,
            id.phone(), id.email()));
        Optional.ofNullable(occurredByLead.get(lead)).ifPresent(at -> metrics.latency(Duration.between(at, clock.instant())));
      } else {
        sourcesByLead.get(lead).forEach(src -> park(src, r));
        log.add(new SyncEntry(ws, "lead", lead, lead, null, t.id(), null, null, SyncEntry.ERROR,
            r.success() ? "opt-out update failed" : r.errorText(), null, id.phone(), id.email()));
      }
    }
    metrics.written("lead_fields", (int) updateResults.stream().filter(SaveResult::success).count());
  }

  private static <T> List<In<T>> ofWorkspace(Map<List<String>, In<T>> map, String ws) {
    return map.entrySet().stream().filter(e -> e.getKey().get(0).equals(ws)).map(Map.Entry::getValue).toList();
  }

  private static Identity merge(Identity fromBatch, Identity stored) {
    if (stored == null) {
      return fromBatch;
    }
    return new Identity(fromBatch.email() != null ? fromBatch.email() : stored.email(),
        fromBatch.phone() != null ? fromBatch.phone() : stored.phone());
  }

  /** Pauses (slows down) while the org's usage is inside the headroom; probes usage once per interval. */
  private void checkBudget(Connection conn) {
    if (!conn.budget().exhausted()) {
      return;
    }
    if (conn.budget().probeDue()) {
      conn.client().limits();
      if (!conn.budget().exhausted()) {
        return;
      }
    }
    throw new RedeliverException("API budget of workspace " + conn.workspaceId() + " reached ("
        + conn.budget().used() + "/" + conn.budget().max() + ", headroom " + conn.budget().headroom() + ")",
        throttlePause, true, null);
  }

  // ---------------------------------------------------------------- matching

  private Map<String, MatchOutcome> resolve(Connection conn, Map<String, Identity> identities) {
    String ws = conn.workspaceId();
    Map<String, LeadLink> links = db.links(ws, identities.keySet());
    Map<String, MatchOutcome> outcomes = new HashMap<>();
    Map<String, Identity> open = new LinkedHashMap<>();
    identities.forEach((lead, id) -> {
      LeadLink link = links.get(lead);
      if (link != null) {
        outcomes.put(lead, MatchOutcome.matched(new Target(link.salesforceObject(), link.salesforceId()), null));
      } else {
        open.put(lead, id);
      }
    });
    if (!open.isEmpty()) {
      Map<String, MatchOutcome> found = new TargetResolver(new SalesforceLookups(conn.client()), conn.matchOrder())
          .resolve(open);
      if (conn.createMissingLeads()) {
        found = createMissing(conn, open, found);
      }
      List<LeadLink> newLinks = new ArrayList<>();
      found.forEach((lead, m) -> {
        metrics.match(m.kind() == MatchOutcome.Kind.MATCHED ? "matched" : m.kind() == MatchOutcome.Kind.AMBIGUOUS
            ? "ambiguous" : "not_found");
        if (m.matched()) {
          newLinks.add(new LeadLink(lead, m.target().objectType(), m.target().id(),
              m.strategy() == null ? "created" : m.strategy().name()));
        }
      });
      db.saveLinks(ws, newLinks);
      outcomes.putAll(found);
    }
    return outcomes;
  }

  private Map<String, MatchOutcome> createMissing(Connection conn, Map<String, Identity> open,
                                                  Map<String, MatchOutcome> found) {
    List<String> leads = new ArrayList<>();
    List<ObjectNode> bodies = new ArrayList<>();
    found.forEach((lead, m) -> {
      Identity id = open.get(lead);
      if (m.kind() == MatchOutcome.Kind.NOT_FOUND && (id.email() != null || id.phone() != null)) {
        ObjectNode body = conn.client().record("Lead");
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
    List<SaveResult> created = write(conn, bodies, conn.client()::create);
    for (int i = 0; i < leads.size(); i++) {
      if (created.get(i).success()) {
        result.put(leads.get(i), MatchOutcome.matched(Target.lead(created.get(i).id()), null));
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- writing with per-record classification

  private interface CollectionCall extends Function<List<ObjectNode>, List<SaveResult>> {
  }

  /**
   * Writes bodies in chunks of 200 and returns one result per body. Records failing with
   * UNABLE_TO_LOCK_ROW are resubmitted with backoff; a Task rejected for its create-only
   * TaskSubtype (it exists already) is resubmitted without it; throttling, relinking and exhausted
   * retries redeliver the batch; what is left failed is a validation error for the caller to park.
   */
  private List<SaveResult> write(Connection conn, List<ObjectNode> bodies, CollectionCall call) {
    SaveResult[] results = new SaveResult[bodies.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      pending.add(i);
    }
    for (int round = 0; !pending.isEmpty(); round++) {
      List<Integer> again = new ArrayList<>();
      for (int from = 0; from < pending.size(); from += SalesforceClient.MAX_COLLECTION) {
        List<Integer> chunk = pending.subList(from, Math.min(pending.size(), from + SalesforceClient.MAX_COLLECTION));
        List<SaveResult> answers = sendChunk(conn, bodies, chunk, call);
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
          ErrorClass c = ErrorClassifier.ofRecord(r.errors());
          if (c == ErrorClass.RETRY || c == ErrorClass.REFRESH) {
            again.add(index);
          } else if (c == ErrorClass.THROTTLE) {
            throw new RedeliverException("Salesforce throttled a record: " + r.errorText(), throttlePause, true, null);
          } else if (c == ErrorClass.RELINK) {
            relink(conn, bodies.get(index));
            throw new RedeliverException("linked record gone or converted: " + r.errorText(), retryPause, false, null);
          }
        }
      }
      if (!again.isEmpty() && round >= lockRetries) {
        throw new RedeliverException(again.size() + " records still failing after " + round + " retries: "
            + results[again.get(0)].errorText(), retryPause, false, null);
      }
      if (!again.isEmpty() && again.stream().anyMatch(i -> !rejectedCreateOnlySubtype(results[i]))) {
        sleep(lockBackoff.multipliedBy(1L << Math.min(round, 6)));
      }
      pending = again;
    }
    return List.of(results);
  }

  private List<SaveResult> sendChunk(Connection conn, List<ObjectNode> bodies, List<Integer> chunk, CollectionCall call) {
    List<ObjectNode> payload = chunk.stream().map(bodies::get).toList();
    try {
      return call.apply(payload);
    } catch (SalesforceApiException e) {
      if (e.hasCode("REQUEST_LIMIT_EXCEEDED")) {
        conn.budget().limitExceeded();
      }
      if (e.errorClass() != ErrorClass.PARK) {
        throw e;
      }
      // The request as a whole was refused as invalid: every record in it carries that error.
      SaveResult failed = new SaveResult(null, false, false, e.errors().isEmpty()
          ? List.of(SfError.of("HTTP_" + e.status(), e.getMessage())) : e.errors());
      return chunk.stream().map(i -> failed).toList();
    }
  }

  private void relink(Connection conn, ObjectNode body) {
    String who = body.has("WhoId") ? body.path("WhoId").asString() : body.path("Id").asString("");
    // Forget every lead linked to this record; the redelivered batch matches them again.
    db.deleteLinksTo(conn.workspaceId(), who);
  }

  private static boolean rejectedCreateOnlySubtype(SaveResult r) {
    return r != null && !r.success() && r.errors().stream().anyMatch(e -> "INVALID_FIELD_FOR_INSERT_UPDATE".equals(e.code())
        && (e.fields().contains("TaskSubtype") || e.message().contains("TaskSubtype")));
  }

  private void park(ConsumerRecord<String, byte[]> source, SaveResult r) {
    String reason = r.errors().isEmpty() ? "salesforce_rejected" : r.errors().get(0).code();
    deadLetters.park(source, reason, r.errorText());
  }

  private static ObjectNode body(SalesforceClient client, Target t, Map<String, Object> fields) {
    ObjectNode body = client.record(t.objectType());
    body.put("Id", t.id());
    fields.forEach(body::putPOJO);
    return body;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedeliverException("interrupted", Duration.ZERO, false, e);
    }
  }

  // ---------------------------------------------------------------- sync_log rows

  private static String status(MatchOutcome m) {
    return m.kind() == MatchOutcome.Kind.AMBIGUOUS ? SyncEntry.AMBIGUOUS : SyncEntry.NOT_FOUND;
  }

  private static String message(MatchOutcome m) {
    return m.kind() == MatchOutcome.Kind.AMBIGUOUS
        ? m.candidates().size() + " records match by " + m.strategy() + "; needs review"
        : "no Salesforce Lead or Contact matches";
  }

  private static List<String> candidates(MatchOutcome m) {
    return m == null || m.candidates().isEmpty() || m.matched() ? null
        : m.candidates().stream().map(Target::id).toList();
  }

  private static SyncEntry callEntry(String ws, CallActivity c, String recordId, String taskId, String status,
                                     String error, MatchOutcome m) {
    return new SyncEntry(ws, "call", c.getCallId(), c.getLeadId(), c.getCallId(), recordId, taskId, null, status,
        error, candidates(m), c.getPhone(), c.getEmail());
  }

  private static SyncEntry appointmentEntry(String ws, Appointment a, String recordId, String eventId, String status,
                                            String error, MatchOutcome m) {
    return new SyncEntry(ws, "appointment", a.getAppointmentId(), a.getLeadId(), a.getCallId(), recordId, null,
        eventId, status, error, candidates(m), a.getPhone(), a.getEmail());
  }
}
