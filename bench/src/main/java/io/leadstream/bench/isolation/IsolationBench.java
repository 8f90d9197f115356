package io.leadstream.bench.isolation;

import io.leadstream.bench.Bench;
import io.leadstream.bench.e2e.EventTimeline;
import io.leadstream.bench.e2e.ProgressLine;
import io.leadstream.bench.sink.CrmSinkProcess;
import io.leadstream.bench.sink.SinkInfrastructure;
import io.leadstream.bench.sink.SinkRecords;
import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.leaddb.TokenCipher;
import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * SPEC §13 failure isolation, with the real crm-sink (its jar as a child process, shipped defaults)
 * and one Salesforce emulator per org: one healthy workspace beside one whose grant is revoked and one
 * whose org's daily API limit is spent, under the same load; then recovery, and a time-window outage.
 * <ul>
 *   <li>W1 {@code w1-healthy}: client credentials from the sink's configuration;</li>
 *   <li>W2 {@code w2-web-flow}: connected through the web flow (refresh token in crm_connections, as event-api
 *       stores it); its grant is revoked a third into the isolation run;</li>
 *   <li>W3 {@code w3-budget}: client credentials; its org's daily limit is spent from the isolation run's start.</li>
 * </ul>
 * Each workspace gets the same open-loop load ({@link OpenLoopLoad}: per second {@code --rate} calls and as
 * many lead states). Latency is per call: produced → its Task created in the workspace's org.
 * Phases, in one run of the bench:
 * <ol>
 *   <li>warm-up (every lead matched, JIT warm; not measured);</li>
 *   <li><b>baseline</b>: W1 alone (run again after the recovery: the two runs bracket the ones compared with
 *       them, so drift over the bench — JIT, the lead database's growth, the machine's other work — shows);</li>
 *   <li><b>all healthy</b>: W1, W2, W3 at the same load, nobody failing (what the failing run adds to);</li>
 *   <li><b>isolation</b>: the same three, W3's limit spent, W2 revoked at a third; W1's p99 against the
 *       baseline's (target ≤ 1.5×), W2/W3's records held in crm_pending, none in the DLQ;</li>
 *   <li><b>recovery</b>, load going on: W2 reconnected through the web flow, W3's usage reset; time until every
 *       held call has its Task, the orgs counted (one Task per call, every lead's newest fields);</li>
 *   <li><b>baseline, again</b>;</li>
 *   <li>with {@code --slow-org-ms N} only, <b>slow org</b>: the three healthy at the same load, W2's org answering
 *       every request N ms late (slow, not failing);</li>
 *   <li><b>outage</b>: W1 alone, every request of its org answered 503 for a time window; delay from the
 *       window's end to the first Task after it (target 2 s), every call of the window landed once.</li>
 * </ol>
 * <pre>
 * java -cp bench/target/benchmarks.jar io.leadstream.bench.isolation.IsolationBench [--quick] [--out DIR]
 *      [--sink-jar crm-sink/target/crm-sink.jar] [--rate CALLS_PER_S] [--leads N] [--seconds N]
 *      [--recovery-seconds N] [--outage-seconds N] [--slow-org-ms N]
 * </pre>
 * Quick: 100 calls/s per workspace, 200 leads each, 20 s warm-up, 30 s runs, 20 s of load during recovery, a
 * 15 s outage; full: the same rate, 500 leads, 60 s warm-up, 120 s runs, 60 s, a 60 s outage. Writes {@code DIR/isolation.md} and
 * {@code DIR/isolation.csv} and appends the headline figures to {@code DIR/key-figures.csv}.
 */
public final class IsolationBench {

  static final String W1 = "w1-healthy";
  static final String W2 = "w2-web-flow";
  static final String W3 = "w3-budget";
  static final double TARGET_RATIO = 1.5;
  static final Duration TARGET_OUTAGE_RECOVERY = Duration.ofSeconds(2);
  /** The sink's JVM as a bench wants it: a fixed heap, and a crash rather than a crawl when it runs out. */
  static final List<String> SINK_JVM = List.of("-Xms128m", "-Xmx768m", "-XX:+ExitOnOutOfMemoryError");
  private static final String API_VERSION = "60.0";
  /** Enough that the healthy orgs' budgets never matter here: only W3's limit is spent, on purpose. */
  private static final long DAILY_API_LIMIT = 5_000_000;
  private static final Duration LAND_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(5);

  private IsolationBench() {
  }

  /** The run's parameters. */
  record Settings(boolean quick, double rate, int leads, int warmUpSeconds, int seconds, int recoverySeconds,
                  int beforeOutageSeconds, int outageSeconds, int afterOutageSeconds, int slowOrgMillis, String command) {
  }

  public static void main(String[] args) {
    int status = 0;
    try {
      run(args);
    } catch (Throwable t) {
      System.err.println("IsolationBench FAILED: " + t);
      t.printStackTrace();
      status = 1;
    }
    // The embedded broker, the registry and the emulators leave non-daemon threads behind.
    System.exit(status);
  }

  private static void run(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    Path out = Path.of(Bench.option(args, "--out", "bench/results/" + LocalDate.now(ZoneOffset.UTC)));
    Path jar = Path.of(Bench.option(args, "--sink-jar", "crm-sink/target/crm-sink.jar"));
    int outage = Integer.parseInt(Bench.option(args, "--outage-seconds", quick ? "15" : "60"));
    Settings s = new Settings(quick, Double.parseDouble(Bench.option(args, "--rate", "100")),
        Integer.parseInt(Bench.option(args, "--leads", quick ? "200" : "500")), quick ? 20 : 60,
        Integer.parseInt(Bench.option(args, "--seconds", quick ? "30" : "120")),
        Integer.parseInt(Bench.option(args, "--recovery-seconds", quick ? "20" : "60")),
        quick ? 5 : 20, outage, quick ? 10 : 30, Integer.parseInt(Bench.option(args, "--slow-org-ms", "0")),
        "java -cp bench/target/benchmarks.jar " + IsolationBench.class.getName()
            + (args.length == 0 ? "" : " " + String.join(" ", args)));

    try (SinkInfrastructure infra = SinkInfrastructure.start("isolationbench");
         SalesforceEmulator org1 = SalesforceEmulator.start(orgConfig(false));
         SalesforceEmulator org2 = SalesforceEmulator.start(orgConfig(true));
         SalesforceEmulator org3 = SalesforceEmulator.start(orgConfig(false));
         KafkaProducer<String, byte[]> producer = infra.producer();
         ProgressLine progress = new ProgressLine(System.out)) {
      BenchWorkspace w1 = new BenchWorkspace(W1, "client credentials (sink configuration)", org1, s.leads());
      BenchWorkspace w2 = new BenchWorkspace(W2, "web flow (refresh token in crm_connections)", org2, s.leads());
      BenchWorkspace w3 = new BenchWorkspace(W3, "client credentials (sink configuration)", org3, s.leads());
      List<BenchWorkspace> all = List.of(w1, w2, w3);
      OpenLoopLoad load = new OpenLoopLoad(producer, new SinkRecords(infra.registryClient()), s.rate());
      Path log = CrmSinkProcess.logFile("crm-sink-isolation.log");
      SinkObservations sink = new SinkObservations(infra.dataSource(), infra.bootstrapServers(), log);
      PhaseMeter phases = new PhaseMeter();
      IsolationReport.Results results;
      try (CrmSinkProcess process = CrmSinkProcess.start(jar, SINK_JVM, sinkEnvironment(infra, org1, org2, org3), log);
           SyncStateWatch states = new SyncStateWatch(sink, List.of(W1, W2, W3))) {
        // Flyway runs as the sink starts; crm_connections must exist before the web flow stores W2's grant.
        process.awaitCount(infra.dataSource(), "SELECT count(*) + 1 FROM crm_connections", 1, LAND_TIMEOUT);
        WebFlowGrant webFlow = new WebFlowGrant(new ConnectionStore(new JdbcTemplate(infra.dataSource()),
            new TokenCipher(SinkInfrastructure.TOKEN_KEY)));
        webFlow.connect(W2, org2);
        results = new PhaseRunner(s, load, process, sink, states, progress, webFlow, phases, all).runAll();
      }
      IsolationReport.write(out, s, all, phases.loads, results);
    }
  }

  /** An org of its own per workspace; W2's org knows the web flow's callback. */
  private static EmulatorConfig orgConfig(boolean webFlow) {
    EmulatorConfig c = EmulatorConfig.defaults().withDailyApiLimit(DAILY_API_LIMIT);
    return webFlow ? c.withCallbackUrls(List.of(WebFlowGrant.CALLBACK)) : c;
  }

  /**
   * The sink's environment: the infrastructure's, W1 and W3 as configured workspaces and W2's org as
   * the connected app of the web flow, through SPRING_APPLICATION_JSON (as a deployment would set it).
   * Everything else is the sink's shipped default.
   */
  static Map<String, String> sinkEnvironment(SinkInfrastructure infra, SalesforceEmulator org1,
                                             SalesforceEmulator org2, SalesforceEmulator org3) {
    JsonMapper json = JsonMapper.builder().build();
    ObjectNode root = json.createObjectNode();
    ObjectNode sink = root.putObject("leadstream").putObject("sink");
    ObjectNode app = sink.putObject("salesforce").putObject("connected-app");
    app.put("login-url", org2.baseUrl()).put("client-id", org2.clientId()).put("client-secret", org2.clientSecret());
    ObjectNode workspaces = sink.putObject("workspaces");
    for (Map.Entry<String, SalesforceEmulator> e : Map.of(W1, org1, W3, org3).entrySet()) {
      workspaces.putObject(e.getKey()).put("login-url", e.getValue().baseUrl())
          .put("client-id", e.getValue().clientId()).put("client-secret", e.getValue().clientSecret());
    }
    Map<String, String> env = infra.sinkEnvironment();
    env.put("SALESFORCE_API_VERSION", API_VERSION);
    env.put("SPRING_APPLICATION_JSON", json.writeValueAsString(root));
    return env;
  }

  /** Wall time, machine load and CPU of each phase: the report says how busy the machine was while each figure was taken. */
  static final class PhaseMeter {
    final List<IsolationReport.PhaseLoad> loads = new ArrayList<>();
    private String name;
    private long wallStart;
    private double loadAvgStart;
    private Duration sinkCpuStart;
    private long driverCpuStart;

    void begin(String phase, CrmSinkProcess sink) {
      name = phase;
      wallStart = System.nanoTime();
      loadAvgStart = loadAverage();
      sinkCpuStart = sink.cpuTime();
      driverCpuStart = driverCpuNanos();
      System.out.printf(Locale.ROOT, "%n== %s (load average %.2f)%n", phase, loadAvgStart);
    }

    void end(CrmSinkProcess sink) {
      double wall = (System.nanoTime() - wallStart) / 1e9;
      loads.add(new IsolationReport.PhaseLoad(name, wall, loadAvgStart, loadAverage(),
          (sink.cpuTime().minus(sinkCpuStart)).toMillis() / 1000.0, (driverCpuNanos() - driverCpuStart) / 1e9));
    }

    static double loadAverage() {
      return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long driverCpuNanos() {
      return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
          ? os.getProcessCpuTime() : 0;
    }
  }

  /** The phases themselves, on a started sink. */
  static final class PhaseRunner {
    private final Settings s;
    private final OpenLoopLoad load;
    private final CrmSinkProcess process;
    private final SinkObservations sink;
    private final SyncStateWatch states;
    private final ProgressLine progress;
    private final WebFlowGrant webFlow;
    private final PhaseMeter phases;
    private final List<BenchWorkspace> all;
    private final BenchWorkspace w1;
    private final BenchWorkspace w2;
    private final BenchWorkspace w3;

    PhaseRunner(Settings s, OpenLoopLoad load, CrmSinkProcess process, SinkObservations sink, SyncStateWatch states,
           ProgressLine progress, WebFlowGrant webFlow, PhaseMeter phases, List<BenchWorkspace> all) {
      this.s = s;
      this.load = load;
      this.process = process;
      this.sink = sink;
      this.states = states;
      this.progress = progress;
      this.webFlow = webFlow;
      this.phases = phases;
      this.all = all;
      this.w1 = all.get(0);
      this.w2 = all.get(1);
      this.w3 = all.get(2);
    }

    IsolationReport.Results runAll() throws Exception {
      warmUp();
      IsolationReport.Baseline before = baseline("baseline", List.of(w1));
      IsolationReport.Baseline healthy = baseline("all-healthy", all);
      IsolationReport.Isolation isolation = isolationAndRecovery();
      IsolationReport.Baseline after = baseline("baseline-again", List.of(w1));
      IsolationReport.Baseline slowOrg = s.slowOrgMillis() > 0 ? slowOrg() : null;
      IsolationReport.Outage outage = outage();
      return new IsolationReport.Results(before, after, healthy, isolation, slowOrg, outage,
          sink.deadLettersByWorkspace(), sink.redeliveredBatches());
    }

    /** Every lead of every workspace matched and cached, the JITs warm: the same start for every measured phase. */
    private void warmUp() throws Exception {
      phases.begin("warm-up", process);
      OpenLoopLoad.Run run = load.start("warmup", all, Duration.ofSeconds(Math.max(s.warmUpSeconds(),
          (long) Math.ceil(s.leads() / s.rate()))));
      progress.watch("warm-up " + W1, run.timeline(w1), run.start());
      run.awaitSent();
      if (!awaitLanded(run, LAND_TIMEOUT)) {
        throw new IllegalStateException("warm-up: " + run.outstanding() + " calls without a Task after "
            + LAND_TIMEOUT.toSeconds() + " s; see " + process.log());
      }
      awaitNewestFields(all);
      progress.stop();
      all.forEach(OrgCheck::purgeTasks);
      phases.end(process);
    }

    /** {@code workspaces} at the load for the run's length, nobody failing. */
    private IsolationReport.Baseline baseline(String phase, List<BenchWorkspace> workspaces) throws Exception {
      return loaded(phase, workspaces, () -> { });
    }

    /**
     * The three workspaces at the load, W2's org answering every request {@code --slow-org-ms} late: slow, not
     * failing, so the sink never holds its records.
     */
    private IsolationReport.Baseline slowOrg() throws Exception {
      Duration latency = Duration.ofMillis(s.slowOrgMillis());
      w2.org().admin().latency(latency);
      try {
        return loaded("slow-org", all, () -> w2.org().admin().latency(Duration.ZERO));
      } finally {
        w2.org().admin().latency(Duration.ZERO);
      }
    }

    /** {@code workspaces} at the load for the run's length; {@code sent} runs once everything was produced. */
    private IsolationReport.Baseline loaded(String phase, List<BenchWorkspace> workspaces, Runnable sent)
        throws Exception {
      phases.begin(phase, process);
      OpenLoopLoad.Run run = load.start(phase, workspaces, Duration.ofSeconds(s.seconds()));
      progress.watch(phase + " " + W1, run.timeline(w1), run.start());
      run.awaitSent();
      // W1 first: its calls are the ones measured; then whatever else is still coming.
      awaitLanded(run, w1, LAND_TIMEOUT);
      sent.run();
      awaitLanded(run, LAND_TIMEOUT);
      awaitNewestFields(workspaces);
      progress.stop();
      Map<String, CallLatencies> latencies = new LinkedHashMap<>();
      Map<String, OrgCheck> checks = new LinkedHashMap<>();
      for (BenchWorkspace ws : workspaces) {
        latencies.put(ws.id(), CallLatencies.all(run.timeline(ws)));
        checks.put(ws.id(), OrgCheck.of(ws, List.of(run.timeline(ws))));
        OrgCheck.purgeTasks(ws);
      }
      phases.end(process);
      print(phase, latencies);
      return new IsolationReport.Baseline(phase, latencies, checks, run.timeline(w1),
          CallLatencies.windows(run.timeline(w1), run.start(), run.end(), IsolationReport.WINDOW_SECONDS));
    }

    /**
     * One continuous load on the three workspaces: W3's limit spent before it starts, W2's grant revoked at a
     * third of the run, recovery at the run's end while the load goes on for the recovery seconds.
     */
    private IsolationReport.Isolation isolationAndRecovery() throws Exception {
      phases.begin("isolation", process);
      w3.org().admin().exhaustDailyLimit();
      OpenLoopLoad.Run run = load.start("isolation", all, Duration.ofSeconds(s.seconds() + s.recoverySeconds()));
      progress.watch("isolation " + W1, run.timeline(w1), run.start());
      long revokeAt = run.at(s.seconds() / 3.0);
      sleepUntil(revokeAt);
      // The workspace's admin revoked the connected app: the refresh token dies with the access tokens of its
      // grant (expired too, so that the very next request must refresh and meets invalid_grant).
      w2.org().admin().revokeRefreshTokens();
      w2.org().admin().expireAccessTokens();
      long revoked = System.nanoTime();
      System.out.printf(Locale.ROOT, "%s: grant revoked at %.1f s%n", W2, (revoked - run.start()) / 1e9);

      long failureEnd = run.at(s.seconds());
      sleepUntil(failureEnd);
      IsolationReport.Held heldBeforeRecovery = held(run, failureEnd);
      phases.end(process);

      phases.begin("recovery", process);
      webFlow.connect(W2, w2.org());
      w3.org().admin().resetApiUsage();
      long recoveredAt = System.nanoTime();
      System.out.printf(Locale.ROOT, "%s reconnected through the web flow, %s's API usage reset at %.1f s%n", W2, W3,
          (recoveredAt - run.start()) / 1e9);
      Map<String, Double> caughtUp = awaitCaughtUp(List.of(w2, w3), recoveredAt);
      run.awaitSent();
      awaitLanded(run, RECOVERY_TIMEOUT);
      awaitNewestFields(all);
      progress.stop();
      phases.end(process);

      Map<String, IsolationReport.Recovered> recovered = new LinkedHashMap<>();
      for (BenchWorkspace ws : List.of(w2, w3)) {
        long[] held = CallLatencies.heldAt(run.timeline(ws), recoveredAt);
        recovered.put(ws.id(), new IsolationReport.Recovered(held[0], held[1] < 0 ? Double.NaN : held[1] / 1e9,
            caughtUp.getOrDefault(ws.id(), Double.NaN)));
      }
      Map<String, OrgCheck> checks = new LinkedHashMap<>();
      for (BenchWorkspace ws : all) {
        checks.put(ws.id(), OrgCheck.of(ws, List.of(run.timeline(ws))));
        OrgCheck.purgeTasks(ws);
      }
      CallLatencies w1Failing = CallLatencies.of(run.timeline(w1), run.start(), failureEnd);
      CallLatencies w1Recovery = CallLatencies.of(run.timeline(w1), failureEnd, run.end());
      print("isolation (" + W1 + " while the others fail)", Map.of(W1, w1Failing));
      print("recovery (" + W1 + " while the others drain)", Map.of(W1, w1Recovery));
      return new IsolationReport.Isolation(w1Failing, w1Recovery,
          CallLatencies.windows(run.timeline(w1), run.start(), run.end(), IsolationReport.WINDOW_SECONDS),
          (revoked - run.start()) / 1e9, (recoveredAt - run.start()) / 1e9, s.seconds(),
          CallLatencies.of(run.timeline(w2), run.start(), failureEnd).calls(),
          CallLatencies.of(run.timeline(w3), run.start(), failureEnd).calls(),
          heldBeforeRecovery, recovered, checks, changes(run.start(), System.nanoTime(), run.start()));
    }

    /** What the sink holds for W2 and W3 at {@code instant}, once W1's calls of the failure window have landed. */
    private IsolationReport.Held held(OpenLoopLoad.Run run, long instant) throws InterruptedException {
      Map<String, Map<String, Long>> pending = new LinkedHashMap<>();
      Map<String, String> syncStates = new LinkedHashMap<>();
      Map<String, Long> notLanded = new LinkedHashMap<>();
      for (BenchWorkspace ws : List.of(w2, w3)) {
        pending.put(ws.id(), sink.pending(ws.id()));
        syncStates.put(ws.id(), sink.syncState(ws.id()));
        EventTimeline t = run.timeline(ws);
        long n = 0;
        for (int seq = 0; seq < t.size(); seq++) {
          if (t.sentAt(seq) < instant && t.ackedAt(seq) == 0) {
            n++;
          }
        }
        notLanded.put(ws.id(), n);
      }
      Map<String, Long> dlq = sink.deadLettersByWorkspace();
      System.out.printf(Locale.ROOT, "held at %.0f s: crm_pending %s, states %s, calls without a Task %s, DLQ %s%n",
          (instant - run.start()) / 1e9, pending, syncStates, notLanded, dlq);
      return new IsolationReport.Held(pending, syncStates, notLanded, dlq);
    }

    /**
     * Polls until each workspace has no crm_pending row and is connected again (its backlog drained, new records
     * written live), or the recovery timeout; seconds after {@code from} for each one that did.
     */
    private Map<String, Double> awaitCaughtUp(List<BenchWorkspace> workspaces, long from) throws InterruptedException {
      Map<String, Double> caughtUp = new LinkedHashMap<>();
      long deadline = from + RECOVERY_TIMEOUT.toNanos();
      while (caughtUp.size() < workspaces.size() && System.nanoTime() < deadline) {
        process.requireAlive("recovery");
        for (BenchWorkspace ws : workspaces) {
          if (!caughtUp.containsKey(ws.id()) && sink.pendingRows(ws.id()) == 0
              && "connected".equals(sink.syncState(ws.id()))) {
            caughtUp.put(ws.id(), (System.nanoTime() - from) / 1e9);
            System.out.printf(Locale.ROOT, "%s caught up %.1f s after recovery%n", ws.id(), caughtUp.get(ws.id()));
          }
        }
        Thread.sleep(100);
      }
      return caughtUp;
    }

    /** W1 alone; its org answers every request with 503 for a window of the run. */
    private IsolationReport.Outage outage() throws Exception {
      phases.begin("outage", process);
      Duration window = Duration.ofSeconds(s.outageSeconds());
      OpenLoopLoad.Run run = load.start("outage", List.of(w1),
          Duration.ofSeconds(s.beforeOutageSeconds() + s.outageSeconds() + s.afterOutageSeconds()));
      progress.watch("outage " + W1, run.timeline(w1), run.start());
      sleepUntil(run.at(s.beforeOutageSeconds()));
      long outageStart = System.nanoTime();
      w1.org().admin().failRequestsWithServerUnavailableDuring(window);
      long outageEnd = outageStart + window.toNanos();
      System.out.printf(Locale.ROOT, "%s: 503 for every request from %.1f s to %.1f s%n", W1,
          (outageStart - run.start()) / 1e9, (outageEnd - run.start()) / 1e9);
      run.awaitSent();
      awaitLanded(run, LAND_TIMEOUT);
      awaitNewestFields(List.of(w1));
      progress.stop();
      phases.end(process);
      EventTimeline t = run.timeline(w1);
      long[] backlog = CallLatencies.heldAt(t, outageEnd);
      IsolationReport.Outage o = new IsolationReport.Outage(s.outageSeconds(),
          CallLatencies.of(t, run.start(), outageStart), CallLatencies.of(t, outageStart, outageEnd),
          CallLatencies.of(t, outageEnd, run.end()), CallLatencies.landedBetween(t, outageStart, outageEnd),
          CallLatencies.firstLandingAfter(t, outageEnd) / 1e9, backlog[0], backlog[1] < 0 ? Double.NaN : backlog[1] / 1e9,
          OrgCheck.of(w1, List.of(t)), changes(run.start(), System.nanoTime(), outageStart));
      OrgCheck.purgeTasks(w1);
      System.out.printf(Locale.ROOT, "outage: first Task %.2f s after the window's end; %d calls held, all landed %.1f s"
          + " after it%n", o.firstTaskAfterEnd(), o.heldAtEnd(), o.backlogLanded());
      return o;
    }

    private List<String> changes(long from, long to, long relativeTo) {
      return states.between(from, to).stream().map(c -> String.format(Locale.ROOT, "%s → %s at %+.1f s", c.workspaceId(),
          c.state(), (c.nanos() - relativeTo) / 1e9)).toList();
    }

    /** Until every call of one workspace of the run has its Task, or {@code timeout}. */
    private void awaitLanded(OpenLoopLoad.Run run, BenchWorkspace ws, Duration timeout) throws InterruptedException {
      EventTimeline t = run.timeline(ws);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (t.size() > t.ackedCount() && System.nanoTime() < deadline) {
        process.requireAlive((t.size() - t.ackedCount()) + " calls of " + ws + " outstanding");
        Thread.sleep(50);
      }
    }

    /** Until every call of the run has its Task; false after {@code timeout} without. */
    private boolean awaitLanded(OpenLoopLoad.Run run, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (run.outstanding() > 0 && System.nanoTime() < deadline) {
        process.requireAlive(run.outstanding() + " calls outstanding");
        Thread.sleep(50);
      }
      if (run.outstanding() > 0) {
        System.out.printf(Locale.ROOT, "%,d calls still without a Task after %d s%n", run.outstanding(), timeout.toSeconds());
      }
      return run.outstanding() == 0;
    }

    /** Lead fields follow their call's Task within the same write; waits (≤ 30 s) for the last ones to show. */
    private void awaitNewestFields(List<BenchWorkspace> workspaces) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      for (BenchWorkspace ws : workspaces) {
        while (System.nanoTime() < deadline && OrgCheck.of(ws, List.of()).leadsNewest() < ws.leads()) {
          Thread.sleep(200);
        }
      }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
      long wait = nanos - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }

    private static void print(String phase, Map<String, CallLatencies> latencies) {
      latencies.forEach((ws, l) -> System.out.printf(Locale.ROOT,
          "%s, %s: %,d calls, %,d landed; produced → Task p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", phase, ws, l.calls(),
          l.landed(), l.latency().p50(), l.latency().p99(), l.latency().max()));
    }
  }
}
