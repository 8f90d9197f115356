package io.leadstream.sfemu.soql;

/** A literal value in a WHERE clause. Date values are ISO dates; datetime values Salesforce-format UTC datetimes. */
public record Literal(Type type, Object value) {

  public enum Type { STRING, NUMBER, BOOLEAN, NULL, DATE, DATETIME }

  public static final Literal NULL = new Literal(Type.NULL, null);
}
