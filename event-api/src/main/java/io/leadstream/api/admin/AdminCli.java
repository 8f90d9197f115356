package io.leadstream.api.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.leadstream.leaddb.TokenCipher;
import io.leadstream.leaddb.TokenKeyRotation;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API from the command line for ops (SPEC §14): {@code java -jar event-api.jar admin …}.
 * It is an HTTP client of a running event-api, so there is one implementation of every operation;
 * the operator key comes from {@code LEADSTREAM_ADMIN_KEY} (never an argument: arguments end up in
 * shell history and process lists), the instance from {@code --url} or {@code LEADSTREAM_ADMIN_URL}.
 * Answers are printed as JSON; exit code 0 on success, 1 when the API refused, 2 on a usage error,
 * 3 when the instance cannot be reached.
 */
public final class AdminCli {
  static final String USAGE = """
      usage: java -jar event-api.jar admin [--url URL] COMMAND
        workspaces list
        workspaces get WORKSPACE
        workspaces create WORKSPACE NAME
        workspaces update WORKSPACE JSON          e.g. '{"disabled":true}' or '{"loginUrl":"https://acme.my.salesforce.com"}'
        tokens list WORKSPACE
        tokens create WORKSPACE SCOPE[,SCOPE…] [--expires-at ISO-8601] [--name NAME]
        tokens revoke WORKSPACE TOKEN_ID
        rotate-token-key                          re-encrypt stored CRM tokens under the current token key
        dlq list TOPIC [--workspace W] [--reason R] [--since ISO-8601] [--until ISO-8601] [--limit N]
                                                  dead letters, newest first
        dlq get TOPIC PARTITION OFFSET            one dead letter: every header, its value as JSON when Avro
        dlq replay TOPIC [--workspace W] [--reason R] [--since ISO-8601] [--until ISO-8601]
                   [--offset PARTITION:OFFSET]... [--dry-run] [--force]
                                                  re-produce to the source topic, once (--force: again)
        review list WORKSPACE [--limit N]         open ambiguous matches and their candidate records
        review resolve WORKSPACE LEAD_ID RECORD_ID
                                                  link the lead to that candidate and re-queue its records
        rematch WORKSPACE [LEAD_ID...]            re-match the workspace's not_found leads now
      topics: crm-sink.dlq.v1 voice.events.dlq.v1
      environment: LEADSTREAM_ADMIN_KEY (required), LEADSTREAM_ADMIN_URL (default http://localhost:8080);
        rotate-token-key instead talks to the database: DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD,
        LEADSTREAM_TOKEN_KEY (the new current key), LEADSTREAM_TOKEN_KEYS_PREVIOUS (keys still to read)
      scopes: events:write leads:read leads:write cadences:write crm:connect dashboard:read
      """;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  AdminCli(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new AdminCli(System.getenv(), System.out, System.err).run(args));
  }

  int run(String[] arguments) {
    List<String> args = new ArrayList<>(Arrays.asList(arguments));
    if (args.equals(List.of("rotate-token-key"))) {
      return rotateTokenKey();
    }
    String url = option(args, "--url");
    if (url == null) {
      url = env.getOrDefault("LEADSTREAM_ADMIN_URL", "http://localhost:8080");
    }
    String key = env.get("LEADSTREAM_ADMIN_KEY");
    if (key == null || key.isBlank()) {
      err.println("LEADSTREAM_ADMIN_KEY is not set: the operator key of the event-api instance is required.");
      return 2;
    }
    try {
      Request request = request(args);
      if (request == null) {
        err.print(USAGE);
        return 2;
      }
      return send(url.replaceAll("/+$", ""), key.strip(), request);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    }
  }

  /**
   * Re-encrypts crm_connections under the current token key, directly in the database (the one
   * operation that is not an admin API call: it needs the keys, which only the services' environment
   * holds). Safe beside running services and to run again; exit 1 while a workspace's tokens decrypt
   * under no configured key.
   */
  private int rotateTokenKey() {
    String url = env.get("DATABASE_URL");
    if (url == null || url.isBlank()) {
      err.println("DATABASE_URL is not set: rotate-token-key re-encrypts the tokens stored in the lead database.");
      return 2;
    }
    try {
      TokenKeyRotation.Report report = new TokenKeyRotation(new DriverManagerDataSource(url,
          env.getOrDefault("DATABASE_USER", "leadstream"), env.getOrDefault("DATABASE_PASSWORD", "")),
          TokenCipher.fromEnvironment(env)).rotate();
      out.println(report.summary());
      return report.complete() ? 0 : 1;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    } catch (DataAccessException e) {
      err.println("the lead database cannot be reached: " + e.getMostSpecificCause().getMessage());
      return 3;
    }
  }

  private record Request(String method, String path, JsonNode body) {
  }

  private static Request request(List<String> a) {
    String noun = a.size() > 0 ? a.get(0) : "";
    String verb = a.size() > 1 ? a.get(1) : "";
    if (noun.equals("rematch")) {
      String workspace = seg(a, 1);
      if (a.size() == 2) {
        return new Request("POST", "/admin/v1/workspaces/" + workspace + "/rematch", null);
      }
      ObjectNode body = JSON.createObjectNode();
      var leads = body.putArray("leadIds");
      a.subList(2, a.size()).forEach(leads::add);
      return new Request("POST", "/admin/v1/workspaces/" + workspace + "/rematch", body);
    }
    switch (noun + " " + verb) {
      case "workspaces list" -> {
        return exactly(a, 2, new Request("GET", "/admin/v1/workspaces", null));
      }
      case "workspaces get" -> {
        return exactly(a, 3, new Request("GET", "/admin/v1/workspaces/" + seg(a, 2), null));
      }
      case "workspaces create" -> {
        ObjectNode body = JSON.createObjectNode().put("workspaceId", arg(a, 2)).put("name", arg(a, 3));
        return exactly(a, 4, new Request("POST", "/admin/v1/workspaces", body));
      }
      case "workspaces update" -> {
        JsonNode patch;
        try {
          patch = JSON.readTree(arg(a, 3));
        } catch (JacksonException e) {
          throw new IllegalArgumentException("the update must be a JSON object: " + e.getOriginalMessage());
        }
        return exactly(a, 4, new Request("PATCH", "/admin/v1/workspaces/" + seg(a, 2), patch));
      }
      case "tokens list" -> {
        return exactly(a, 3, new Request("GET", "/admin/v1/workspaces/" + seg(a, 2) + "/tokens", null));
      }
      case "tokens create" -> {
        String expires = option(a, "--expires-at");
        String name = option(a, "--name");
        ObjectNode body = JSON.createObjectNode();
        var scopes = body.putArray("scopes");
        Arrays.stream(arg(a, 3).split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(scopes::add);
        if (expires != null) {
          body.put("expiresAt", expires);
        }
        if (name != null) {
          body.put("name", name);
        }
        return exactly(a, 4, new Request("POST", "/admin/v1/workspaces/" + seg(a, 2) + "/tokens", body));
      }
      case "tokens revoke" -> {
        return exactly(a, 4, new Request("DELETE", "/admin/v1/workspaces/" + seg(a, 2) + "/tokens/" + seg(a, 3), null));
      }
      case "dlq list" -> {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("topic", null);
        for (String name : List.of("workspace", "reason", "since", "until", "limit")) {
          String value = option(a, "--" + name);
          if (value != null) {
            query.put(name, value);
          }
        }
        query.put("topic", arg(a, 2));
        return exactly(a, 3, new Request("GET", "/admin/v1/dlq" + query(query), null));
      }
      case "dlq get" -> {
        return exactly(a, 5, new Request("GET", "/admin/v1/dlq/" + seg(a, 2) + "/" + seg(a, 3) + "/" + seg(a, 4), null));
      }
      case "dlq replay" -> {
        ObjectNode body = JSON.createObjectNode().putNull("topic");
        for (String name : List.of("workspace", "reason", "since", "until")) {
          String value = option(a, "--" + name);
          if (value != null) {
            body.put(name, value);
          }
        }
        List<String> offsets = new ArrayList<>();
        for (String o = option(a, "--offset"); o != null; o = option(a, "--offset")) {
          offsets.add(o);
        }
        if (!offsets.isEmpty()) {
          var array = body.putArray("offsets");
          for (String o : offsets) {
            String[] parts = o.split(":", -1);
            if (parts.length != 2 || !parts[0].matches("[0-9]{1,9}") || !parts[1].matches("[0-9]{1,18}")) {
              throw new IllegalArgumentException("--offset takes PARTITION:OFFSET, e.g. 3:1042; got '" + o + "'");
            }
            array.addObject().put("partition", Integer.parseInt(parts[0])).put("offset", Long.parseLong(parts[1]));
          }
        }
        if (flag(a, "--dry-run")) {
          body.put("dryRun", true);
        }
        if (flag(a, "--force")) {
          body.put("force", true);
        }
        body.put("topic", arg(a, 2));
        return exactly(a, 3, new Request("POST", "/admin/v1/dlq/replay", body));
      }
      case "review list" -> {
        String limit = option(a, "--limit");
        String path = "/admin/v1/workspaces/" + seg(a, 2) + "/review"
            + (limit == null ? "" : query(Map.of("limit", limit)));
        return exactly(a, 3, new Request("GET", path, null));
      }
      case "review resolve" -> {
        ObjectNode body = JSON.createObjectNode().put("recordId", arg(a, 4));
        return exactly(a, 5, new Request("POST", "/admin/v1/workspaces/" + seg(a, 2) + "/review/" + seg(a, 3), body));
      }
      default -> {
        return null;
      }
    }
  }

  private int send(String base, String key, Request r) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r.path())).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + key).header("Accept", "application/json");
    if (r.body() != null) {
      b.header("Content-Type", "application/json")
          .method(r.method(), HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(r.body())));
    } else {
      b.method(r.method(), HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> answer;
    try {
      answer = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("event-api at " + base + " cannot be reached: " + e);
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    }
    boolean ok = answer.statusCode() / 100 == 2;
    PrintStream to = ok ? out : err;
    if (answer.body().isBlank()) {
      to.println(ok ? "{\"status\":" + answer.statusCode() + "}" : "HTTP " + answer.statusCode());
    } else {
      to.println(pretty(answer.body()));
    }
    return ok ? 0 : 1;
  }

  private static String pretty(String body) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body));
    } catch (JacksonException e) {
      return body;
    }
  }

  /** Removes {@code --name value} from the arguments and returns the value (null when absent). */
  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    if (i < 0) {
      return null;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    String value = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return value;
  }

  /** Removes the flag {@code name} from the arguments; whether it was there. */
  private static boolean flag(List<String> args, String name) {
    return args.remove(name);
  }

  private static String query(Map<String, String> parameters) {
    StringBuilder q = new StringBuilder();
    parameters.forEach((k, v) -> q.append(q.length() == 0 ? '?' : '&').append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return q.toString();
  }

  private static Request exactly(List<String> a, int count, Request r) {
    if (a.size() != count) {
      throw new IllegalArgumentException("wrong number of arguments for '" + a.get(0) + " " + a.get(1) + "'");
    }
    return r;
  }

  private static String arg(List<String> a, int i) {
    if (i >= a.size()) {
      throw new IllegalArgumentException("missing argument " + (i + 1) + " of '" + String.join(" ", a) + "'");
    }
    return a.get(i);
  }

  private static String seg(List<String> a, int i) {
    return URLEncoder.encode(arg(a, i), StandardCharsets.UTF_8).replace("+", "%20");
  }
}
