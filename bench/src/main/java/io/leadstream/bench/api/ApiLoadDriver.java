package io.leadstream.bench.api;

import io.leadstream.bench.Bench;
import io.leadstream.bench.Latencies;
import io.leadstream.bench.report.KeyFigure;
import io.leadstream.bench.report.KeyFigures;
import io.leadstream.devstack.services.WorkspaceProvisioning;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.testkit.kafka.KafkaBroker;
import io.leadstream.testkit.kafka.KafkaBrokers;
import io.leadstream.testkit.postgres.EmbeddedPostgresDatabase;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * event-api under load (SPEC §13: ≥ 5,000 accepted events/s on one instance, p99 ≤ 50 ms): starts a
 * broker, the registry and PostgreSQL in this JVM, event-api as its own process ({@code java -jar
 * event-api.jar}), and drives {@code POST /api/v1/crm/events} from closed-loop clients (JDK
 * HttpClient, one connection each) with seed-004 events, first one event per request, then arrays.
 * Every answer counted is a 202, i.e. after the broker's acks=all acknowledgement.
 * <p>
 * Usage: {@code ApiLoadDriver <event-api.jar> <report.md> [seconds] [clients] [batch]}
 */
public final class ApiLoadDriver {
  /** The operator key of the bench's event-api; its workspace token is issued through the admin API at start. */
  private static final String OPERATOR_KEY = "bench-operator-key-0123456789abcdef";

