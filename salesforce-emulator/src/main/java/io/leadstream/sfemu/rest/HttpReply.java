package io.leadstream.sfemu.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/** A response about to be written: status, headers, body bytes (empty for 204). */
public record HttpReply(int status, Map<String, String> headers, byte[] body) {

  public static HttpReply json(int status, Object value) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json;charset=UTF-8");
    return new HttpReply(status, headers, Json.write(value));
  }

  /** An HTML page, as Salesforce's edge serves for gateway errors and maintenance instead of an API body. */
  public static HttpReply html(int status, String page) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/html;charset=UTF-8");
    return new HttpReply(status, headers, page.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static HttpReply noContent() {
    return new HttpReply(204, new LinkedHashMap<>(), new byte[0]);
  }

  public static HttpReply redirect(String location) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Location", location);
    headers.put("Content-Type", "text/html;charset=UTF-8");
    String html = "<html><body>Approved. Redirecting to <a href=\"" + location.replace("\"", "&quot;")
        + "\">the callback</a>.</body></html>";
    return new HttpReply(302, headers, html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public HttpReply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new HttpReply(status, h, body);
  }
}
