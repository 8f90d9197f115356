package io.leadstream.sfemu.sosl;

import io.leadstream.sfemu.soql.Condition;
import io.leadstream.sfemu.soql.SoqlLexer;
import io.leadstream.sfemu.soql.SoqlParser;
import io.leadstream.sfemu.soql.SoqlQuery;
import io.leadstream.sfemu.soql.SoqlSyntaxException;
import io.leadstream.sfemu.soql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses {@code FIND {term} [IN ALL|NAME|EMAIL|PHONE FIELDS] [RETURNING Obj[(fields [WHERE …]
 * [ORDER BY …] [LIMIT n])], …] [LIMIT n]}. Inside the braces the documented reserved characters
 * {@code ? & | ! { } [ ] ( ) ^ ~ * : \ " ' + -} are literal only when backslash-escaped; an
 * unescaped closing brace ends the term, so an unescaped value cannot smuggle in clauses.
 */
public final class SoslParser {

  static final String RESERVED = "?&|!{}[]()^~*:\\\"'+-";

  private SoslParser() {
  }

  public static SoslQuery parse(String sosl) {
    String s = sosl.stripLeading();
    if (!s.regionMatches(true, 0, "FIND", 0, 4)) {
      throw new SoqlSyntaxException("line 1:0 no viable alternative at character '" + (s.isEmpty() ? "<EOF>" : s.charAt(0)) + "'");
    }
    s = s.substring(4).stripLeading();
    if (!s.startsWith("{")) {
      throw new SoqlSyntaxException("No search term found. The search term must be enclosed in braces.");
    }
    List<Pattern> words = new ArrayList<>();
    StringBuilder digits = new StringBuilder();
    StringBuilder term = new StringBuilder();
    StringBuilder word = new StringBuilder();
    int i = 1;
    boolean closed = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        if (i + 1 >= s.length() || RESERVED.indexOf(s.charAt(i + 1)) < 0) {
          throw new SoqlSyntaxException("Invalid escape sequence in search term: '\\" + (i + 1 < s.length() ? s.charAt(i + 1) : "") + "'");
        }
        char literal = s.charAt(++i);
        word.append(Pattern.quote(String.valueOf(literal)));
        term.append(literal);
        continue;
      }
      if (c == '}') {
        closed = true;
        break;
      }
      if (c == '{') {
        throw new SoqlSyntaxException("line 1:" + i + " mismatched character '{' in search term");
      }
      term.append(c);
      if (Character.isDigit(c)) {
        digits.append(c);
      }
      if (c == '*') {
        word.append(".*");
      } else if (c == '?') {
        word.append('.');
      } else if (Character.isWhitespace(c) || RESERVED.indexOf(c) >= 0) {
        flush(word, words);
      } else {
        word.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (!closed) {
      throw new SoqlSyntaxException("line 1:" + i + " mismatched character '<EOF>' expecting '}'");
    }
    flush(word, words);
    if (term.toString().replaceAll("[\\s*?]", "").length() < 2) {
      throw new SoqlSyntaxException("search term must be longer than one character: " + term);
    }
    for (int d = 0; d < digits.length(); d++) {
      if (!Character.isDigit(digits.charAt(d))) {
        digits.deleteCharAt(d--);
      }
    }
    SoqlParser p = new SoqlParser(SoqlLexer.tokenize(s.substring(i + 1)), 0);
    SoslQuery.Scope scope = SoslQuery.Scope.ALL;
    if (p.peek().isKeyword("IN")) {
      p.advance();
      String name = p.identifier().toUpperCase(Locale.ROOT);
      try {
        scope = SoslQuery.Scope.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new SoqlSyntaxException("line 1: unexpected token: '" + name + "'");
      }
      p.keyword("FIELDS");
    }
    List<SoslQuery.Returning> returning = new ArrayList<>();
    if (p.peek().isKeyword("RETURNING")) {
      p.advance();
      returning.add(returning(p));
      while (p.peek().is(Kind.COMMA)) {
        p.advance();
        returning.add(returning(p));
      }
    }
    Optional<Integer> limit = Optional.empty();
    if (p.peek().isKeyword("LIMIT")) {
      p.advance();
      limit = Optional.of(p.nonNegativeInt());
    }
    p.expectEnd();
    return new SoslQuery(term.toString(), words, digits.toString(), scope, returning, limit);
  }

  private static void flush(StringBuilder word, List<Pattern> words) {
    if (word.length() > 0) {
      words.add(Pattern.compile(".*" + word + ".*", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
      word.setLength(0);
    }
  }

  private static SoslQuery.Returning returning(SoqlParser p) {
    String object = p.identifier();
    List<String> fields = new ArrayList<>();
    Optional<Condition> where = Optional.empty();
    List<SoqlQuery.OrderBy> orderBy = List.of();
    Optional<Integer> limit = Optional.empty();
    if (p.peek().is(Kind.LPAREN)) {
      p.advance();
      fields.add(p.identifier());
      while (p.peek().is(Kind.COMMA)) {
        p.advance();
        fields.add(p.identifier());
      }
      if (p.peek().isKeyword("WHERE")) {
        p.advance();
        where = Optional.of(p.parseCondition());
      }
      if (p.peek().isKeyword("ORDER")) {
        orderBy = p.parseOrderBy();
      }
      if (p.peek().isKeyword("LIMIT")) {
        p.advance();
        limit = Optional.of(p.nonNegativeInt());
      }
      p.expect(Kind.RPAREN);
    }
    return new SoslQuery.Returning(object, fields, where, orderBy, limit);
  }
}
