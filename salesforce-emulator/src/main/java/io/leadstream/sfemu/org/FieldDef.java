package io.leadstream.sfemu.org;

import java.util.List;

/** One field of the describe-like metadata model. */
public record FieldDef(
    String name,
    String label,
    FieldType type,
    int length,
    boolean nillable,
    boolean createable,
    boolean updateable,
    boolean defaultedOnCreate,
    boolean externalId,
    boolean unique,
    List<String> picklistValues,
    boolean restrictedPicklist,
    List<String> referenceTo) {

  public FieldDef {
    picklistValues = List.copyOf(picklistValues);
    referenceTo = List.copyOf(referenceTo);
  }

  /** Required on create as Salesforce defines it: createable, not nillable, no default. */
  public boolean requiredOnCreate() {
    return createable && !nillable && !defaultedOnCreate;
  }

  public boolean isCustom() {
    return name.endsWith("__c");
  }

  /** The same field with other External ID / Unique flags. */
  public FieldDef withKeys(boolean newExternalId, boolean newUnique) {
    return new FieldDef(name, label, type, length, nillable, createable, updateable, defaultedOnCreate, newExternalId,
        newUnique, picklistValues, restrictedPicklist, referenceTo);
  }

  public FieldDef withLength(int newLength) {
    return new FieldDef(name, label, type, newLength, nillable, createable, updateable, defaultedOnCreate, externalId,
        unique, picklistValues, restrictedPicklist, referenceTo);
  }

  /** The same field as a user with other field-level security sees it. */
  public FieldDef withAccess(boolean newCreateable, boolean newUpdateable) {
    return new FieldDef(name, label, type, length, nillable, newCreateable, newUpdateable, defaultedOnCreate,
        externalId, unique, picklistValues, restrictedPicklist, referenceTo);
  }
}
