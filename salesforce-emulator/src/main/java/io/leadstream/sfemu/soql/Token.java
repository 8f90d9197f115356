package io.leadstream.sfemu.soql;

/** A lexical token of SOQL (also used for the part of SOSL after the search term). */
public record Token(Kind kind, String text, int position) {

  public enum Kind { IDENT, STRING, NUMBER, DATE, DATETIME, OP, LPAREN, RPAREN, COMMA, COLON, EOF }

  public boolean is(Kind k) {
    return kind == k;
  }

  /** Keywords are identifiers compared case-insensitively. */
  public boolean isKeyword(String keyword) {
    return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
  }
}
