package io.leadstream.bench.sink;

import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.crm.CallActivity;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seeds' per-call flow, written plainly: what the S3 → Lambda → Salesforce proposal (seed 000,
 * {@code lambda_handler}) and the webhook MVP (seed 001) do for every call that ends, over the REST
 * API with the JDK {@link HttpClient}:
 * <ol>
 *   <li>match: {@code SELECT … FROM Contact WHERE Email = '…' LIMIT 1}, then the unconverted Lead
 *       when no Contact matches (seed 000's {@code find_salesforce_record});</li>
 *   <li>{@code POST /sobjects/Task} (seed 000's {@code create_salesforce_task}, seed 001's
 *       {@code createCallLogTask});</li>
 *   <li>{@code PATCH /sobjects/Contact|Lead/{id}} with the Voice Agent fields (seed 000's
 *       {@code update_contact_fields}: last call date, total calls + 1, meeting booked, use case).</li>
 * </ol>
 * Deliberately generous to the baseline: the match query also selects the current call count, so
 * the increment costs no extra read, and the seed's duplicate check ("check for existing Task with
 * same session_id") is left out — with it the flow would take four requests per call, not three.
 * One instance per worker, like one warm Lambda container: its own connection and its own OAuth
 * token (client credentials), renewed on 401. Errors are retried as seed 000's error table says (3
 * attempts, exponential back-off); anything else fails the call loudly.
 * <p>
 * Not thread-safe: one instance per worker.
 */
final class NaivePerEventSync {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int ATTEMPTS = 3;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String loginUrl;
  private final String clientId;
  private final String clientSecret;
  private final String apiVersion;
  private String instanceUrl;
  private String accessToken;

  NaivePerEventSync(String loginUrl, String clientId, String clientSecret, String apiVersion) {
    this.loginUrl = loginUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.apiVersion = apiVersion;
  }

  /** What one call did: the record it was logged on, or none when no Contact or Lead has the email. */
  record Outcome(String whoType, String whoId, String taskId) {
    boolean matched() {
      return whoId != null;
    }
  }

