package io.leadstream.sfemu.org;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One sObject type of the metadata model: name, key prefix and fields (looked up case-insensitively, as the API does). */
public final class ObjectDef {

  private final String name;
  private final String label;
  private final String keyPrefix;
  private final Map<String, FieldDef> fieldsByLowerName = new LinkedHashMap<>();

  public ObjectDef(String name, String label, String keyPrefix, List<FieldDef> fields) {
    this.name = name;
    this.label = label;
    this.keyPrefix = keyPrefix;
    fields.forEach(f -> fieldsByLowerName.put(f.name().toLowerCase(Locale.ROOT), f));
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
    return Optional.ofNullable(fieldsByLowerName.get(anyCase.toLowerCase(Locale.ROOT)));
  }

  public Collection<FieldDef> fields() {
    return fieldsByLowerName.values();
  }

  public List<FieldDef> requiredOnCreate() {
    return fields().stream().filter(FieldDef::requiredOnCreate).toList();
  }
}
