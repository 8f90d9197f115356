package io.leadstream.sfemu.org;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The in-memory org: records per sObject type plus the ids of deleted records. All access goes
 * through {@link #locked}, one writer at a time, which also gives all-or-none requests a simple
 * snapshot/rollback transaction. Optionally persisted to a JSON file after each change.
 */
public final class Org {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Schema schema;
  private final SalesforceIds ids;
  private final String orgId;
  private final String userId;
  private final Optional<Path> file;
  private Map<String, Map<String, Map<String, Object>>> records = new LinkedHashMap<>();
  private Map<String, String> deleted = new LinkedHashMap<>();

  public Org(Schema schema, Optional<Path> file) {
    this.schema = schema;
    this.ids = new SalesforceIds(10_000);
    this.orgId = SalesforceIds.to18("00D8d0000001EmU");
    this.userId = SalesforceIds.to18("0058d0000001AdM");
    this.file = file;
    file.filter(Files::exists).ifPresent(this::load);
  }

  public Schema schema() {
    return schema;
  }

  public String orgId() {
    return orgId;
  }

  public String userId() {
    return userId;
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
    try {
      return action.get();
    } catch (RuntimeException e) {
      records = savedRecords;
      deleted = savedDeleted;
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
    table(type).put((String) record.get("Id"), record);
  }

  public synchronized void remove(ObjectDef type, String id18) {
    table(type).remove(id18);
    deleted.put(id18, type.name());
  }

  /** Forgets a record as if it never existed: no tombstone, unlike {@link #remove}. */
  public synchronized boolean purge(ObjectDef type, String id18) {
    return table(type).remove(id18) != null;
  }

  /** Copies of all live records of a type, in insertion order. */
  public synchronized List<Map<String, Object>> all(ObjectDef type) {
    return table(type).values().stream().<Map<String, Object>>map(LinkedHashMap::new).toList();
  }

  public synchronized void clear() {
    records = new LinkedHashMap<>();
    deleted = new LinkedHashMap<>();
    persist();
  }

  /** Writes the org to its file (atomically via a temp file) when persistence is configured. */
  public synchronized void persist() {
    file.ifPresent(path -> {
      try {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("idPosition", ids.position());
        state.put("records", records);
        state.put("deleted", deleted);
        Files.write(tmp, JSON.writeValueAsBytes(state));
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private void load(Path path) {
    record State(long idPosition, Map<String, Map<String, Map<String, Object>>> records, Map<String, String> deleted) {
    }
    State state;
    try {
      state = JSON.readValue(Files.readAllBytes(path), new TypeReference<State>() { });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ids.advanceTo(state.idPosition());
    records = deepCopy(state.records());
    deleted = new LinkedHashMap<>(state.deleted());
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
}
