package io.leadstream.sfemu.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A REST API request below {@code /services/data/vXX.X}: method, decoded path segments, query
 * parameters, a header lookup and the body (parsed on demand). Composite subrequests build the same
 * thing from their {@code url} and {@code body}.
 */
public final class ApiRequest {

  private final String method;
  private final String version;
  private final List<String> segments;
  private final Map<String, String> query;
  private final Function<String, String> headers;
  private final byte[] rawBody;
  private JsonNode body;

  public ApiRequest(String method, String version, List<String> segments, Map<String, String> query,
                    Function<String, String> headers, byte[] rawBody, JsonNode body) {
    this.method = method;
    this.version = version;
    this.segments = segments;
    this.query = query;
    this.headers = headers;
    this.rawBody = rawBody;
    this.body = body;
  }

  public String method() {
    return method;
  }

  public String version() {
    return version;
  }

  public double versionNumber() {
    return Double.parseDouble(version);
  }

  public List<String> segments() {
    return segments;
  }

  public String segment(int i) {
    return segments.get(i);
  }

  public String query(String name) {
    return query.get(name);
  }

  public String header(String name) {
    return headers.apply(name);
  }

  public JsonNode body() {
    if (body == null) {
      body = Json.parse(rawBody);
    }
    return body;
  }

  /** Splits a raw path into decoded segments ({@code %2F} inside a segment stays inside it). */
  public static List<String> splitPath(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  public static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.putIfAbsent(k, v);
    }
    return params;
  }
}
