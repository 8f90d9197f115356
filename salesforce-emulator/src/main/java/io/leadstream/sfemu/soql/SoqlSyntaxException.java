package io.leadstream.sfemu.soql;

/** A syntax error; the endpoints report it as MALFORMED_QUERY (SOQL) or MALFORMED_SEARCH (SOSL). */
public class SoqlSyntaxException extends RuntimeException {
  public SoqlSyntaxException(String message) {
    super(message);
  }
}
