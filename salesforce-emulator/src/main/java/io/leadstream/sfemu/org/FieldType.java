package io.leadstream.sfemu.org;

import java.util.Locale;

/** Field types as describe reports them (a subset: the ones the six objects here use). */
public enum FieldType {
  ID, STRING, TEXTAREA, EMAIL, PHONE, URL, PICKLIST, COMBOBOX, BOOLEAN, INT, DOUBLE, CURRENCY,
  PERCENT, DATE, DATETIME, REFERENCE;

  public String describeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isText() {
    return switch (this) {
      case STRING, TEXTAREA, EMAIL, PHONE, URL, PICKLIST, COMBOBOX -> true;
      default -> false;
    };
  }

  public boolean isNumeric() {
    return this == INT || this == DOUBLE || this == CURRENCY || this == PERCENT;
  }
}