  /** OAuth 2.0 client credentials: {@code POST /services/oauth2/token}; the cold start of a Lambda. */
  void login() throws IOException, InterruptedException {
    String form = "grant_type=client_credentials&client_id=" + form(clientId) + "&client_secret=" + form(clientSecret);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(loginUrl + "/services/oauth2/token"))
            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("OAuth token request failed: " + r.statusCode() + " " + r.body());
    }
    JsonNode token = JSON.readTree(r.body());
    accessToken = token.get("access_token").asString();
    instanceUrl = token.get("instance_url").asString();
  }

  /** The seeds' three steps for one call; the email identifies the lead as in seed 000's session export. */
  Outcome sync(CallActivity call) throws IOException, InterruptedException {
    if (accessToken == null) {
      login();
    }
    String email = call.getEmail();
    if (email == null || email.isBlank()) {
      return new Outcome(null, null, null);
    }
    // 1. Match: Contact first, then an unconverted Lead.
    String type = "Contact";
    JsonNode who = first(query("SELECT Id, Voice_Agent_Total_Calls__c FROM Contact WHERE Email = "
        + soqlLiteral(email) + " LIMIT 1"));
    if (who == null) {
      type = "Lead";
      who = first(query("SELECT Id, Voice_Agent_Total_Calls__c FROM Lead WHERE Email = "
          + soqlLiteral(email) + " AND IsConverted = false LIMIT 1"));
    }
    if (who == null) {
      return new Outcome(null, null, null); // seed 000: log the unmatched email, not a failure
    }
    String whoId = who.get("Id").asString();

    // 2. Create the Task.
    LocalDate day = LocalDate.ofInstant(callTime(call), ZoneOffset.UTC);
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("Subject", "Voice AI Call - " + day);
    task.put("WhoId", whoId);
    task.put("ActivityDate", day.toString());
    task.put("Status", "Completed");
    task.put("TaskSubtype", "Call");
    task.put("Type", "Call");
    task.put("CallDurationInSeconds", call.getDurationSeconds());
    task.put("CallObject", call.getCallId());
    task.put("Description", summary(call));
    JsonNode created = send("POST", "/sobjects/Task", JSON.writeValueAsString(task));
    String taskId = created.get("id").asString();

    // 3. Update the Contact/Lead's engagement fields.
    JsonNode calls = who.get("Voice_Agent_Total_Calls__c");
    double total = calls == null || calls.isNull() ? 0 : calls.asDouble();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Voice_Agent_Last_Call_Date__c", day.toString());
    fields.put("Voice_Agent_Total_Calls__c", total + 1);
    if (booksMeeting(call)) {
      fields.put("Voice_Agent_Meeting_Booked__c", true);
    }
    if (call.getSignals() != null && call.getSignals().getUseCase() != null) {
      fields.put("Voice_Agent_Identified_Use_Case__c", call.getSignals().getUseCase());
    }
    send("PATCH", "/sobjects/" + type + "/" + whoId, JSON.writeValueAsString(fields));
    return new Outcome(type, whoId, taskId);
  }

  /**
   * A SOQL string literal: backslash, both quotes and the control characters SOQL knows are
   * backslash-escaped, so an address such as {@code o'neil@x.example} cannot end the literal.
   */
  static String soqlLiteral(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\'' -> b.append("\\'");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> b.append(c);
      }
    }
    return b.append('\'').toString();
  }

  private JsonNode query(String soql) throws IOException, InterruptedException {
    return send("GET", "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), null);
  }

  private static JsonNode first(JsonNode queryResult) {
    JsonNode records = queryResult.get("records");
    return records != null && records.size() > 0 ? records.get(0) : null;
  }

  /**
   * One REST request below /services/data/vXX.X. 401: new token, once. 503, UNABLE_TO_LOCK_ROW or an
   * I/O error: retried with exponential back-off, 3 attempts in all. Any other error is thrown.
   */
  private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
    boolean renewed = false;
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(instanceUrl + "/services/data/v" + apiVersion + path))
          .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + accessToken)
          .header("Accept", "application/json");
      if (body != null) {
        b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> r;
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        backoff = pause(backoff);
        continue;
      }
      int status = r.statusCode();
      if (status >= 200 && status < 300) {
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
      }
      if (status == 401 && !renewed) {
        renewed = true;
        login();
        attempt--;
        continue;
      }
      boolean retriable = status == 503 || r.body().contains("UNABLE_TO_LOCK_ROW");
      if (!retriable || attempt >= ATTEMPTS) {
        throw new IOException(method + " " + path + " failed: " + status + " " + r.body());
      }
      backoff = pause(backoff);
    }
  }

  private static Duration pause(Duration backoff) throws InterruptedException {
    Thread.sleep(backoff.toMillis());
    return backoff.multipliedBy(2);
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Instant callTime(CallActivity call) {
    return call.getPlacedAt() != null ? call.getPlacedAt() : call.getOccurredAt();
  }

  private static boolean booksMeeting(CallActivity call) {
    for (ToolCall t : call.getToolCalls()) {
      if ("book_sales_meeting".equals(String.valueOf(t.getTool()))) {
        return true;
      }
    }
    return false;
  }

  /** Seed 000's {@code build_call_summary}, for the fields a call activity carries. */
  private static String summary(CallActivity call) {
    StringBuilder s = new StringBuilder("Voice AI Call Summary\n")
        .append("Duration: ").append(call.getDurationSeconds() / 60).append(" minutes\n\n");
    if (call.getSummary() != null) {
      s.append(call.getSummary()).append("\n\n");
    }
    if (call.getSignals() != null && call.getSignals().getUseCase() != null) {
      s.append("Discovered Information:\n• Use Case: ").append(call.getSignals().getUseCase()).append("\n\n");
    }
    return s.append("Session ID: ").append(call.getCallId()).toString();
  }
}
