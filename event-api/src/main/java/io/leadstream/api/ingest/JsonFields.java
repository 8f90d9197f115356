package io.leadstream.api.ingest;

import io.leadstream.api.web.FieldError;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Typed, validating reads of one JSON object. Every problem is added to the shared error list under
 * the field's full path ({@code items[2].leadScore}); readers return null for a missing or bad
 * value so one pass reports every bad field.
 * <p>
 * Every text read goes through here, so this is where input hygiene lives (SPEC §10): no string
 * value may carry a control character (C0, DEL, C1) or an unpaired UTF-16 surrogate — a NUL is a
 * PostgreSQL data error downstream, and a lone surrogate becomes {@code ?} once encoded to UTF-8.
 * Free text ({@link #text}: summaries, notes, utterances) may carry tab, line feed and carriage return.
 */
public final class JsonFields {
  public static final int ID_MAX = 128;
  public static final int TEXT_MAX = 2_000;
  public static final int LONG_TEXT_MAX = 16_000;
  public static final int LIST_MAX = 100;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()./-]{7,24}$");
  private static final Pattern UUID_TEXT =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final JsonNode node;
  private final String prefix;
  private final List<FieldError> errors;

  public JsonFields(JsonNode node, String prefix, List<FieldError> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  public String path(String field) {
    return prefix.isEmpty() ? field : prefix + "." + field;
  }

  public void error(String field, String message) {
    errors.add(new FieldError(path(field), message));
  }

  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  public JsonNode raw(String field) {
    return node.get(field);
  }

  /** Reports every property outside {@code allowed}. */
  public void onlyKnown(Set<String> allowed) {
    for (String name : node.propertyNames()) {
      if (!allowed.contains(name)) {
        error(name, "unknown field");
      }
    }
  }

  /** A single-line string: no control characters at all. */
  public String string(String field, int max, boolean required) {
    return read(field, max, required, false);
  }

  /** Free text (a summary, notes, an utterance): tab, line feed and carriage return allowed, no other control character. */
  public String text(String field, int max, boolean required) {
    return read(field, max, required, true);
  }

  private String read(String field, int max, boolean required, boolean freeText) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isString()) {
      error(field, "must be a string");
      return null;
    }
    String s = v.stringValue();
    if (s.isBlank()) {
      error(field, "must not be blank");
      return null;
    }
    if (s.length() > max) {
      error(field, "must be at most " + max + " characters");
      return null;
    }
    String problem = hygieneProblem(s, freeText);
    if (problem != null) {
      error(field, problem);
      return null;
    }
    return s;
  }

  /**
   * Why {@code s} is not acceptable text (null when it is): a control character — except tab, line
   * feed and carriage return in free text — or an unpaired surrogate. The message names the code
   * point and its index, never the value (it may be a secret or personal data).
   */
  public static String hygieneProblem(String s, boolean freeText) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
        return (freeText ? "must not contain control characters other than tab, line feed and carriage return"
            : "must not contain control characters") + String.format(" (U+%04X at index %d)", (int) c, i);
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format("must not contain an unpaired UTF-16 surrogate (U+%04X at index %d)", (int) c, i);
      }
    }
    return null;
  }

  /** The first present of several accepted names (seed spelling and SPEC spelling). */
  public String firstPresent(String... names) {
    for (String n : names) {
      if (has(n)) {
        return n;
      }
    }
    return names[0];
  }

  public Integer integer(String field, int min, int max, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
      error(field, "must be an integer from " + min + " to " + max);
      return null;
    }
    int i = v.intValue();
    if (i < min || i > max) {
      error(field, "must be an integer from " + min + " to " + max);
      return null;
    }
    return i;
  }

  public Long longValue(String field, long min, long max, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()
        || v.longValue() < min || v.longValue() > max) {
      error(field, "must be an integer from " + min + " to " + max);
      return null;
    }
    return v.longValue();
  }

  public Double number(String field, double min, double max, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    double d = v.isNumber() ? v.doubleValue() : Double.NaN;
    if (Double.isNaN(d) || d < min || d > max) {
      error(field, "must be a number from " + min + " to " + max);
      return null;
    }
    return d;
  }

  public Boolean bool(String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isBoolean()) {
      error(field, "must be true or false");
      return null;
    }
    return v.booleanValue();
  }

  /** An ISO-8601 instant with an offset ({@code 2025-10-29T14:30:00Z}, {@code …+02:00}). */
  public Instant instant(String field, boolean required) {
    String s = string(field, 64, required);
    if (s == null) {
      return null;
    }
    try {
      Instant t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      if (t.isBefore(Instant.parse("2000-01-01T00:00:00Z")) || t.isAfter(Instant.parse("2100-01-01T00:00:00Z"))) {
        error(field, "must be between 2000 and 2100");
        return null;
      }
      return t;
    } catch (DateTimeParseException e) {
      error(field, "must be an ISO-8601 timestamp with offset, e.g. 2025-10-29T14:30:00Z");
      return null;
    }
  }

  public <E extends Enum<E>> E enumValue(String field, Class<E> type, Set<E> allowed, boolean required) {
    String s = string(field, 64, required);
    if (s == null) {
      return null;
    }
    for (E e : allowed) {
      if (e.name().equalsIgnoreCase(s.strip())) {
        return e;
      }
    }
    error(field, "must be one of " + allowed.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    return null;
  }

  /** A string that must be one of {@code allowed} (compared case-insensitively, returned as listed). */
  public String oneOf(String field, List<String> allowed, boolean required) {
    String s = string(field, 64, required);
    if (s == null) {
      return null;
    }
    for (String a : allowed) {
      if (a.equalsIgnoreCase(s.strip())) {
        return a;
      }
    }
    error(field, "must be one of " + allowed);
    return null;
  }

  public List<String> strings(String field, int maxItems, int maxLength) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      error(field, "must be an array of strings");
      return null;
    }
    if (v.size() > maxItems) {
      error(field, "must have at most " + maxItems + " items");
      return null;
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : v.values()) {
      String problem = item.isString() ? hygieneProblem(item.stringValue(), false) : null;
      if (!item.isString() || item.stringValue().isBlank() || item.stringValue().length() > maxLength) {
        errors.add(new FieldError(path(field) + "[" + i + "]",
            "must be a non-blank string of at most " + maxLength + " characters"));
        out = null;
      } else if (problem != null) {
        errors.add(new FieldError(path(field) + "[" + i + "]", problem));
        out = null;
      } else if (out != null) {
        out.add(item.stringValue());
      }
      i++;
    }
    return out;
  }

  public String email(String field, boolean required) {
    String s = string(field, 254, required);
    if (s != null && !EMAIL.matcher(s.strip()).matches()) {
      error(field, "must be an email address");
      return null;
    }
    return s == null ? null : s.strip();
  }

  public String phone(String field, boolean required) {
    String s = string(field, 32, required);
    if (s != null && (!PHONE.matcher(s.strip()).matches() || s.replaceAll("\\D", "").length() < 7)) {
      error(field, "must be a phone number (E.164 preferred, e.g. +13055550142)");
      return null;
    }
    return s == null ? null : s.strip();
  }

  public String zone(String field) {
    String s = string(field, 64, false);
    if (s == null) {
      return null;
    }
    try {
      return ZoneId.of(s.strip()).getId();
    } catch (DateTimeException e) {
      error(field, "must be an IANA time zone, e.g. America/New_York");
      return null;
    }
  }

  public String uuid(String field) {
    String s = string(field, 36, false);
    if (s != null && !UUID_TEXT.matcher(s).matches()) {
      error(field, "must be a UUID");
      return null;
    }
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  public String url(String field) {
    String s = string(field, TEXT_MAX, false);
    if (s == null) {
      return null;
    }
    try {
      URI u = new URI(s);
      if (!("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme())) || u.getHost() == null) {
        throw new java.net.URISyntaxException(s, "not http(s)");
      }
      return s;
    } catch (java.net.URISyntaxException e) {
      error(field, "must be an http(s) URL");
      return null;
    }
  }

  /** A nested object, or null (with an error when present but not an object). */
  public JsonFields object(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      error(field, "must be an object");
      return null;
    }
    return new JsonFields(v, path(field), errors);
  }

  /** Scalar properties of a nested object as strings (tool-call arguments). */
  public Map<String, String> scalarMap(String field, int maxEntries) {
    JsonFields obj = object(field);
    if (obj == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (obj.node.size() > maxEntries) {
      error(field, "must have at most " + maxEntries + " entries");
      return null;
    }
    for (Map.Entry<String, JsonNode> e : obj.node.properties()) {
      String value = obj.scalar(e.getKey(), TEXT_MAX);
      if (value != null) {
        out.put(e.getKey(), value);
      }
    }
    return out;
  }

  /**
   * A property whose name is data (a tool call's argument) read as text: a string, number or boolean of
   * at most {@code max} characters; its value is free text, its name a single-line id. Null when absent,
   * null or bad.
   */
  public String scalar(String field, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isContainer() || field.length() > ID_MAX || v.asString().length() > max) {
      error(field, "must be a string, number or boolean of at most " + max + " characters");
      return null;
    }
    String problem = hygieneProblem(field, false);
    if (problem != null) {
      error(field, "name " + problem);
      return null;
    }
    problem = hygieneProblem(v.asString(), true);
    if (problem != null) {
      error(field, problem);
      return null;
    }
    return v.asString();
  }

  public JsonNode node() {
    return node;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
