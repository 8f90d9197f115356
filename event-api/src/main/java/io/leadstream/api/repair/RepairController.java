package io.leadstream.api.repair;

import io.leadstream.access.OperatorOnly;
import io.leadstream.api.ApiProperties;
import io.leadstream.api.ingest.JsonFields;
import io.leadstream.api.ingest.RequestJson;
import io.leadstream.api.repair.DeadLetter.PartitionOffset;
import io.leadstream.api.web.ApiException;
import io.leadstream.api.web.FieldError;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.schemas.json.AvroJson;
import io.leadstream.schemas.serde.AvroDeserializer;
import io.leadstream.schemas.serde.WireFormat;
import io.leadstream.schemas.topic.LeadKey;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Operators repair, not re-run (SPEC §8): the dead-letter queues listed, inspected and replayed by
 * workspace, reason and time once the cause is fixed; the review queue of ambiguous matches resolved
 * by choosing the record; {@code not_found} leads re-matched now. Part of the admin API (operator key).
 * Every workspace endpoint reads and changes the path's workspace only.
 */
@RestController
@OperatorOnly
@RequestMapping(path = "/admin/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class RepairController {
  private static final Logger log = LoggerFactory.getLogger(RepairController.class);
  private static final int LIST_MAX = 1_000;
  private static final int REPLAY_OFFSETS_MAX = 1_000;
  private static final int SKIPPED_LISTED_MAX = 1_000;

  private final DeadLetterReader reader;
  private final DeadLetterReplayer replayer;
  private final AvroDeserializer<Object> avro;
  private final ReviewQueue reviews;
  private final PendingRecords pending;
  private final WorkspaceStore workspaces;
  private final RequestJson json;
  private final int replayMax;

  public RepairController(DeadLetterReader reader, DeadLetterReplayer replayer, AvroDeserializer<Object> avro,
                          ReviewQueue reviews, PendingRecords pending, WorkspaceStore workspaces, RequestJson json,
                          ApiProperties props) {
    this.reader = reader;
    this.replayer = replayer;
    this.avro = avro;
    this.reviews = reviews;
    this.pending = pending;
    this.workspaces = workspaces;
    this.json = json;
    this.replayMax = props.getRepair().getReplayMax();
  }

  // ------------------------------------------------------------------ dead-letter queues

  @Operation(summary = "List dead letters", description = "Query: topic (crm-sink.dlq.v1 | voice.events.dlq.v1, "
      + "required), workspace (the key's workspace), reason (error.reason; stream-app's error.stage), since and "
      + "until (ISO-8601, when parked; until exclusive), limit (1-1000, default 100). Newest first; a bounded scan "
      + "by an assigned consumer (no group, nothing committed): complete=false when it stopped before covering "
      + "the window or more records matched than the limit.")
  @GetMapping("/dlq")
  public Map<String, Object> listDeadLetters(HttpServletRequest request) {
    List<FieldError> errors = new ArrayList<>();
    Query q = new Query(request, errors);
    q.onlyKnown(Set.of("topic", "workspace", "reason", "since", "until", "limit"));
    String topic = q.topic();
    DeadLetterFilter filter = q.filter();
    int limit = q.limit();
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    DeadLetterReader.Scan scan = reader.newest(topic, filter.since(), filter.until(), limit,
        chunk -> chunk.stream().filter(filter::matches).toList());
    Map<PartitionOffset, Instant> replayed = replayer.replayedAt(topic, scan.records());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("topic", topic);
    answer.put("count", scan.records().size());
    answer.put("complete", scan.complete());
    answer.put("scanned", scan.scanned());
    answer.put("records", scan.records().stream().map(d -> summary(d, replayed.get(d.position()))).toList());
    return answer;
  }

  @Operation(summary = "One dead letter", description = "Every header, and the value decoded to JSON when it is "
      + "Avro in the Confluent wire format of a schema the registry knows; otherwise base64 (valueError says why).")
  @GetMapping("/dlq/{topic}/{partition}/{offset}")
  public Map<String, Object> getDeadLetter(@PathVariable String topic, @PathVariable String partition,
                                           @PathVariable String offset) {
    List<FieldError> errors = new ArrayList<>();
    if (!DeadLetterTopics.known(topic)) {
      errors.add(new FieldError("topic", "must be one of " + DeadLetterTopics.NAMES));
    }
    Integer p = parseInt(partition);
    if (p == null) {
      errors.add(new FieldError("partition", "must be an integer from 0"));
    }
    Long o = parseLong(offset);
    if (o == null) {
      errors.add(new FieldError("offset", "must be an integer from 0"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    DeadLetter d = reader.read(topic, p, o).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
        "No record at " + topic + "/" + p + "/" + o + " (never written, expired or aborted)."));
    Map<String, Object> answer = summary(d, replayer.replayedAt(topic, List.of(d)).get(d.position()));
    answer.put("headers", d.headers().stream().map(RepairController::header).toList());
    answer.putAll(value(d));
    return answer;
  }

  @Operation(summary = "Replay dead letters", description = "Body {topic, workspace?, reason?, since?, until?, "
      + "offsets?: [{partition, offset}], dryRun?, force?}. Each matching record is re-produced to its "
      + "error.source.topic (only a topic its service reads) with its original key, value and headers minus "
      + "error.* (and kafka_dlt-*), plus leadstream.replayed-from: <dlq>/<partition>/<offset>; acks=all, "
      + "idempotent. Oldest first. Records replayed before are skipped unless force. dryRun lists what would be "
      + "replayed. At most leadstream.api.repair.replay-max records per call: complete=false means run it again.")
  @PostMapping(path = "/dlq/replay", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> replay(@RequestBody(required = false) byte[] body) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(json.object(body), "", errors);
    f.onlyKnown(Set.of("topic", "workspace", "reason", "since", "until", "offsets", "dryRun", "force"));
    String topic = f.oneOf("topic", DeadLetterTopics.NAMES, true);
    String workspace = f.string("workspace", 63, false);
    if (workspace != null && !LeadKey.validWorkspaceId(workspace)) {
      f.error("workspace", "must be a workspace id (" + LeadKey.WORKSPACE_ID.pattern() + ")");
    }
    String reason = f.string("reason", 200, false);
    Instant since = f.instant("since", false);
    Instant until = f.instant("until", false);
    if (since != null && until != null && !since.isBefore(until)) {
      f.error("until", "must be after since");
    }
    List<PartitionOffset> offsets = offsets(f);
    boolean dryRun = Boolean.TRUE.equals(f.bool("dryRun", false));
    boolean force = Boolean.TRUE.equals(f.bool("force", false));
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    DeadLetterFilter filter = new DeadLetterFilter(workspace, reason, since, until);
    Selection selection = offsets != null ? byOffsets(topic, offsets, filter, force)
        : byFilter(topic, filter, force);

    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("topic", topic);
    answer.put("dryRun", dryRun);
    answer.put("force", force);
    if (dryRun) {
      answer.put("count", selection.chosen.size());
      answer.put("records", selection.chosen.stream().map(RepairController::replayView).toList());
      answer.put("failed", List.of());
    } else {
      DeadLetterReplayer.Result result = replayer.replay(topic, selection.chosen, force);
      result.alreadyReplayed().forEach(d -> selection.already(d, "already replayed (by a concurrent replay)"));
      answer.put("count", result.replayed().size());
      answer.put("records", result.replayed().stream().map(r -> {
        Map<String, Object> m = replayView(r.letter());
        m.put("replayedTo", Map.of("topic", r.topic(), "partition", r.partition(), "offset", r.offset()));
        return m;
      }).toList());
      answer.put("failed", result.failed().stream().map(x -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partition", x.letter().partition());
        m.put("offset", x.letter().offset());
        m.put("error", x.error());
        return m;
      }).toList());
      log.info("Operator replayed {} records of {} (workspace {}, reason {}, since {}, until {}, offsets {}, force {}); "
          + "{} failed", result.replayed().size(), topic, workspace, reason, since, until,
          offsets == null ? "-" : offsets.size(), force, result.failed().size());
    }
    answer.put("alreadyReplayed", selection.alreadyReplayed);
    answer.put("skipped", selection.skipped);
    answer.put("complete", selection.complete);
    return answer;
  }

  /** What a replay request selected: the records to replay (oldest first), and what it left out and why. */
  private static final class Selection {
    List<DeadLetter> chosen = new ArrayList<>();
    final List<Map<String, Object>> skipped = new ArrayList<>();
    long alreadyReplayed;
    boolean complete = true;

    void skip(PartitionOffset place, String why) {
      if (skipped.size() < SKIPPED_LISTED_MAX) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partition", place.partition());
        m.put("offset", place.offset());
        m.put("why", why);
        skipped.add(m);
      }
    }

    void already(DeadLetter d, String why) {
      alreadyReplayed++;
      skip(d.position(), why);
    }
  }

  /** The records at these places that match the filter and can be replayed, each once unless forced. */
  private Selection byOffsets(String topic, List<PartitionOffset> offsets, DeadLetterFilter filter, boolean force) {
    Selection selection = new Selection();
    Map<PartitionOffset, DeadLetter> found = reader.read(topic, offsets);
    List<DeadLetter> candidates = new ArrayList<>();
    for (PartitionOffset place : new TreeSet<>(offsets)) {
      DeadLetter d = found.get(place);
      if (d == null) {
        selection.skip(place, "no such record");
      } else if (!filter.matches(d)) {
        selection.skip(place, "does not match workspace, reason, since or until");
      } else if (!DeadLetterTopics.replayableTo(topic, d.sourceTopic())) {
        selection.skip(place, unreplayable(topic, d));
      } else {
        candidates.add(d);
      }
    }
    Map<PartitionOffset, Instant> before = force ? Map.of() : replayer.replayedAt(topic, candidates);
    for (DeadLetter d : candidates) {
      if (before.containsKey(d.position())) {
        selection.already(d, "already replayed at " + before.get(d.position()) + " (force to replay again)");
      } else {
        selection.chosen.add(d);
      }
    }
    selection.chosen.sort(Comparator.comparing(DeadLetter::timestamp).thenComparing(DeadLetter::position));
    if (selection.chosen.size() > replayMax) {
      selection.chosen = new ArrayList<>(selection.chosen.subList(0, replayMax));
      selection.complete = false;
    }
    return selection;
  }

  /**
   * The oldest records of the filter's window that can be replayed and were not (unless forced), at most
   * replay-max; records replayed before are left out during the scan, so a rerun continues where one stopped.
   */
  private Selection byFilter(String topic, DeadLetterFilter filter, boolean force) {
    Selection selection = new Selection();
    DeadLetterReader.Scan scan = reader.oldest(topic, filter.since(), filter.until(), replayMax, chunk -> {
      List<DeadLetter> replayable = new ArrayList<>();
      for (DeadLetter d : chunk) {
        if (!filter.matches(d)) {
          continue;
        }
        if (DeadLetterTopics.replayableTo(topic, d.sourceTopic())) {
          replayable.add(d);
        } else {
          selection.skip(d.position(), unreplayable(topic, d));
        }
      }
      if (force) {
        return replayable;
      }
      Map<PartitionOffset, Instant> before = replayer.replayedAt(topic, replayable);
      selection.alreadyReplayed += before.size();
      return replayable.stream().filter(d -> !before.containsKey(d.position())).toList();
    });
    selection.chosen = new ArrayList<>(scan.records());
    selection.complete = scan.complete();
    return selection;
  }

  // ------------------------------------------------------------------ review queue, re-match

  @Operation(summary = "A workspace's review queue", description = "Open ambiguous matches, oldest first: lead, "
      + "entity (lead, call or appointment), the candidate record ids, since (when last found ambiguous). "
      + "Query: limit (1-1000, default 100); open counts them all.")
  @GetMapping("/workspaces/{workspaceId}/review")
  public Map<String, Object> review(@PathVariable String workspaceId, HttpServletRequest request) {
    List<FieldError> errors = new ArrayList<>();
    Query q = new Query(request, errors);
    q.onlyKnown(Set.of("limit"));
    int limit = q.limit();
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    requireWorkspace(workspaceId);
    ReviewQueue.Page page = reviews.open(workspaceId, limit);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workspaceId", workspaceId);
    answer.put("open", page.open());
    answer.put("items", page.items().stream().map(i -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("leadId", i.leadId());
      m.put("entityType", i.entityType());
      m.put("entityId", i.entityId());
      m.put("callId", i.callId());
      m.put("candidates", i.candidates());
      m.put("since", i.since());
      m.put("email", i.email());
      m.put("phone", i.phone());
      m.put("detail", i.detail());
      return m;
    }).toList());
    return answer;
  }

  @Operation(summary = "Resolve a lead's ambiguous match", description = "Body {recordId}: one of the lead's "
      + "candidates (a 15-character id names the 18-character one it begins), else 400 naming recordId. Writes the "
      + "link (Lead for 00Q…, Contact for 003…), closes the lead's open reviews and re-queues its waiting entities "
      + "(held, due now) so crm-sink writes its missed Tasks and Events — in one transaction. 404 when the lead "
      + "has no open review.")
  @PostMapping(path = "/workspaces/{workspaceId}/review/{leadId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> resolve(@PathVariable String workspaceId, @PathVariable String leadId,
                                     @RequestBody(required = false) byte[] body) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(json.object(body), "", errors);
    f.onlyKnown(Set.of("recordId"));
    String recordId = f.string("recordId", 18, true);
    if (recordId != null && !SalesforceIds.wellFormed(recordId)) {
      f.error("recordId", "must be a Salesforce record id (15 or 18 letters and digits)");
    }
    checkLeadId(leadId, errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    requireWorkspace(workspaceId);
    ReviewQueue.Resolution r = reviews.resolve(workspaceId, leadId, recordId);
    switch (r.outcome()) {
      case NO_OPEN_REVIEW -> throw new ApiException(HttpStatus.NOT_FOUND,
          "Lead " + leadId + " of workspace " + workspaceId + " has no open review.");
      case NOT_A_CANDIDATE -> throw ApiException.invalid("recordId",
          "is not one of the lead's candidates " + r.candidates());
      case NOT_A_LEAD_OR_CONTACT -> throw ApiException.invalid("recordId",
          "is neither a Lead (00Q…) nor a Contact (003…)");
      case RESOLVED -> {
      }
    }
    log.info("Operator linked lead {} of workspace {} to {} {}: {} reviews resolved, {} records re-queued", leadId,
        workspaceId, r.salesforceObject(), r.recordId(), r.resolvedReviews(), r.requeued());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workspaceId", workspaceId);
    answer.put("leadId", leadId);
    answer.put("recordId", r.recordId());
    answer.put("salesforceObject", r.salesforceObject());
    answer.put("resolvedReviews", r.resolvedReviews());
    answer.put("requeued", r.requeued());
    return answer;
  }

  @Operation(summary = "Re-match not_found leads now", description = "Optional body {leadIds: […]} (all the "
      + "workspace's not_found leads without it): their waiting entities become due, so crm-sink matches them "
      + "again on its next pass (e.g. after the records were created in the CRM). Answers how many.")
  @PostMapping("/workspaces/{workspaceId}/rematch")
  public Map<String, Object> rematch(@PathVariable String workspaceId, @RequestBody(required = false) byte[] body) {
    List<String> leadIds = null;
    if (body != null && body.length > 0) {
      List<FieldError> errors = new ArrayList<>();
      JsonFields f = new JsonFields(json.object(body), "", errors);
      f.onlyKnown(Set.of("leadIds"));
      leadIds = f.strings("leadIds", LIST_MAX, LeadKey.MAX_LEAD_ID_LENGTH);
      if (leadIds != null && leadIds.isEmpty()) {
        f.error("leadIds", "needs at least one lead id (leave it out to re-match every not_found lead)");
      }
      if (!errors.isEmpty()) {
        throw ApiException.invalid(errors);
      }
    }
    requireWorkspace(workspaceId);
    PendingRecords.Rematch r = pending.rematch(workspaceId, leadIds);
    log.info("Operator re-matched {} not_found records of {} leads of workspace {}", r.entities(), r.leads(),
        workspaceId);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workspaceId", workspaceId);
    answer.put("rematched", r.entities());
    answer.put("leads", r.leads());
    return answer;
  }

  // ------------------------------------------------------------------ views

  private static Map<String, Object> summary(DeadLetter d, Instant replayedAt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("partition", d.partition());
    m.put("offset", d.offset());
    m.put("timestamp", d.timestamp());
    String key = d.keyText();
    m.put("key", key);
    if (key == null && d.key() != null) {
      m.put("keyBase64", Base64.getEncoder().encodeToString(d.key()));
    }
    m.put("workspace", d.workspace());
    m.put("reason", d.reason());
    m.put("message", d.message());
    m.put("sourceTopic", d.sourceTopic());
    m.put("sourcePartition", d.sourcePartition());
    m.put("sourceOffset", d.sourceOffset());
    m.put("replayed", replayedAt != null);
    m.put("replayedAt", replayedAt);
    return m;
  }

  /** A record in a replay's answer: what was (or would be) replayed, without the listing's replayed flags. */
  private static Map<String, Object> replayView(DeadLetter d) {
    Map<String, Object> m = summary(d, null);
    m.remove("replayed");
    m.remove("replayedAt");
    return m;
  }

  private static Map<String, Object> header(Header h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", h.key());
    String text = DeadLetter.utf8(h.value());
    if (text != null || h.value() == null) {
      m.put("value", text);
    } else {
      m.put("valueBase64", Base64.getEncoder().encodeToString(h.value()));
    }
    return m;
  }

  /** The value as JSON when it is Confluent wire-format Avro of a schema the registry has, else base64. */
  private Map<String, Object> value(DeadLetter d) {
    Map<String, Object> m = new LinkedHashMap<>();
    byte[] bytes = d.value();
    if (bytes == null) {
      m.put("valueFormat", "null");
      m.put("value", null);
      return m;
    }
    String error;
    try {
      int schemaId = WireFormat.schemaId(d.topic(), bytes);
      Object datum = avro.deserialize(d.topic(), bytes);
      if (datum instanceof IndexedRecord record) {
        m.put("valueFormat", "avro");
        m.put("valueSchemaId", schemaId);
        m.put("valueSchema", record.getSchema().getFullName());
        m.put("value", AvroJson.toJson(record));
        return m;
      }
      error = "schema id " + schemaId + " is not a record schema";
    } catch (SerializationException e) {
      error = e.getMessage();
    }
    m.put("valueFormat", "bytes");
    m.put("valueBase64", Base64.getEncoder().encodeToString(bytes));
    m.put("valueError", error);
    return m;
  }

  // ------------------------------------------------------------------ parsing

  private static List<PartitionOffset> offsets(JsonFields f) {
    JsonNode raw = f.raw("offsets");
    if (raw == null || raw.isNull()) {
      return null;
    }
    if (!raw.isArray() || raw.isEmpty() || raw.size() > REPLAY_OFFSETS_MAX) {
      f.error("offsets", "must be an array of 1 to " + REPLAY_OFFSETS_MAX + " {partition, offset} objects");
      return null;
    }
    List<PartitionOffset> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : raw.values()) {
      JsonFields of = new JsonFields(item, f.path("offsets") + "[" + i++ + "]", f.errors());
      if (!item.isObject()) {
        of.error("partition", "must be an object {partition, offset}");
        continue;
      }
      of.onlyKnown(Set.of("partition", "offset"));
      Integer partition = of.integer("partition", 0, Integer.MAX_VALUE, true);
      Long offset = of.longValue("offset", 0, Long.MAX_VALUE, true);
      if (partition != null && offset != null) {
        out.add(new PartitionOffset(partition, offset));
      }
    }
    return out;
  }

  private static String unreplayable(String topic, DeadLetter d) {
    return d.sourceTopic() == null ? "has no error.source.topic header"
        : "error.source.topic " + d.sourceTopic() + " is not a topic the service of " + topic + " reads";
  }

  private void requireWorkspace(String workspaceId) {
    if (!LeadKey.validWorkspaceId(workspaceId) || workspaces.find(workspaceId).isEmpty()) {
      throw new ApiException(HttpStatus.NOT_FOUND, "No workspace " + workspaceId + ".");
    }
  }

  private static void checkLeadId(String leadId, List<FieldError> errors) {
    String problem = leadId.isEmpty() || leadId.length() > LeadKey.MAX_LEAD_ID_LENGTH
        ? "must be 1-" + LeadKey.MAX_LEAD_ID_LENGTH + " characters" : JsonFields.hygieneProblem(leadId, false);
    if (problem != null) {
      errors.add(new FieldError("leadId", problem));
    }
  }

  private static Integer parseInt(String s) {
    Long l = parseLong(s);
    return l == null || l > Integer.MAX_VALUE ? null : l.intValue();
  }

  private static Long parseLong(String s) {
    if (s == null || !s.matches("[0-9]{1,18}")) {
      return null;
    }
    return Long.parseLong(s);
  }

  /** Query parameters read like JSON fields: each bad one named in the 400. */
  private static final class Query {
    private final HttpServletRequest request;
    private final List<FieldError> errors;

    Query(HttpServletRequest request, List<FieldError> errors) {
      this.request = request;
      this.errors = errors;
    }

    void onlyKnown(Set<String> known) {
      request.getParameterMap().keySet().stream().filter(k -> !known.contains(k)).sorted()
          .forEach(k -> errors.add(new FieldError(k, "unknown parameter; known: " + new TreeSet<>(known))));
    }

    String text(String name, int max) {
      String[] values = request.getParameterValues(name);
      if (values == null || values.length == 0 || values[0].isEmpty()) {
        return null;
      }
      if (values.length > 1) {
        errors.add(new FieldError(name, "must be given once"));
        return null;
      }
      String v = values[0];
      String problem = v.length() > max ? "must be at most " + max + " characters"
          : JsonFields.hygieneProblem(v, false);
      if (problem != null) {
        errors.add(new FieldError(name, problem));
        return null;
      }
      return v;
    }

    String topic() {
      int before = errors.size();
      String topic = text("topic", 200);
      if (errors.size() > before) {
        return null;
      }
      if (topic == null || !DeadLetterTopics.known(topic)) {
        errors.add(new FieldError("topic", (topic == null ? "is required; " : "") + "must be one of "
            + DeadLetterTopics.NAMES));
        return null;
      }
      return topic;
    }

    DeadLetterFilter filter() {
      String workspace = text("workspace", 63);
      if (workspace != null && !LeadKey.validWorkspaceId(workspace)) {
        errors.add(new FieldError("workspace", "must be a workspace id (" + LeadKey.WORKSPACE_ID.pattern() + ")"));
      }
      String reason = text("reason", 200);
      Instant since = instant("since");
      Instant until = instant("until");
      if (since != null && until != null && !since.isBefore(until)) {
        errors.add(new FieldError("until", "must be after since"));
      }
      return new DeadLetterFilter(workspace, reason, since, until);
    }

    int limit() {
      String s = text("limit", 10);
      if (s == null) {
        return 100;
      }
      Long l = parseLong(s);
      if (l == null || l < 1 || l > LIST_MAX) {
        errors.add(new FieldError("limit", "must be an integer from 1 to " + LIST_MAX));
        return 100;
      }
      return l.intValue();
    }

    Instant instant(String name) {
      String s = text(name, 64);
      if (s == null) {
        return null;
      }
      try {
        // A '+' of an offset arrives as a space when the caller did not percent-encode it.
        return OffsetDateTime.parse(s.replace(' ', '+'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        errors.add(new FieldError(name, "must be an ISO-8601 timestamp with offset, e.g. 2025-10-29T14:30:00Z"));
        return null;
      }
    }
  }
}
