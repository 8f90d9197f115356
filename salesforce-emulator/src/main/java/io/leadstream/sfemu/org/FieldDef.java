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
}
