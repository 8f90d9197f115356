package io.leadstream.sfemu.soql;

import io.leadstream.sfemu.soql.Token.Kind;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.math.BigDecimal;
import io.leadstream.sfemu.org.FieldValues;

/**
 * Recursive-descent parser for the SOQL subset: SELECT fields|COUNT() FROM obj [WHERE …]
 * [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]. As in SOQL, AND and OR
 * cannot be mixed at one level without parentheses.
 */
public final class SoqlParser {

  private final List<Token> tokens;
  private int pos;

  public SoqlParser(List<Token> tokens, int start) {
    this.tokens = tokens;
    this.pos = start;
  }

  public static SoqlQuery parse(String soql) {
    SoqlParser p = new SoqlParser(SoqlLexer.tokenize(soql), 0);
    SoqlQuery q = p.parseSelect();
    p.expectEnd();
    return q;
  }

  public SoqlQuery parseSelect() {
    keyword("SELECT");
    boolean count = false;
    List<String> fields = new ArrayList<>();
    if (peek().isKeyword("COUNT") && tokens.get(pos + 1).is(Kind.LPAREN)) {
      pos++;
      expect(Kind.LPAREN);
      expect(Kind.RPAREN);
      count = true;
    } else {
      fields.add(identifier());
      while (peek().is(Kind.COMMA)) {
        pos++;
        fields.add(identifier());
      }
    }
    keyword("FROM");
    String object = identifier();
    Optional<Condition> where = Optional.empty();
    if (peek().isKeyword("WHERE")) {
      pos++;
      where = Optional.of(parseCondition());
    }
    List<SoqlQuery.OrderBy> orderBy = peek().isKeyword("ORDER") ? parseOrderBy() : List.of();
    Optional<Integer> limit = Optional.empty();
    if (peek().isKeyword("LIMIT")) {
      pos++;
      limit = Optional.of(nonNegativeInt());
    }
    Optional<Integer> offset = Optional.empty();
    if (peek().isKeyword("OFFSET")) {
      pos++;
      offset = Optional.of(nonNegativeInt());
    }
    return new SoqlQuery(object, fields, count, where, orderBy, limit, offset);
  }

  public List<SoqlQuery.OrderBy> parseOrderBy() {
    keyword("ORDER");
    keyword("BY");
    List<SoqlQuery.OrderBy> items = new ArrayList<>();
    do {
      if (!items.isEmpty()) {
        pos++;
      }
      String field = identifier();
      boolean desc = false;
      if (peek().isKeyword("ASC")) {
        pos++;
      } else if (peek().isKeyword("DESC")) {
        pos++;
        desc = true;
      }
      boolean nullsFirst = !desc;
      if (peek().isKeyword("NULLS")) {
        pos++;
        if (peek().isKeyword("FIRST")) {
          nullsFirst = true;
        } else if (peek().isKeyword("LAST")) {
          nullsFirst = false;
        } else {
          throw unexpected();
        }
        pos++;
      }
      items.add(new SoqlQuery.OrderBy(field, desc, nullsFirst));
    } while (peek().is(Kind.COMMA));
    return items;
  }

  public Condition parseCondition() {
    List<Condition> terms = new ArrayList<>();
    terms.add(parseUnary());
    String joiner = null;
    while (peek().isKeyword("AND") || peek().isKeyword("OR")) {
      String op = peek().text().toUpperCase(java.util.Locale.ROOT);
      if (joiner != null && !joiner.equals(op)) {
        throw unexpected();
      }
      joiner = op;
      pos++;
      terms.add(parseUnary());
    }
    if (terms.size() == 1) {
      return terms.get(0);
    }
    return "AND".equals(joiner) ? new Condition.And(terms) : new Condition.Or(terms);
  }

  private Condition parseUnary() {
    if (peek().isKeyword("NOT")) {
      pos++;
      return new Condition.Not(parseUnary());
    }
    if (peek().is(Kind.LPAREN)) {
      pos++;
      Condition inner = parseCondition();
      expect(Kind.RPAREN);
      return inner;
    }
    String field = identifier();
    Token t = peek();
    if (t.is(Kind.OP)) {
      pos++;
      return new Condition.Comparison(field, t.text().equals("<>") ? "!=" : t.text(), literal());
    }
    if (t.isKeyword("LIKE")) {
      pos++;
      Token pattern = expect(Kind.STRING);
      return new Condition.Like(field, pattern.text());
    }
    boolean negated = false;
    if (t.isKeyword("NOT") && tokens.get(pos + 1).isKeyword("IN")) {
      negated = true;
      pos++;
    }
    if (peek().isKeyword("IN")) {
      pos++;
      expect(Kind.LPAREN);
      List<Literal> values = new ArrayList<>();
      values.add(literal());
      while (peek().is(Kind.COMMA)) {
        pos++;
        values.add(literal());
      }
      expect(Kind.RPAREN);
      return new Condition.In(field, negated, values);
    }
    throw unexpected();
  }

  private Literal literal() {
    Token t = tokens.get(pos++);
    return switch (t.kind()) {
      case STRING -> new Literal(Literal.Type.STRING, t.text());
      case NUMBER -> new Literal(Literal.Type.NUMBER, new BigDecimal(t.text()));
      case DATE -> new Literal(Literal.Type.DATE, LocalDate.parse(t.text()).toString());
      case DATETIME -> new Literal(Literal.Type.DATETIME, FieldValues.formatDateTime(FieldValues.parseDateTime(t.text())));
      case IDENT -> keywordLiteral(t);
      default -> {
        pos--;
        throw unexpected();
      }
    };
  }

  /** null, true, false and the date literals this subset supports (TODAY, YESTERDAY, TOMORROW). */
  private Literal keywordLiteral(Token t) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return switch (t.text().toUpperCase(java.util.Locale.ROOT)) {
      case "NULL" -> Literal.NULL;
      case "TRUE" -> new Literal(Literal.Type.BOOLEAN, true);
      case "FALSE" -> new Literal(Literal.Type.BOOLEAN, false);
      case "TODAY" -> new Literal(Literal.Type.DATE, today.toString());
      case "YESTERDAY" -> new Literal(Literal.Type.DATE, today.minusDays(1).toString());
      case "TOMORROW" -> new Literal(Literal.Type.DATE, today.plusDays(1).toString());
      default -> {
        pos--;
        throw unexpected();
      }
    };
  }

  public Token peek() {
    return tokens.get(pos);
  }

  public int position() {
    return pos;
  }

  public void advance() {
    pos++;
  }

  public String identifier() {
    Token t = peek();
    if (!t.is(Kind.IDENT)) {
      throw unexpected();
    }
    pos++;
    return t.text();
  }

  public void keyword(String keyword) {
    if (!peek().isKeyword(keyword)) {
      throw unexpected();
    }
    pos++;
  }

  public Token expect(Kind kind) {
    Token t = peek();
    if (!t.is(kind)) {
      throw unexpected();
    }
    pos++;
    return t;
  }

  public int nonNegativeInt() {
    Token t = expect(Kind.NUMBER);
    try {
      int n = Integer.parseInt(t.text());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new SoqlSyntaxException("line 1:" + t.position() + " invalid integer: " + t.text());
    }
  }

  public void expectEnd() {
    if (!peek().is(Kind.EOF)) {
      throw unexpected();
    }
  }

  public SoqlSyntaxException unexpected() {
    Token t = peek();
    return new SoqlSyntaxException(t.is(Kind.EOF)
        ? "unexpected token: <EOF>"
        : "line 1:" + t.position() + " unexpected token: '" + t.text() + "'");
  }
}
