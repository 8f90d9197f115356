package io.leadstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and malformed requests: each answered 4xx (or 2xx when it happens to be
 * valid), never 5xx, and the service is healthy afterwards. The seed is printed so a failure replays.
 */
class FuzzTest extends ApiTestSupport {
  private static final String[] PATHS = {"/api/v1/crm/events", "/api/v1/crm/leads/l1", "/api/v1/crm/leads/%00x",
      "/api/v1/crm/cadences", "/api/v1/webhooks/call-ended", "/api/v1/sessions", "/api/salesforce/test-sync",
      "/api/salesforce/oauth/callback?state=x&code=y", "/api/v1/crm/leads/" + "a".repeat(300)};
  private static final String[] METHODS = {"POST", "POST", "POST", "PUT", "GET", "DELETE", "PATCH"};
  private static final String[] TYPES = {"application/json", "application/json", "text/plain",
      "application/json; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data", "*/*", null};
  private static final String[] FRAGMENTS = {"{", "}", "[", "]", ":", ",", "\"eventType\"", "\"CALL_PLACED\"",
      "\"leadId\"", "\"l1\"", "null", "true", "-1e999", "1e400", "\"\\u0000\"", "\"\\ud800\"", "123456789012345678901",
      "\"timestamp\"", "\"2025-13-45T99:99:99Z\"", "\"leadScore\"", "101", "\"phone\"", "\"structured_data\"",
      "\"session_id\"", "\"tool_calls\"", "\"eventId\"", "\"MEETING_BOOKED\"", "\"date\"", "{}", "[]", "\"x\"", " "};

  @Test
  void randomBodiesAndHeadersNeverCauseA5xx() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Map<Integer, Integer> statuses = new HashMap<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      String path = PATHS[random.nextInt(PATHS.length)];
      String method = METHODS[random.nextInt(METHODS.length)];
      String type = TYPES[random.nextInt(TYPES.length)];
      byte[] body = body(random);
      Map<String, String> headers = new HashMap<>();
      if (random.nextInt(10) == 0) {
        headers.put("Content-Encoding", random.nextBoolean() ? "gzip" : "deflate");
      }
      if (random.nextInt(10) == 0) {
        headers.put("Accept", random.nextBoolean() ? "application/xml" : "text/html");
      }
      String token = switch (random.nextInt(8)) {
        case 0 -> null;
        case 1 -> "garbage" + random.nextInt();
        default -> TOKEN;
      };
      HttpResponse<String> r = send(method, path, token, type, method.equals("GET") || method.equals("DELETE")
          ? null : body, headers);
      statuses.merge(r.statusCode(), 1, Integer::sum);
      if (r.statusCode() >= 500) {
        failures.add(method + " " + path + " " + type + " " + new String(body, StandardCharsets.UTF_8) + " → "
            + r.statusCode() + " " + r.body());
      }
    }
    assertThat(failures).as("seed " + seed + ", statuses " + statuses).isEmpty();
    assertThat(management("/health").statusCode()).isEqualTo(200);
  }

  private static byte[] body(Random random) {
    switch (random.nextInt(4)) {
      case 0 -> {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        return b;
      }
      case 1 -> {
        return "{\"eventType\": \"CALL_PLACED\", \"leadId\": \"l1\"}".getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(40);
        for (int k = 0; k < n; k++) {
          s.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
      }
    }
  }
}
