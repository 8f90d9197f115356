package io.leadstream.sink.salesforce;

import java.util.Collection;
import java.util.stream.Collectors;

/** Escaping of values in SOQL string literals and SOSL search terms: every value goes through here. */
public final class Soql {
  /** Characters SOSL reserves in a search term; each must be backslash-escaped to be literal. */
  static final String SOSL_RESERVED = "?&|!{}[]()^~*:\\\"'+-";

  private Soql() {
  }

  /** A quoted SOQL string literal: {@code 'o\'neil'}. Backslash, quotes and control characters are escaped. */
  public static String quote(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\'' -> b.append("\\'");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> b.append(c);
      }
    }
    return b.append('\'').toString();
  }

  /** {@code ('a', 'b')} for an IN clause. */
  public static String inList(Collection<String> values) {
    return values.stream().map(Soql::quote).collect(Collectors.joining(", ", "(", ")"));
  }

  /** A SOSL search term with reserved characters escaped, for use inside {@code FIND {...}}. */
  public static String soslTerm(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (SOSL_RESERVED.indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
