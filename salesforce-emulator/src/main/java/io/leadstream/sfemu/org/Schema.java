package io.leadstream.sfemu.org;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The org's metadata: which objects exist, keyed case-insensitively, and which object an id's key prefix belongs to. */
public final class Schema {

  private final Map<String, ObjectDef> byLowerName = new LinkedHashMap<>();
  private final Map<String, ObjectDef> byPrefix = new LinkedHashMap<>();

  public Schema(List<ObjectDef> objects) {
    for (ObjectDef o : objects) {
      byLowerName.put(o.name().toLowerCase(Locale.ROOT), o);
      byPrefix.put(o.keyPrefix(), o);
    }
  }

  public Optional<ObjectDef> object(String anyCase) {
    return Optional.ofNullable(byLowerName.get(anyCase.toLowerCase(Locale.ROOT)));
  }

  public Optional<ObjectDef> objectForId(String id) {
    return Optional.ofNullable(byPrefix.get(SalesforceIds.keyPrefix(id)));
  }

  public Collection<ObjectDef> objects() {
    return byLowerName.values();
  }

  /** Every object back to its fields as deployed (see {@link ObjectDef#restore}). */
  public void restore() {
    byLowerName.values().forEach(ObjectDef::restore);
  }

  /** Fluent field definitions, defaulting to an optional, read/write field. */
  public static final class Field {
    private final String name;
    private final FieldType type;
    private String label;
    private int length;
    private boolean nillable = true;
    private boolean createable = true;
    private boolean updateable = true;
    private boolean defaulted;
    private boolean externalId;
    private boolean unique;
    private List<String> picklist = List.of();
    private boolean restricted;
    private List<String> referenceTo = List.of();

    private Field(String name, FieldType type) {
      this.name = name;
      this.type = type;
      this.label = name.replace("__c", "").replace('_', ' ');
      this.length = switch (type) {
        case ID, REFERENCE -> 18;
        case STRING, COMBOBOX, PICKLIST, URL -> 255;
        case EMAIL -> 80;
        case PHONE -> 40;
        case TEXTAREA -> 32000;
        default -> 0;
      };
    }

    public static Field of(String name, FieldType type) {
      return new Field(name, type);
    }

    public Field label(String l) { this.label = l; return this; }
    public Field length(int l) { this.length = l; return this; }
    public Field required() { this.nillable = false; return this; }
    public Field defaulted() { this.defaulted = true; return this; }
    public Field readOnly() { this.createable = false; this.updateable = false; return this; }
    public Field createOnly() { this.updateable = false; return this; }
    public Field externalId() { this.externalId = true; return this; }
    public Field unique() { this.unique = true; return this; }
    public Field picklist(String... values) { this.picklist = List.of(values); return this; }
    public Field restricted() { this.restricted = true; return this; }
    public Field references(String... types) { this.referenceTo = List.of(types); return this; }

    FieldDef build() {
      // Checkboxes are never nillable in Salesforce; they default to false instead.
      boolean isBoolean = type == FieldType.BOOLEAN;
      return new FieldDef(name, label, type, length, nillable && !isBoolean, createable, updateable,
          defaulted || isBoolean, externalId, unique, picklist, restricted, referenceTo);
    }
  }

  /** Builds an object with the system fields every sObject has, then the given ones. */
  public static ObjectDef object(String name, String label, String keyPrefix, Field... fields) {
    List<FieldDef> defs = new ArrayList<>();
    defs.add(Field.of("Id", FieldType.ID).label(label + " ID").readOnly().required().defaulted().build());
    for (Field f : fields) {
      defs.add(f.build());
    }
    defs.add(Field.of("OwnerId", FieldType.REFERENCE).label("Owner ID").references("User").required().defaulted().build());
    defs.add(Field.of("IsDeleted", FieldType.BOOLEAN).label("Deleted").readOnly().build());
    defs.add(Field.of("CreatedDate", FieldType.DATETIME).label("Created Date").readOnly().required().defaulted().build());
    defs.add(Field.of("CreatedById", FieldType.REFERENCE).label("Created By ID").references("User").readOnly().required().defaulted().build());
    defs.add(Field.of("LastModifiedDate", FieldType.DATETIME).label("Last Modified Date").readOnly().required().defaulted().build());
    defs.add(Field.of("LastModifiedById", FieldType.REFERENCE).label("Last Modified By ID").references("User").readOnly().required().defaulted().build());
    defs.add(Field.of("SystemModstamp", FieldType.DATETIME).label("System Modstamp").readOnly().required().defaulted().build());
    return new ObjectDef(name, label, keyPrefix, defs);
  }
}
