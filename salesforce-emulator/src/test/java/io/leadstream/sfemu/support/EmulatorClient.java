package io.leadstream.sfemu.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain java.net.http client for the emulator's REST, OAuth and admin endpoints. */
public final class EmulatorClient {

  public static final JsonMapper JSON = JsonMapper.builder().build();
  public static final String V = "/services/data/v60.0";

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String baseUrl;
  private String token;

  public EmulatorClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  public record Reply(int status, Map<String, java.util.List<String>> headers, String text) {
    public JsonNode json() {
      return JSON.readTree(text);
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst();
    }

    /** errorCode of the first entry of a REST error body. */
    public String errorCode() {
      return json().get(0).path("errorCode").asString();
    }
  }

  public EmulatorClient withToken(String newToken) {
    return new EmulatorClient(baseUrl, newToken);
  }

  public Reply get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Reply get(String path, Map<String, String> headers) {
    return send("GET", path, null, headers);
  }

  public Reply post(String path, Object body) {
    return send("POST", path, body, Map.of());
  }

  public Reply patch(String path, Object body) {
    return send("PATCH", path, body, Map.of());
  }

  public Reply delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  public Reply query(String soql) {
    return get(V + "/query?q=" + enc(soql));
  }

  public Reply search(String sosl) {
    return get(V + "/search?q=" + enc(sosl));
  }

  public Reply form(String path, Map<String, String> params) {
    String body = params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return exchange(req);
  }

  public Reply send(String method, String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
    if (text != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
    return exchange(b.build());
  }

  private Reply exchange(HttpRequest req) {
    try {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
