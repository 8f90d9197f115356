package io.leadstream.sfemu.org;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Record writes and reads with the validation Salesforce applies: field existence, create/update
 * access, types, lengths, restricted picklists, e-mail format, references, required and unique
 * fields. Every write first asks the row-lock fault hook, so injected UNABLE_TO_LOCK_ROW errors
 * hit individual records exactly like real lock contention does.
 */
public final class RecordService {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private final Org org;
  private final BooleanSupplier rowLockFault;
  private final List<RecordListener> listeners = new CopyOnWriteArrayList<>();
  private final boolean rejectConvertedLeadReferences;

  public RecordService(Org org, BooleanSupplier rowLockFault) {
    this(org, rowLockFault, true);
  }

  /**
   * {@code rejectConvertedLeadReferences}: a lookup to a converted Lead (a Task's or Event's WhoId) fails with
   * CANNOT_UPDATE_CONVERTED_LEAD, as in real orgs; false attaches silently, as the emulator used to.
   */
  public RecordService(Org org, BooleanSupplier rowLockFault, boolean rejectConvertedLeadReferences) {
    this.org = org;
    this.rowLockFault = rowLockFault;
    this.rejectConvertedLeadReferences = rejectConvertedLeadReferences;
  }

  /** Told of every record the API creates (directly or by an upsert), see {@link RecordListener}. */
  public void addListener(RecordListener listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  public void removeListener(RecordListener listener) {
    listeners.remove(listener);
  }

  public Org org() {
    return org;
  }

  public record UpsertOutcome(String id, boolean created) {
  }

  public String create(ObjectDef type, JsonNode body) {
    return org.locked(() -> {
      checkRowLock(null);
      Map<String, Object> values = readValues(type, body, true);
      Map<String, Object> record = newRecord(type, values);
      validate(type, record, values.keySet(), true);
      org.put(type, record);
      if (!listeners.isEmpty()) {
        Map<String, Object> view = Collections.unmodifiableMap(record);
        listeners.forEach(l -> l.created(type.name(), view));
      }
      return (String) record.get("Id");
    });
  }

  public void update(ObjectDef type, String id18, JsonNode body) {
    org.locked(() -> {
      Map<String, Object> existing = existingForWrite(type, id18);
      checkRowLock(id18);
      if ("Lead".equals(type.name()) && Boolean.TRUE.equals(existing.get("IsConverted"))) {
        throw SalesforceException.badRequest("CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead");
      }
      Map<String, Object> values = readValues(type, body, false);
      Map<String, Object> record = new LinkedHashMap<>(existing);
      record.putAll(values);
      validate(type, record, values.keySet(), false);
      touch(record, org.userId());
      org.put(type, record);
      return null;
    });
  }

  /**
   * A change made by another user of the org, e.g. a sales rep in the Salesforce UI (admin API, not REST): any
   * field, read-only ones too (so a rep can convert a Lead), type-checked like {@link #seed}, no access or required
   * checks; LastModifiedById becomes {@code userId}, LastModifiedDate and SystemModstamp now.
   */
  public void updateAs(String userId, ObjectDef type, String id18, JsonNode body) {
    org.locked(() -> {
      Map<String, Object> record = new LinkedHashMap<>(existingForWrite(type, id18));
      Map<String, Object> values = seedValues(type, body);
      record.putAll(values);
      derive(type, record, values.keySet());
      touch(record, userId);
      org.put(type, record);
      return null;
    });
  }

  /** A delete by another user of the org (admin API): recorded for queryAll and the deleted change window. */
  public void deleteAs(String userId, ObjectDef type, String id18) {
    org.locked(() -> {
      existingForWrite(type, id18);
      org.remove(type, id18, userId, Instant.now());
      return null;
    });
  }

  /**
   * Upsert by external id. The body may repeat the external id field only with the same value.
   * Several matches raise a 300 whose errors carry the matching ids (the endpoint renders them).
   */
  public UpsertOutcome upsert(ObjectDef type, FieldDef extField, String value, JsonNode body) {
    return org.locked(() -> {
      if (body == null || !body.isObject()) {
        throw SalesforceException.badRequest("JSON_PARSER_ERROR", "The request body must be a JSON object");
      }
      List<String> matches = findByExternalId(type, extField, value);
      if (matches.size() > 1) {
        throw new SalesforceException(300, matches.stream()
            .map(id -> SfError.of("MULTIPLE_CHOICES", id)).toList());
      }
      JsonNode sent = body.get(extField.name());
      if (sent != null && !sent.isNull() && !sent.asString().equalsIgnoreCase(value)) {
        throw SalesforceException.badRequest("INVALID_FIELD",
            "The value of " + extField.name() + " in the body does not match the value in the URL: " + sent.asString(),
            extField.name());
      }
      if (matches.isEmpty()) {
        tools.jackson.databind.node.ObjectNode withId = (tools.jackson.databind.node.ObjectNode) body.deepCopy();
        withId.put(extField.name(), value);
        return new UpsertOutcome(create(type, withId), true);
      }
      tools.jackson.databind.node.ObjectNode withoutId = (tools.jackson.databind.node.ObjectNode) body.deepCopy();
      withoutId.remove(extField.name());
      update(type, matches.get(0), withoutId);
      return new UpsertOutcome(matches.get(0), false);
    });
  }

  public void delete(ObjectDef type, String id18) {
    org.locked(() -> {
      existingForWrite(type, id18);
      checkRowLock(id18);
      org.remove(type, id18, org.userId(), Instant.now());
      return null;
    });
  }

  /** The full record as GET returns it: every field, null when unset. */
  public Map<String, Object> get(ObjectDef type, String id18) {
    return org.locked(() -> {
      Map<String, Object> record = org.table(type).get(id18);
      if (record == null) {
        throw SalesforceException.notFound();
      }
      return fullRecord(type, record);
    });
  }

  public static Map<String, Object> fullRecord(ObjectDef type, Map<String, Object> record) {
    Map<String, Object> full = new LinkedHashMap<>();
    for (FieldDef f : type.fields()) {
      full.put(f.name(), record.get(f.name()));
    }
    return full;
  }

  /** Admin seeding: any field (read-only ones too, e.g. IsConverted), type-checked, no access or required checks. */
  public String seed(ObjectDef type, JsonNode body) {
    return org.locked(() -> {
      Map<String, Object> values = seedValues(type, body);
      Map<String, Object> record = newRecord(type, values);
      derive(type, record, values.keySet());
      org.put(type, record);
      return (String) record.get("Id");
    });
  }

  private static Map<String, Object> seedValues(ObjectDef type, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw SalesforceException.badRequest("JSON_PARSER_ERROR", "The request body must be a JSON object");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (var e : body.properties()) {
      if (e.getKey().equals("attributes")) {
        continue;
      }
      FieldDef f = type.field(e.getKey()).orElseThrow(() -> noSuchColumn(type, e.getKey()));
      if (f.type() == FieldType.REFERENCE && e.getValue().isString()) {
        values.put(f.name(), SalesforceIds.normalize(e.getValue().asString()).orElseThrow(
            () -> SalesforceException.badRequest("MALFORMED_ID", "malformed id " + e.getValue().asString(), f.name())));
      } else if (!f.name().equals("Id")) {
        values.put(f.name(), FieldValues.coerce(f, e.getValue()));
      }
    }
    return values;
  }

  public List<String> findByExternalId(ObjectDef type, FieldDef extField, String value) {
    return org.idsWith(type, extField, value);
  }

  private Map<String, Object> existingForWrite(ObjectDef type, String id18) {
    if (org.isDeleted(id18)) {
      throw new SalesforceException(404, SfError.of("ENTITY_IS_DELETED", "entity is deleted"));
    }
    Map<String, Object> existing = org.table(type).get(id18);
    if (existing == null) {
      throw SalesforceException.notFound();
    }
    return existing;
  }

  private void checkRowLock(String id18) {
    if (rowLockFault.getAsBoolean()) {
      throw SalesforceException.badRequest("UNABLE_TO_LOCK_ROW",
          "unable to obtain exclusive access to this record" + (id18 == null ? "" : " or 1 records: " + id18));
    }
  }

  private Map<String, Object> readValues(ObjectDef type, JsonNode body, boolean create) {
    if (body == null || !body.isObject()) {
      throw SalesforceException.badRequest("JSON_PARSER_ERROR", "The request body must be a JSON object");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> notWritable = new ArrayList<>();
    for (var e : body.properties()) {
      String key = e.getKey();
      if (key.equals("attributes")) {
        continue;
      }
      if (key.equalsIgnoreCase("Id")) {
        if (create) {
          throw SalesforceException.badRequest("INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", "Id");
        }
        continue;
      }
      FieldDef field = type.field(key).orElseThrow(() -> noSuchColumn(type, key));
      if (create ? !field.createable() : !field.updateable()) {
        notWritable.add(field.name());
        continue;
      }
      values.put(field.name(), FieldValues.coerce(field, e.getValue()));
    }
    if (!notWritable.isEmpty()) {
      throw new SalesforceException(400, new SfError("INVALID_FIELD_FOR_INSERT_UPDATE",
          "Unable to create/update fields: " + String.join(", ", notWritable)
              + ". Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
          notWritable));
    }
    return values;
  }

  private static SalesforceException noSuchColumn(ObjectDef type, String key) {
    return SalesforceException.badRequest("INVALID_FIELD", "No such column '" + key + "' on sobject of type " + type.name());
  }

  private Map<String, Object> newRecord(ObjectDef type, Map<String, Object> values) {
    Map<String, Object> record = new LinkedHashMap<>();
    String now = FieldValues.formatDateTime(Instant.now());
    record.put("Id", org.newId(type));
    record.put("OwnerId", org.userId());
    record.put("IsDeleted", false);
    record.put("CreatedDate", now);
    record.put("CreatedById", org.userId());
    record.put("LastModifiedDate", now);
    record.put("LastModifiedById", org.userId());
    record.put("SystemModstamp", now);
    for (FieldDef f : type.fields()) {
      if (f.type() == FieldType.BOOLEAN) {
        record.putIfAbsent(f.name(), false);
      }
    }
    applyDefaults(type, record);
    record.putAll(values);
    return record;
  }

  private static void applyDefaults(ObjectDef type, Map<String, Object> record) {
    switch (type.name()) {
      case "Lead" -> record.put("Status", "Open - Not Contacted");
      case "Task" -> {
        record.put("Status", "Not Started");
        record.put("Priority", "Normal");
        record.put("TaskSubtype", "Task");
      }
      default -> { }
    }
  }

  private static void touch(Map<String, Object> record, String userId) {
    String now = FieldValues.formatDateTime(Instant.now());
    record.put("LastModifiedDate", now);
    record.put("LastModifiedById", userId);
    record.put("SystemModstamp", now);
  }

  private void validate(ObjectDef type, Map<String, Object> record, java.util.Set<String> written, boolean create) {
    for (String name : written) {
      FieldDef f = type.field(name).orElseThrow();
      Object v = record.get(name);
      if (v == null) {
        continue;
      }
      checkLength(f, v);
      checkPicklist(f, v);
      if (f.type() == FieldType.EMAIL && !EMAIL.matcher(v.toString()).matches()) {
        throw SalesforceException.badRequest("INVALID_EMAIL_ADDRESS", f.label() + ": invalid email address: " + v, f.name());
      }
      if (f.type() == FieldType.REFERENCE) {
        record.put(name, checkReference(f, v.toString()));
      }
    }
    derive(type, record, written);
    List<String> missing = type.fields().stream()
        .filter(f -> !f.nillable() && f.type() != FieldType.BOOLEAN)
        .filter(f -> create ? f.requiredOnCreate() : written.contains(f.name()))
        .filter(f -> record.get(f.name()) == null)
        .map(FieldDef::name)
        .toList();
    if (!missing.isEmpty()) {
      throw new SalesforceException(400, new SfError("REQUIRED_FIELD_MISSING",
          "Required fields are missing: " + missing, missing));
    }
    for (ValidationRule rule : org.validationRules()) {
      if (rule.refuses(type, record)) {
        throw SalesforceException.badRequest("FIELD_CUSTOM_VALIDATION_EXCEPTION", rule.message(), rule.field());
      }
    }
    for (FieldDef f : type.fields()) {
      Object v = record.get(f.name());
      if (f.unique() && v != null && written.contains(f.name())) {
        for (String other : org.idsWith(type, f, v.toString())) {
          if (!Objects.equals(other, record.get("Id"))) {
            throw SalesforceException.badRequest("DUPLICATE_VALUE",
                "duplicate value found: " + f.name() + " duplicates value on record with id: " + other, f.name());
          }
        }
      }
    }
  }

  private static void checkLength(FieldDef f, Object v) {
    if (f.type().isText() && f.length() > 0 && v.toString().length() > f.length()) {
      throw SalesforceException.badRequest("STRING_TOO_LONG",
          f.label() + ": data value too large: " + v + " (max length=" + f.length() + ")", f.name());
    }
  }

  private static void checkPicklist(FieldDef f, Object v) {
    if (f.restrictedPicklist() && !f.picklistValues().contains(v.toString())) {
      throw SalesforceException.badRequest("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
          f.label() + ": bad value for restricted picklist field: " + v, f.name());
    }
  }

  /** Lookups must be well-formed ids of a referenced type that exist and are not deleted. */
  private String checkReference(FieldDef f, String value) {
    String id18 = SalesforceIds.normalize(value).orElseThrow(() -> SalesforceException.badRequest(
        "MALFORMED_ID", f.label() + ": id value of incorrect type: " + value, f.name()));
    if (f.referenceTo().contains("User")) {
      if (!id18.startsWith("005")) {
        throw SalesforceException.badRequest("FIELD_INTEGRITY_EXCEPTION", f.label() + ": id value of incorrect type: " + value, f.name());
      }
      return id18;
    }
    Optional<ObjectDef> target = org.schema().objectForId(id18);
    if (target.isEmpty() || !f.referenceTo().contains(target.get().name())) {
      throw SalesforceException.badRequest("FIELD_INTEGRITY_EXCEPTION", f.label() + ": id value of incorrect type: " + value, f.name());
    }
    if (org.isDeleted(id18)) {
      throw SalesforceException.badRequest("ENTITY_IS_DELETED", "entity is deleted", f.name());
    }
    Map<String, Object> referenced = org.table(target.get()).get(id18);
    if (referenced == null) {
      throw SalesforceException.badRequest("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", f.name());
    }
    // Real orgs refuse any lookup to a converted Lead, e.g. a Task's WhoId, on create, update and upsert alike:
    // "CANNOT_UPDATE_CONVERTED_LEAD, cannot reference converted lead: []"
    // (https://github.com/SFDO-Community/declarative-lookup-rollup-summaries/issues/164,
    // https://help.salesforce.com/s/articleView?id=000384333&type=1).
    if (rejectConvertedLeadReferences && "Lead".equals(target.get().name())
        && Boolean.TRUE.equals(referenced.get("IsConverted"))) {
      throw SalesforceException.badRequest("CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead");
    }
    return id18;
  }

  /** Computed fields: Name, Task.IsClosed, Event end/duration/activity date. */
  private static void derive(ObjectDef type, Map<String, Object> record, java.util.Set<String> written) {
    switch (type.name()) {
      case "Lead", "Contact" -> {
        Object first = record.get("FirstName");
        Object last = record.get("LastName");
        record.put("Name", ((first == null ? "" : first + " ") + (last == null ? "" : last)).trim());
      }
      case "Task" -> record.put("IsClosed", "Completed".equals(record.get("Status")));
      case "Event" -> deriveEvent(record, written);
      default -> { }
    }
  }

  private static void deriveEvent(Map<String, Object> record, java.util.Set<String> written) {
    Object start = record.get("StartDateTime");
    if (start == null) {
      return;
    }
    Instant startAt = FieldValues.parseDateTime(start.toString());
    Object duration = record.get("DurationInMinutes");
    Object end = record.get("EndDateTime");
    if (written.contains("DurationInMinutes") && !written.contains("EndDateTime") && duration != null
        || end == null && duration != null) {
      end = FieldValues.formatDateTime(startAt.plus(Duration.ofMinutes((Integer) duration)));
      record.put("EndDateTime", end);
    }
    if (end == null) {
      throw new SalesforceException(400, new SfError("REQUIRED_FIELD_MISSING",
          "Required fields are missing: [DurationInMinutes]", List.of("DurationInMinutes")));
    }
    long minutes = Duration.between(startAt, FieldValues.parseDateTime(end.toString())).toMinutes();
    if (minutes < 0) {
      throw SalesforceException.badRequest("FIELD_INTEGRITY_EXCEPTION",
          "End Date Time: End Date Time can't be earlier than Start Date Time", "EndDateTime");
    }
    if (minutes > 1440) {
      throw SalesforceException.badRequest("NUMBER_OUTSIDE_VALID_RANGE",
          "Duration: value outside of valid range on numeric field: " + minutes, "DurationInMinutes");
    }
    record.put("DurationInMinutes", (int) minutes);
    record.put("ActivityDateTime", start);
    record.put("ActivityDate", startAt.atOffset(ZoneOffset.UTC).toLocalDate().toString());
  }

  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
