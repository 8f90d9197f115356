package io.leadstream.sfemu.admin;

/** What an org's admin changes in a field's definition; {@code null} leaves that part as it is. */
public record FieldEdit(Boolean externalId, Boolean unique, Integer length) {

  /** The admin unticks External ID (and Unique with it: the field is then no key at all). */
  public static FieldEdit notAKey() {
    return new FieldEdit(false, false, null);
  }
}