  record Run(String name, long events, long requests, long errors, double seconds, long[] latenciesNanos) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double percentileMs(double p) {
      return Latencies.percentileMs(latenciesNanos, p);
    }
  }

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    Path report = Path.of(args[1]);
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    int batch = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    try (KafkaBroker broker = KafkaBrokers.create(); EmbeddedPostgresDatabase pg = new EmbeddedPostgresDatabase()) {
      broker.start();
      pg.start();
      pg.createDatabase("apibench");
      try (SchemaRegistryServer registry = SchemaRegistryServer.startOnKafka(broker.bootstrapServers(), 0)) {
        int port = freePort();
        int managementPort = freePort();
        Process api = startApi(jar, port, managementPort, broker, pg, registry);
        try {
          String base = "http://localhost:" + port;
          awaitReady("http://127.0.0.1:" + managementPort);
          // Issued as an operator does (SPEC §14): every request below is verified against PostgreSQL-backed tokens.
          String token = WorkspaceProvisioning.workspaceWithToken(base, OPERATOR_KEY, "bench", "Bench");
          HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5)).build();
          run(http, base, token, "warm-up", Math.max(5, seconds / 3), clients, 1);
          Run single = run(http, base, token, "1 event per request", seconds, clients, 1);
          Run arrays = run(http, base, token, batch + " events per request (array)", seconds, clients, batch);
          double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
          String text = "# event-api ingestion — " + LocalDate.now(ZoneOffset.UTC) + "\n\n"
              + "Command: `java -Xmx1g -cp bench/target/benchmarks.jar io.leadstream.bench.api.ApiLoadDriver "
              + String.join(" ", args) + "` (" + seconds + " s per run, " + clients + " closed-loop clients; `bench/run`"
              + " runs it so)\n\n"
              + String.format(Locale.ROOT, "Machine: %d cores, %d GiB RAM, %s %s; broker, registry and PostgreSQL"
              + " in the driver JVM, event-api in its own JVM, all on one host (the driver's clients compete"
              + " for the same cores); system load average %.1f at the end of the run.%n%n",
                  Runtime.getRuntime().availableProcessors(), Bench.totalMemoryGiB(), System.getProperty("java.vm.name"),
                  System.getProperty("java.version"), load)
              + "Each request is a `POST /api/v1/crm/events` answered `202` only after the broker acknowledged"
              + " (acks=all, idempotent producer); latency is request → 202 as the client sees it. The array run"
              + " is the same-run baseline: the same endpoint, validation and producer with the per-request cost"
              + " (HTTP, auth, JSON framing, one synchronous broker round trip) shared by " + batch + " events.\n\n"
              + "| run | accepted events/s | requests/s | p50 ms | p99 ms | p99.9 ms | non-202 | ratio to the array run (events/s) |\n"
              + "|---|---|---|---|---|---|---|---|\n" + row(single, arrays) + row(arrays, arrays)
              + String.format(Locale.ROOT, "%nTarget (SPEC §13): ≥ 5,000 accepted events/s on one instance, p99 ≤ 50 ms"
              + " (one event per request): %s.%n", meetsTarget(single) ? "met" : "**missed**");
          Files.writeString(report, text);
          Files.writeString(report.resolveSibling(report.getFileName().toString().replaceFirst("\\.md$", "") + ".csv"),
              "run,events_per_request,seconds,accepted_events,requests,non_202,events_per_s,p50_ms,p99_ms,p999_ms\n"
              + csvRow(single, 1) + csvRow(arrays, batch));
          String reportName = report.getFileName().toString();
          KeyFigures.append(report.toAbsolutePath().getParent(),
              new KeyFigure("event-api", "accepted events/s and p99, one event per request, " + clients + " clients",
                  String.format(Locale.ROOT, "%,.0f events/s, p99 %.1f ms", single.eventsPerSecond(), single.percentileMs(0.99)),
                  String.format(Locale.ROOT, "%,.0f events/s, p99 %.1f ms (arrays of %d)", arrays.eventsPerSecond(),
                      arrays.percentileMs(0.99), batch),
                  String.format(Locale.ROOT, "%.2f×", single.eventsPerSecond() / arrays.eventsPerSecond()),
                  "≥ 5,000 events/s, p99 ≤ 50 ms", KeyFigure.Verdict.of(meetsTarget(single)), reportName));
          System.out.println(text);
        } finally {
          api.destroy();
          api.waitFor();
        }
      }
    }
    System.exit(0);
  }

  private static boolean meetsTarget(Run single) {
    return single.eventsPerSecond() >= 5_000 && single.percentileMs(0.99) <= 50 && single.errors() == 0;
  }

  private static String row(Run r, Run baseline) {
    return String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.1f | %.1f | %.1f | %d | %.2f |%n", r.name(), r.eventsPerSecond(),
        r.requests() / r.seconds(), r.percentileMs(0.50), r.percentileMs(0.99), r.percentileMs(0.999), r.errors(),
        r.eventsPerSecond() / baseline.eventsPerSecond());
  }

  private static String csvRow(Run r, int eventsPerRequest) {
    return String.format(Locale.ROOT, "%s,%d,%.1f,%d,%d,%d,%.0f,%.2f,%.2f,%.2f%n", r.name(), eventsPerRequest, r.seconds(),
        r.events(), r.requests(), r.errors(), r.eventsPerSecond(), r.percentileMs(0.50), r.percentileMs(0.99),
        r.percentileMs(0.999));
  }

  private static Run run(HttpClient http, String base, String token, String name, int seconds, int clients, int batch)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong events = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Future<long[]>[] results = new Future[clients];
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      results[c] = pool.submit(() -> {
        long[] lat = new long[1 << 16];
        int n = 0;
        long seq = 0;
        while (System.nanoTime() < end) {
          StringBuilder body = new StringBuilder(batch > 1 ? "[" : "");
          for (int i = 0; i < batch; i++) {
            if (i > 0) {
              body.append(',');
            }
            body.append(event(client, seq++));
          }
          if (batch > 1) {
            body.append(']');
          }
          HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/crm/events"))
              .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
          long t0 = System.nanoTime();
          HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
          long t = System.nanoTime() - t0;
          if (response.statusCode() == 202) {
            events.addAndGet(batch);
            if (n == lat.length) {
              lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = t;
          } else {
            errors.incrementAndGet();
          }
        }
        return Arrays.copyOf(lat, n);
      });
    }
    long[] all = new long[0];
    for (Future<long[]> f : results) {
      long[] l = f.get();
      long[] merged = Arrays.copyOf(all, all.length + l.length);
      System.arraycopy(l, 0, merged, all.length, l.length);
      all = merged;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    Arrays.sort(all);
    Run run = new Run(name, events.get(), all.length + errors.get(), errors.get(), elapsed, all);
    System.out.printf(Locale.ROOT, "%s: %,.0f events/s, p99 %.1f ms, %d non-202%n", name, run.eventsPerSecond(),
        run.percentileMs(0.99), run.errors());
    return run;
  }

  /** A seed-004 event of one of 10,000 leads, about 300 bytes. */
  private static String event(int client, long seq) {
    String lead = "lead-" + ((client * 7_919L + seq) % 10_000);
    if (seq % 3 == 0) {
      return "{\"eventType\":\"CALL_PLACED\",\"leadId\":\"" + lead + "\",\"campaignId\":\"campaign_new_lead\","
          + "\"agentId\":\"agent-" + client + "\",\"flowId\":\"intro\",\"timestamp\":\"" + Instant.now() + "\"}";
    }
    if (seq % 3 == 1) {
      return "{\"eventType\":\"CALL_ANSWERED\",\"leadId\":\"" + lead + "\",\"campaignId\":\"campaign_new_lead\","
          + "\"callDuration\":" + (30 + seq % 600) + ",\"flowNodesTraversed\":[\"greeting\",\"qualify\"],"
          + "\"timestamp\":\"" + Instant.now() + "\"}";
    }
    return "{\"eventType\":\"QUALIFICATION_RESULT\",\"leadId\":\"" + lead + "\",\"painPoints\":[\"manual contracts\","
        + "\"slow approvals\"],\"segment\":\"agencies\",\"leadScore\":" + (seq % 101) + ",\"nextAction\":\"book demo\","
        + "\"timestamp\":\"" + Instant.now() + "\"}";
  }

  private static Process startApi(String jar, int port, int managementPort, KafkaBroker broker, EmbeddedPostgresDatabase pg,
                                  SchemaRegistryServer registry) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar);
    Map<String, String> env = pb.environment();
    env.put("PORT", Integer.toString(port));
    env.put("MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("MANAGEMENT_ADDRESS", "127.0.0.1");
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("SCHEMA_REGISTRY_URL", registry.url());
    env.put("DATABASE_URL", pg.jdbcUrl("apibench"));
    env.put("DATABASE_USER", "postgres");
    env.put("LEADSTREAM_TOKEN_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
    env.put("LEADSTREAM_ADMIN_KEY", OPERATOR_KEY);
    // The per-token limit would be what is measured otherwise.
    env.put("LEADSTREAM_API_RATE_LIMIT_REQUESTS_PER_SECOND", "0");
    env.put("TOPIC_PARTITIONS", "12");
    env.put("LOG_FORMAT", "");
    pb.redirectErrorStream(true).redirectOutput(new File("bench/target/event-api-bench.log"));
    return pb.start();
  }

  /** Polls {@code /health/readiness} on event-api's management port ({@code managementBase}). */
  private static void awaitReady(String managementBase) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(managementBase + "/health/readiness")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("event-api did not become ready; see bench/target/event-api-bench.log");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private ApiLoadDriver() {
  }
}
