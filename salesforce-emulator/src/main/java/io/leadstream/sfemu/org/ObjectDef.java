package io.leadstream.sfemu.org;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One sObject type of the metadata model: name, key prefix and fields (looked up case-insensitively, as the API
 * does). The fields are those the integration user sees — every API request runs as it — so what the org's admin
 * changes after deployment shows at once in describe, validation and queries: a deleted field, edited flags, or
 * field-level security that hides a field or makes it read-only ({@link #restore} undoes all of it).
 */
public final class ObjectDef {

  /** The integration user's field-level security on one field. */
  public record FieldPermission(boolean readable, boolean editable) {
  }

  private final String name;
  private final String label;
  private final String keyPrefix;
  private final Map<String, FieldDef> deployed = new LinkedHashMap<>();
  private final Map<String, FieldDef> defined = new LinkedHashMap<>();
  private final Map<String, FieldPermission> permissions = new HashMap<>();
  /** What the integration user sees: {@link #defined} with its field-level security applied. */
  private volatile Map<String, FieldDef> visible;

  public ObjectDef(String name, String label, String keyPrefix, List<FieldDef> fields) {
    this.name = name;
    this.label = label;
    this.keyPrefix = keyPrefix;
    fields.forEach(f -> deployed.put(lower(f.name()), f));
    defined.putAll(deployed);
    publish();
  }

  public String name() {
    return name;
  }

  public String label() {
    return label;
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  public Optional<FieldDef> field(String anyCase) {
    return Optional.ofNullable(visible.get(lower(anyCase)));
  }

  public Collection<FieldDef> fields() {
    return visible.values();
  }

  public List<FieldDef> requiredOnCreate() {
    return fields().stream().filter(FieldDef::requiredOnCreate).toList();
  }

  /** Whether the field exists in the org, whatever the integration user may see of it. */
  public synchronized boolean defines(String field) {
    return defined.containsKey(lower(field));
  }

  /** The org's admin deletes a field (its values come back with {@link #restore}, as an undeleted field's do). */
  public synchronized void delete(String field) {
    defined.remove(lower(field));
    publish();
  }

  /** The org's admin edits a field's definition (its External ID or Unique flag, its length). */
  public synchronized void redefine(String field, UnaryOperator<FieldDef> edit) {
    defined.computeIfPresent(lower(field), (k, f) -> edit.apply(f));
    publish();
  }

  /** The integration user's field-level security on a field: hidden, read-only, or as defined. */
  public synchronized void permit(String field, FieldPermission permission) {
    permissions.put(lower(field), permission);
    publish();
  }

  /** Back to the fields as deployed, with full access. */
  public synchronized void restore() {
    defined.clear();
    defined.putAll(deployed);
    permissions.clear();
    publish();
  }

  private void publish() {
    Map<String, FieldDef> out = new LinkedHashMap<>();
    defined.forEach((key, f) -> {
      FieldPermission p = permissions.get(key);
      if (p == null) {
        out.put(key, f);
      } else if (p.readable()) {
        out.put(key, p.editable() ? f : f.withAccess(false, false));
      }
    });
    visible = java.util.Collections.unmodifiableMap(out);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
