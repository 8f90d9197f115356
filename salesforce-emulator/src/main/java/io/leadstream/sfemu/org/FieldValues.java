package io.leadstream.sfemu.org;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import tools.jackson.databind.JsonNode;

/**
 * Converts JSON input to stored values per field type, the way the REST API deserialises them.
 * Stored forms: String for text/date/datetime (dates ISO, datetimes in Salesforce's output format,
 * both sortable as text), Boolean, Integer for int, Double for double/currency/percent.
 */
public final class FieldValues {

  /** Salesforce's own datetime output format: 2025-01-15T14:00:00.000+0000. */
  public static final DateTimeFormatter SF_DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

  /** Accepts Z, +hh:mm and +hhmm offsets, with or without fractions of a second. */
  private static final DateTimeFormatter INPUT_DATETIME = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .appendLiteral('T')
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter();

  private FieldValues() {
  }

  public static String formatDateTime(Instant instant) {
    return SF_DATETIME.format(instant);
  }

  /** Parses a datetime as the API accepts it; a value without offset is taken as UTC. */
  public static Instant parseDateTime(String text) {
    var parsed = INPUT_DATETIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
    if (parsed instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
  }

  /** The stored value for a JSON value, or JSON_PARSER_ERROR as Salesforce reports a wrong type. */
  public static Object coerce(FieldDef field, JsonNode node) {
    if (node == null || node.isNull()) {
      return field.type() == FieldType.BOOLEAN ? Boolean.FALSE : null;
    }
    if (node.isContainer()) {
      throw parseError(field, node, node.isArray() ? "START_ARRAY" : "START_OBJECT");
    }
    String text = node.asString();
    try {
      return switch (field.type()) {
        case BOOLEAN -> {
          if (node.isBoolean()) {
            yield node.booleanValue();
          }
          if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            yield Boolean.parseBoolean(text);
          }
          throw parseError(field, node, tokenName(node));
        }
        case INT -> {
          if (node.isNumber() && !node.isIntegralNumber() && node.doubleValue() != Math.rint(node.doubleValue())) {
            throw parseError(field, node, tokenName(node));
          }
          yield node.isNumber() ? node.intValue() : Integer.parseInt(text.trim());
        }
        case DOUBLE, CURRENCY, PERCENT -> node.isNumber() ? node.doubleValue() : Double.parseDouble(text.trim());
        case DATE -> (text.length() > 10 ? parseDateTime(text).atOffset(ZoneOffset.UTC).toLocalDate()
            : LocalDate.parse(text)).toString();
        case DATETIME -> formatDateTime(parseDateTime(text));
        default -> {
          if (node.isBoolean()) {
            throw parseError(field, node, tokenName(node));
          }
          yield text;
        }
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw parseError(field, node, tokenName(node));
    }
  }

  private static String tokenName(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue() ? "VALUE_TRUE" : "VALUE_FALSE";
    }
    if (node.isIntegralNumber()) {
      return "VALUE_NUMBER_INT";
    }
    if (node.isNumber()) {
      return "VALUE_NUMBER_FLOAT";
    }
    return "VALUE_STRING";
  }

  /** Message shape of the REST API's deserialisation failures. */
  private static SalesforceException parseError(FieldDef field, JsonNode node, String token) {
    String typeName = switch (field.type()) {
      case BOOLEAN -> "boolean";
      case INT -> "int";
      case DOUBLE, CURRENCY, PERCENT -> "double";
      case DATE -> "date";
      case DATETIME -> "datetime";
      default -> "string";
    };
    return SalesforceException.badRequest("JSON_PARSER_ERROR",
        "Cannot deserialize instance of " + typeName + " from " + token + " value " + node.asString()
            + " or request may be missing a required field");
  }
}
