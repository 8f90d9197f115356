package io.leadstream.sfemu.soql;

import io.leadstream.sfemu.org.FieldDef;
import io.leadstream.sfemu.org.FieldType;
import io.leadstream.sfemu.org.ObjectDef;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.org.SalesforceIds;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Binds a WHERE tree to an object's fields, checking field names and literal types the way
 * Salesforce does (INVALID_FIELD, MALFORMED_QUERY, INVALID_QUERY_FILTER_OPERATOR), and returns a
 * predicate over stored records. Text comparisons are case-insensitive, as in SOQL; {@code !=}
 * includes records whose field is null, as in SOQL.
 */
public final class RecordFilter {

  private RecordFilter() {
  }

  public static Predicate<Map<String, Object>> bind(ObjectDef type, Condition condition) {
    if (condition instanceof Condition.And and) {
      return all(type, and.terms());
    }
    if (condition instanceof Condition.Or or) {
      List<Predicate<Map<String, Object>>> ps = or.terms().stream().map(t -> bind(type, t)).toList();
      return r -> ps.stream().anyMatch(p -> p.test(r));
    }
    if (condition instanceof Condition.Not not) {
      return bind(type, not.term()).negate();
    }
    if (condition instanceof Condition.Comparison c) {
      return comparison(type, c);
    }
    if (condition instanceof Condition.In in) {
      FieldDef f = field(type, in.field());
      List<Object> values = in.values().stream().map(v -> value(f, v, "IN")).toList();
      Predicate<Map<String, Object>> member = r -> values.stream().anyMatch(v -> compare(f, r.get(f.name()), v) == 0);
      return in.negated() ? member.negate() : member;
    }
    Condition.Like like = (Condition.Like) condition;
    FieldDef f = field(type, like.field());
    if (!f.type().isText()) {
      throw SalesforceException.badRequest("INVALID_QUERY_FILTER_OPERATOR",
          "invalid operator on " + f.type().describeName() + " field: " + f.name());
    }
    LikePattern pattern = new LikePattern(like.pattern());
    return r -> pattern.matches((String) r.get(f.name()));
  }

  private static Predicate<Map<String, Object>> all(ObjectDef type, List<Condition> terms) {
    List<Predicate<Map<String, Object>>> ps = terms.stream().map(t -> bind(type, t)).toList();
    return r -> ps.stream().allMatch(p -> p.test(r));
  }

  public static FieldDef field(ObjectDef type, String name) {
    if (name.contains(".")) {
      throw SalesforceException.badRequest("INVALID_FIELD",
          "Didn't understand relationship '" + name.substring(0, name.indexOf('.')) + "' in field path. "
              + "This emulator supports relationship-free fields only.");
    }
    return type.field(name).orElseThrow(() -> SalesforceException.badRequest("INVALID_FIELD",
        "No such column '" + name + "' on entity '" + type.name() + "'. If you are attempting to use a custom field, "
            + "be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call "
            + "for the appropriate names."));
  }

  private static Predicate<Map<String, Object>> comparison(ObjectDef type, Condition.Comparison c) {
    FieldDef f = field(type, c.field());
    String op = c.operator();
    if (c.value().type() == Literal.Type.NULL) {
      if (!op.equals("=") && !op.equals("!=")) {
        throw SalesforceException.badRequest("MALFORMED_QUERY", "invalid operator with null: " + op);
      }
      return op.equals("=") ? r -> r.get(f.name()) == null : r -> r.get(f.name()) != null;
    }
    Object v = value(f, c.value(), op);
    return switch (op) {
      case "=" -> r -> compare(f, r.get(f.name()), v) == 0;
      case "!=" -> r -> compare(f, r.get(f.name()), v) != 0;
      case "<" -> r -> r.get(f.name()) != null && compare(f, r.get(f.name()), v) < 0;
      case "<=" -> r -> r.get(f.name()) != null && compare(f, r.get(f.name()), v) <= 0;
      case ">" -> r -> r.get(f.name()) != null && compare(f, r.get(f.name()), v) > 0;
      case ">=" -> r -> r.get(f.name()) != null && compare(f, r.get(f.name()), v) >= 0;
      default -> throw SalesforceException.badRequest("MALFORMED_QUERY", "unexpected token: " + op);
    };
  }

  /** Checks the literal's type against the field's and converts it to the stored form. */
  private static Object value(FieldDef f, Literal lit, String op) {
    if (lit.type() == Literal.Type.NULL) {
      return null;
    }
    FieldType t = f.type();
    if (t == FieldType.ID || t == FieldType.REFERENCE) {
      String s = expectType(f, lit, Literal.Type.STRING, "string", true).toString();
      return SalesforceIds.normalize(s).orElseThrow(() -> SalesforceException.badRequest(
          "INVALID_QUERY_FILTER_OPERATOR", "invalid ID field: " + s));
    }
    if (t.isText()) {
      String s = expectType(f, lit, Literal.Type.STRING, "string", true).toString();
      if (s.indexOf(SoqlLexer.ESCAPED_PERCENT) >= 0 || s.indexOf(SoqlLexer.ESCAPED_UNDERSCORE) >= 0) {
        throw SalesforceException.badRequest("MALFORMED_QUERY",
            "Invalid string literal '" + s + "'. Illegal character sequence '\\_' or '\\%' outside LIKE.");
      }
      return s;
    }
    return switch (t) {
      case BOOLEAN -> expectType(f, lit, Literal.Type.BOOLEAN, "boolean", false);
      case INT, DOUBLE, CURRENCY, PERCENT -> ((BigDecimal) expectType(f, lit, Literal.Type.NUMBER, "number", false)).doubleValue();
      case DATE -> expectType(f, lit, Literal.Type.DATE, "date", false);
      case DATETIME -> expectType(f, lit, Literal.Type.DATETIME, "datetime", false);
      default -> throw SalesforceException.badRequest("INVALID_QUERY_FILTER_OPERATOR", "invalid operator on field: " + f.name() + " " + op);
    };
  }

  private static Object expectType(FieldDef f, Literal lit, Literal.Type expected, String typeName, boolean quoted) {
    if (lit.type() != expected) {
      throw SalesforceException.badRequest("INVALID_QUERY_FILTER_OPERATOR",
          "value of filter criterion for field '" + f.name() + "' must be of type " + typeName + " and should "
              + (quoted ? "" : "not ") + "be enclosed in quotes");
    }
    return lit.value();
  }

  /** Orders stored values of one field; null sorts before everything. */
  @SuppressWarnings("unchecked")
  public static int compare(FieldDef f, Object stored, Object literal) {
    if (stored == null || literal == null) {
      return stored == literal ? 0 : (stored == null ? -1 : 1);
    }
    if (f.type().isText()) {
      return stored.toString().toLowerCase(Locale.ROOT).compareTo(literal.toString().toLowerCase(Locale.ROOT));
    }
    if (stored instanceof Number n && literal instanceof Number m) {
      return Double.compare(n.doubleValue(), m.doubleValue());
    }
    return ((Comparable<Object>) stored).compareTo(literal);
  }
}
