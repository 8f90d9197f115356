package io.leadstream.sink.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes a record body fit the org: text without control characters (Salesforce rejects NUL and most
 * C0 characters in XML-backed text; tab, CR and LF stay) and no longer than each field's length from
 * the org's describe metadata, cut at a character boundary — so one long summary or use case is
 * shortened with a note instead of failing the record (STRING_TOO_LONG). Describes are fetched once
 * per object and refreshed hourly; if one fails the body is only cleaned.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
public final class FieldLimits {
  private static final Set<String> TEXT_TYPES = Set.of("string", "textarea", "phone", "email", "url", "picklist",
      "combobox", "encryptedstring");
  private static final Duration REFRESH = Duration.ofHours(1);

  private final SalesforceClient client;
  private final Clock clock;
  private final Map<String, Map<String, Integer>> lengths = new HashMap<>();
  private final Map<String, Instant> fetchedAt = new HashMap<>();

  public FieldLimits(SalesforceClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Cleans and shortens {@code body}'s text values in place; one note per shortened field. */
  public List<String> fit(String type, ObjectNode body) {
    Map<String, Integer> max = lengths(type);
    List<String> notes = new ArrayList<>();
    for (String field : List.copyOf(body.propertyNames())) {
      JsonNode v = body.get(field);
      if (v == null || !v.isString()) {
        continue;
      }
      String text = clean(v.asString());
      Integer limit = max.get(field);
      if (limit != null && limit > 0 && text.length() > limit) {
        int cut = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        notes.add(type + "." + field + " shortened from " + text.length() + " to " + cut + " characters");
        text = text.substring(0, cut);
      }
      body.put(field, text);
    }
    return notes;
  }

  /** Without control characters other than tab, CR and LF, and without lone surrogates. */
  public static String clean(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f;
      boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
          && Character.isHighSurrogate(text.charAt(i - 1)));
      if (control || lone) {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        continue;
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /** Takes the lengths from a describe made for another reason (the setup check): no second call for them. */
  public synchronized void learn(String type, JsonNode describe) {
    lengths.put(type, lengthsOf(describe));
    fetchedAt.put(type, clock.instant());
  }

  private static Map<String, Integer> lengthsOf(JsonNode describe) {
    Map<String, Integer> byField = new HashMap<>();
    for (JsonNode f : describe.path("fields")) {
      if (TEXT_TYPES.contains(f.path("type").asString("")) && f.path("length").asInt(0) > 0) {
        byField.put(f.path("name").asString(), f.path("length").asInt());
      }
    }
    return byField;
  }

  private synchronized Map<String, Integer> lengths(String type) {
    Instant now = clock.instant();
    Instant at = fetchedAt.get(type);
    if (at != null && now.isBefore(at.plus(REFRESH))) {
      return lengths.get(type);
    }
    Map<String, Integer> byField;
    boolean fetched = false;
    try {
      byField = lengthsOf(client.describe(type));
      fetched = true;
    } catch (SalesforceApiException e) {
      // Without metadata the body is still cleaned; a too-long value then fails as that record's error.
      byField = lengths.getOrDefault(type, Map.of());
    }
    lengths.put(type, byField);
    // A failed describe is asked again in a minute, not in an hour.
    fetchedAt.put(type, fetched ? now : now.minus(REFRESH).plusSeconds(60));
    return byField;
  }
}
