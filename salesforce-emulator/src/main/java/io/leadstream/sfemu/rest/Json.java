package io.leadstream.sfemu.rest;

import io.leadstream.sfemu.org.SfError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON plumbing and Salesforce's two error shapes. */
public final class Json {

  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {
  }

  /** REST error body entries: {"message","errorCode","fields"}. */
  public static List<Map<String, Object>> restErrors(List<SfError> errors) {
    return errors.stream().map(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("message", e.message());
      m.put("errorCode", e.errorCode());
      m.put("fields", e.fields());
      return m;
    }).toList();
  }

  /** sObject Collections per-record errors use "statusCode" instead of "errorCode". */
  public static List<Map<String, Object>> collectionErrors(List<SfError> errors) {
    return errors.stream().map(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("statusCode", e.errorCode());
      m.put("message", e.message());
      m.put("fields", e.fields());
      return m;
    }).toList();
  }

  public static byte[] write(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** Parses a request body; malformed JSON is JSON_PARSER_ERROR like Salesforce reports it. */
  public static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw io.leadstream.sfemu.org.SalesforceException.badRequest("JSON_PARSER_ERROR",
          "The HTTP entity body is required, but this request has no entity body.");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw io.leadstream.sfemu.org.SalesforceException.badRequest("JSON_PARSER_ERROR", e.getOriginalMessage());
    }
  }
}
