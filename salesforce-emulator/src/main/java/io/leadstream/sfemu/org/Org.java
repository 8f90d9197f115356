package io.leadstream.sfemu.org;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The in-memory org: records per sObject type plus the ids of deleted records and, in the recycle bin, the
 * deleted records themselves (IsDeleted true, SystemModstamp = deletion time) for {@code queryAll} and the
 * {@code deleted} change window. Two users act on it: the integration user every API request runs as, and a
 * sales rep whose edits the admin API simulates (two-way sync must tell them apart). All access goes
 * through {@link #locked}, one writer at a time, which also gives all-or-none requests a simple
 * snapshot/rollback transaction. Optionally persisted to a JSON file after each change.
 */
public final class Org {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Schema schema;
  private final SalesforceIds ids;
  private String orgId;
  private final String userId;
  private final String repUserId;
  private final Optional<Path> file;
  private Map<String, Map<String, Map<String, Object>>> records = new LinkedHashMap<>();
  private Map<String, String> deleted = new LinkedHashMap<>();
  private Map<String, Map<String, Map<String, Object>>> recycleBin = new LinkedHashMap<>();
  /**
   * "Type.Field" → lower-cased value → ids, for external-id and unique fields: Salesforce indexes them, so an
   * upsert or a uniqueness check must not cost a scan of every record of the type (that made long runs quadratic).
   */
  private final Map<String, Map<String, Set<String>>> index = new HashMap<>();
  private final List<ValidationRule> validationRules = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Org(Schema schema, Optional<Path> file) {
    this.schema = schema;
    // Each org its own id and its own id range, as real orgs: a record id of one org never names a record of
    // another, and two emulators stand for two orgs (a reconnect to "another org" is one a client can notice).
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    this.ids = new SalesforceIds(10_000 + random.nextLong(1_000_000_000_000L));
    this.orgId = SalesforceIds.random("00D", random);
    this.userId = SalesforceIds.to18("0058d0000001AdM");
    this.repUserId = SalesforceIds.to18("0058d0000002RpS");
    this.file = file;
    file.filter(Files::exists).ifPresent(this::load);
  }

  public Schema schema() {
    return schema;
  }

  public String orgId() {
    return orgId;
  }

  /** The integration user: every API request runs as it. */
  public String userId() {
    return userId;
  }

  /** A sales rep, the other user of the org, whose edits the admin API simulates. */
  public String repUserId() {
    return repUserId;
  }

  public String newId(ObjectDef type) {
    return ids.next(type.keyPrefix());
  }

  public synchronized <T> T locked(Supplier<T> action) {
    return action.get();
  }

  /** Runs the action; if it throws, every change it made is undone. */
  public synchronized <T> T transaction(Supplier<T> action) {
    var savedRecords = deepCopy(records);
    var savedDeleted = new LinkedHashMap<>(deleted);
    var savedBin = deepCopy(recycleBin);
    try {
      return action.get();
    } catch (RuntimeException e) {
      records = savedRecords;
      deleted = savedDeleted;
      recycleBin = savedBin;
      rebuildIndex();
      throw e;
    }
  }

  public synchronized Map<String, Map<String, Object>> table(ObjectDef type) {
    return records.computeIfAbsent(type.name(), k -> new LinkedHashMap<>());
  }

  public synchronized Optional<Map<String, Object>> find(String id18) {
    return schema.objectForId(id18).map(type -> table(type).get(id18));
  }

  public synchronized boolean isDeleted(String id18) {
    return deleted.containsKey(id18);
  }

  public synchronized void put(ObjectDef type, Map<String, Object> record) {
    unindex(type, table(type).put((String) record.get("Id"), record));
    index(type, record);
  }

  /** Deletes a live record: it moves to the recycle bin, marked deleted by {@code userId} at {@code at}. */
  public synchronized void remove(ObjectDef type, String id18, String userId, java.time.Instant at) {
    Map<String, Object> record = table(type).remove(id18);
    unindex(type, record);
    deleted.put(id18, type.name());
    if (record != null) {
      String stamp = FieldValues.formatDateTime(at);
      record.put("IsDeleted", true);
      record.put("LastModifiedById", userId);
      record.put("LastModifiedDate", stamp);
      record.put("SystemModstamp", stamp);
      recycleBin.computeIfAbsent(type.name(), k -> new LinkedHashMap<>()).put(id18, record);
    }
  }

  /** Copies of the deleted records of a type still in the recycle bin, in deletion order. */
  public synchronized List<Map<String, Object>> deletedRecords(ObjectDef type) {
    return recycleBin.getOrDefault(type.name(), Map.of()).values().stream()
        .<Map<String, Object>>map(LinkedHashMap::new).toList();
  }

  /** Forgets a record as if it never existed: no tombstone, unlike {@link #remove}. */
  public synchronized boolean purge(ObjectDef type, String id18) {
    Map<String, Object> removed = table(type).remove(id18);
    unindex(type, removed);
    return removed != null;
  }

  /** Ids of the live records whose external-id or unique {@code field} equals {@code value}, ignoring case. */
  public synchronized List<String> idsWith(ObjectDef type, FieldDef field, String value) {
    Map<String, Set<String>> byValue = index.get(indexKey(type, field));
    Set<String> ids = byValue == null ? null : byValue.get(value.toLowerCase(Locale.ROOT));
    return ids == null ? List.of() : List.copyOf(ids);
  }

  private static String indexKey(ObjectDef type, FieldDef field) {
    return type.name() + "." + field.name();
  }

  private void index(ObjectDef type, Map<String, Object> record) {
    for (FieldDef f : type.fields()) {
      Object v = record.get(f.name());
      if ((f.externalId() || f.unique()) && v != null) {
        index.computeIfAbsent(indexKey(type, f), k -> new HashMap<>())
            .computeIfAbsent(v.toString().toLowerCase(Locale.ROOT), k -> new LinkedHashSet<>())
            .add((String) record.get("Id"));
      }
    }
  }

  private void unindex(ObjectDef type, Map<String, Object> record) {
    if (record == null) {
      return;
    }
    for (FieldDef f : type.fields()) {
      Object v = record.get(f.name());
      Map<String, Set<String>> byValue = index.get(indexKey(type, f));
      if (byValue != null && v != null) {
        String key = v.toString().toLowerCase(Locale.ROOT);
        Set<String> ids = byValue.get(key);
        if (ids != null && ids.remove((String) record.get("Id")) && ids.isEmpty()) {
          byValue.remove(key);
        }
      }
    }
  }

  /** Runs a change of the org's fields (see {@link ObjectDef}) and indexes the external-id and unique fields it has now. */
  public synchronized void changeSchema(Runnable change) {
    change.run();
    rebuildIndex();
  }

  private void rebuildIndex() {
    index.clear();
    records.forEach((typeName, table) -> schema.object(typeName).ifPresent(type -> table.values().forEach(r -> index(type, r))));
  }

  /** Copies of all live records of a type, in insertion order. */
  public synchronized List<Map<String, Object>> all(ObjectDef type) {
    return table(type).values().stream().<Map<String, Object>>map(LinkedHashMap::new).toList();
  }

  public synchronized void clear() {
    records = new LinkedHashMap<>();
    deleted = new LinkedHashMap<>();
    recycleBin = new LinkedHashMap<>();
    index.clear();
    persist();
  }

  /** Writes the org to its file (atomically via a temp file) when persistence is configured. */
  public synchronized void persist() {
    file.ifPresent(path -> {
      try {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("orgId", orgId);
        state.put("idPosition", ids.position());
        state.put("records", records);
        state.put("deleted", deleted);
        state.put("recycleBin", recycleBin);
        Files.write(tmp, JSON.writeValueAsBytes(state));
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private void load(Path path) {
    // recycleBin and orgId are absent from files written before they existed.
    record State(String orgId, long idPosition, Map<String, Map<String, Map<String, Object>>> records, Map<String, String> deleted,
                 Map<String, Map<String, Map<String, Object>>> recycleBin) {
    }
    State state;
    try {
      state = JSON.readValue(Files.readAllBytes(path), new TypeReference<State>() { });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A file from before orgId was stored is the org that always had the one fixed id.
    orgId = state.orgId() != null ? state.orgId() : SalesforceIds.to18("00D8d0000001EmU");
    ids.advanceTo(state.idPosition());
    records = deepCopy(state.records());
    deleted = new LinkedHashMap<>(state.deleted());
    recycleBin = state.recycleBin() == null ? new LinkedHashMap<>() : deepCopy(state.recycleBin());
    rebuildIndex();
  }

  private static Map<String, Map<String, Map<String, Object>>> deepCopy(
      Map<String, Map<String, Map<String, Object>>> source) {
    Map<String, Map<String, Map<String, Object>>> copy = new LinkedHashMap<>();
    source.forEach((type, table) -> {
      Map<String, Map<String, Object>> t = new LinkedHashMap<>();
      table.forEach((id, rec) -> t.put(id, new LinkedHashMap<>(rec)));
      copy.put(type, t);
    });
    return copy;
  }

  public synchronized List<String> typesWithRecords() {
    return new ArrayList<>(records.keySet());
  }

  /** Adds one of the org's validation rules (the admin API's way to make a record fail as a customer's rule does). */
  public void addValidationRule(ValidationRule rule) {
    validationRules.add(rule);
  }

  public void clearValidationRules() {
    validationRules.clear();
  }

  public List<ValidationRule> validationRules() {
    return validationRules;
  }
}
