package io.leadstream.bench.isolation;

import io.leadstream.bench.Bench;
import io.leadstream.bench.Latencies;
import io.leadstream.bench.e2e.EventTimeline;
import io.leadstream.bench.report.KeyFigure;
import io.leadstream.bench.report.KeyFigures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The isolation section's figures, its Markdown and CSV reports, and its lines in key-figures.csv. */
final class IsolationReport {

  static final String MD = "isolation.md";
  static final String CSV = "isolation.csv";
  static final String SECTION = "isolation";
  /** Seconds per row of the latency-over-time tables. */
  static final int WINDOW_SECONDS = 5;

  private IsolationReport() {
  }

  /** One phase's wall time, the machine's 1-minute load average as it began and ended, and CPU used. */
  record PhaseLoad(String phase, double wallSeconds, double loadAvgStart, double loadAvgEnd, double sinkCpuSeconds,
                   double driverCpuSeconds) {
  }

  /** A run with nobody failing: each workspace's latency and org check, and W1's calls and latency over time. */
  record Baseline(String phase, Map<String, CallLatencies> latencies, Map<String, OrgCheck> checks,
                  EventTimeline w1Timeline, List<CallLatencies> w1Windows) {
    CallLatencies w1() {
      return latencies.get(IsolationBench.W1);
    }
  }

  /** What the sink held for the failing workspaces as the failure window ended. */
  record Held(Map<String, Map<String, Long>> pending, Map<String, String> states, Map<String, Long> callsNotLanded,
              Map<String, Long> deadLetters) {
  }

  /** One failing workspace's recovery, in seconds after the recovery actions. */
  record Recovered(long heldCalls, double allLandedSeconds, double caughtUpSeconds) {
  }

  record Isolation(CallLatencies w1Failing, CallLatencies w1Recovery, List<CallLatencies> w1Windows,
                   double revokedAtSeconds, double recoveredAtSeconds, int failureSeconds, int w2Calls, int w3Calls,
                   Held held, Map<String, Recovered> recovered, Map<String, OrgCheck> checks, List<String> stateChanges) {
  }

  record Outage(int seconds, CallLatencies before, CallLatencies during, CallLatencies after, int landedDuring,
                double firstTaskAfterEnd, long heldAtEnd, double backlogLanded, OrgCheck check,
                List<String> stateChanges) {

    boolean met() {
      return firstTaskAfterEnd >= 0 && firstTaskAfterEnd <= Verdicts.OUTAGE_TARGET_SECONDS && check.exactlyOnce()
          && during.missing() == 0;
    }
  }

  /**
   * @param slowOrg null unless {@code --slow-org-ms} asked for that phase
   */
  record Results(Baseline baselineBefore, Baseline baselineAfter, Baseline healthy, Isolation isolation,
                 Baseline slowOrg, Outage outage, Map<String, Long> deadLetters, long redeliveredBatches) {
    /** W1 alone, both runs as one sample: what every other phase's W1 latency is compared with. */
    CallLatencies baseline() {
      return CallLatencies.pooled(List.of(baselineBefore.w1Timeline(), baselineAfter.w1Timeline()));
    }
  }

  /** The section's verdicts, computed once for the report and the key figures alike. */
  record Verdicts(double ratio, double ratioToHealthy, boolean isolationMet, boolean exactlyOnceMet, boolean outageMet,
                  long failingDeadLetters, long heldCalls) {
    static final double OUTAGE_TARGET_SECONDS = IsolationBench.TARGET_OUTAGE_RECOVERY.toMillis() / 1000.0;

    static Verdicts of(Results r) {
      double base = r.baseline().latency().p99();
      double healthy = r.healthy().w1().latency().p99();
      CallLatencies failing = r.isolation().w1Failing();
      double ratio = failing.latency().p99() / base;
      long dlq = r.deadLetters().getOrDefault(IsolationBench.W2, 0L) + r.deadLetters().getOrDefault(IsolationBench.W3, 0L);
      boolean recoveredAll = r.isolation().recovered().values().stream().noneMatch(x -> Double.isNaN(x.allLandedSeconds()));
      boolean once = recoveredAll && dlq == 0 && r.isolation().checks().values().stream().allMatch(OrgCheck::exactlyOnce);
      long held = r.isolation().recovered().values().stream().mapToLong(Recovered::heldCalls).sum();
      return new Verdicts(ratio, failing.latency().p99() / healthy, ratio <= IsolationBench.TARGET_RATIO
          && failing.missing() == 0, once, r.outage().met(), dlq, held);
    }
  }

  static void write(Path out, IsolationBench.Settings s, List<BenchWorkspace> workspaces, List<PhaseLoad> loads,
                    Results r) throws IOException {
    Files.createDirectories(out);
    Verdicts v = Verdicts.of(r);
    String md = markdown(s, workspaces, loads, r, v);
    Files.writeString(out.resolve(MD), md, StandardCharsets.UTF_8);
    Files.writeString(out.resolve(CSV), csv(r, v), StandardCharsets.UTF_8);
    KeyFigures.append(out, keyFigures(s, r, v).toArray(KeyFigure[]::new));
    System.out.println();
    System.out.println(md);
  }

  static List<KeyFigure> keyFigures(IsolationBench.Settings s, Results r, Verdicts v) {
    Latencies.Summary base = r.baseline().latency();
    Latencies.Summary healthy = r.healthy().w1().latency();
    Isolation iso = r.isolation();
    String load = String.format(Locale.ROOT, "%s calls/s + as many lead states per workspace", num(s.rate()));
    List<KeyFigure> figures = new ArrayList<>();
    figures.add(new KeyFigure(SECTION, String.format(Locale.ROOT, "healthy workspace's end-to-end p99 (produced → Task)"
            + " beside one workspace with its grant revoked and one with its API budget spent, %s, %d s", load,
            iso.failureSeconds()),
        latency(iso.w1Failing().latency()) + "; " + ratio(v.ratioToHealthy()) + " the p99 with all three healthy",
        "p99 " + ms(base.p99()) + " (healthy workspace alone, same load, runs before and after)",
        ratio(v.ratio()), "healthy p99 ≤ 1.5× a run with no failing workspace",
        KeyFigure.Verdict.of(v.isolationMet()), MD));
    figures.add(new KeyFigure(SECTION, "held records after recovery (grant reconnected through the web flow, budget"
            + " reset), load going on", String.format(Locale.ROOT, "%,d held calls landed exactly once (%s); %d in the DLQ",
            v.heldCalls(), iso.recovered().entrySet().stream().map(e -> e.getKey() + " in "
                + seconds(e.getValue().allLandedSeconds())).collect(Collectors.joining(", ")), v.failingDeadLetters()),
        "", "", "after recovery every held record lands exactly once", KeyFigure.Verdict.of(v.exactlyOnceMet()), MD));
    Outage o = r.outage();
    figures.add(new KeyFigure(SECTION, String.format(Locale.ROOT, "syncing again after a %d s 503 outage of the"
            + " workspace's org (one workspace, %s calls/s): outage end → first Task", o.seconds(), num(s.rate())),
        seconds(o.firstTaskAfterEnd()) + String.format(Locale.ROOT, "; %,d held calls landed once, the last %s after the"
            + " end", o.heldAtEnd(), seconds(o.backlogLanded())),
        "p99 " + ms(base.p99()) + " produced → Task in normal operation (healthy workspace alone)", "",
        "syncing again within 2 s of the outage's end (crm-sink issue)", KeyFigure.Verdict.of(o.met()), MD));
    figures.add(KeyFigure.context(SECTION, "healthy workspace's p99 with two more healthy workspaces at the same load",
        latency(healthy), "p99 " + ms(base.p99()) + " (alone)", ratio(healthy.p99() / base.p99()), MD));
    figures.add(KeyFigure.context(SECTION, "healthy workspace's p99 while the two recovered workspaces drain what they held",
        latency(iso.w1Recovery().latency()), "p99 " + ms(base.p99()) + " (alone)",
        ratio(iso.w1Recovery().latency().p99() / base.p99()), MD));
    if (r.slowOrg() != null) {
      figures.add(KeyFigure.context(SECTION, String.format(Locale.ROOT, "healthy workspace's p99 beside a slow org"
              + " (every request %d ms late, nothing failing) and a healthy one", s.slowOrgMillis()),
          latency(r.slowOrg().w1().latency()), "p99 " + ms(healthy.p99()) + " (all three healthy)",
          ratio(r.slowOrg().w1().latency().p99() / healthy.p99()), MD));
    }
    return figures;
  }

  // ---- Markdown

  static String markdown(IsolationBench.Settings s, List<BenchWorkspace> workspaces, List<PhaseLoad> loads, Results r,
                         Verdicts v) {
    Isolation iso = r.isolation();
    Outage o = r.outage();
    Latencies.Summary base = r.baseline().latency();
    StringBuilder md = new StringBuilder();
    md.append("# Failure isolation: one healthy workspace beside failing ones (crm-sink) — ")
        .append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
    md.append(String.format(Locale.ROOT, "Machine: %d cores, %d GiB RAM, %s %s; broker, registry and the three"
            + " Salesforce emulators in the driver JVM, PostgreSQL (embedded) and crm-sink (`java %s -jar"
            + " crm-sink/target/crm-sink.jar`, shipped settings) in their own processes, all on one host. The machine"
            + " is shared: its load while each phase ran is in the last table.%n%n",
        Runtime.getRuntime().availableProcessors(), Bench.totalMemoryGiB(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), String.join(" ", IsolationBench.SINK_JVM)));
    md.append("Command: `").append(s.command()).append('`').append(s.quick() ? " (quick)" : "").append("\n\n");
    md.append(String.format(Locale.ROOT, "Load: open loop, per workspace %s calls/s on `crm.activities.v1` and as many"
            + " lead states on `lead.state.v1` (the call's lead, one more call placed), %d leads per workspace (one"
            + " Contact each in its org, matched by email), keyed by the lead, 12 partitions. Latency per call:"
            + " produced (handed to the producer at its scheduled instant) → its Task created in the workspace's org"
            + " (the emulator's record listener, same clock). Every phase starts with the orgs' Tasks purged and ends"
            + " with them counted.%n%n", num(s.rate()), s.leads()));
    md.append("| workspace | connected by | in the isolation run |\n|---|---|---|\n");
    for (BenchWorkspace ws : workspaces) {
      md.append("| `").append(ws.id()).append("` | ").append(ws.connection()).append(" | ").append(switch (ws.id()) {
        case IsolationBench.W1 -> "healthy: the workspace measured";
        case IsolationBench.W2 -> String.format(Locale.ROOT, "grant revoked at %.1f s (refresh token and its access"
            + " tokens: the next request refreshes and meets `invalid_grant`)", iso.revokedAtSeconds());
        default -> "its org's daily API limit spent before the run starts (`REQUEST_LIMIT_EXCEEDED`)";
      }).append(" |\n");
    }

    md.append("\n## Verdicts\n\n| SPEC | measured | baseline (same run) | ratio | target | verdict |\n|---|---:|---:|---:|---|---|\n");
    md.append(String.format(Locale.ROOT, "| §13 failure isolation: `%s`'s p99 while `%s` is revoked and `%s`'s budget"
            + " spent (%d s) | %s | %s (`%s` alone, before and after) | %s | ≤ %.1f× | %s |%n", IsolationBench.W1,
        IsolationBench.W2,
        IsolationBench.W3, iso.failureSeconds(), latency(iso.w1Failing().latency()), latency(base), IsolationBench.W1,
        ratio(v.ratio()), IsolationBench.TARGET_RATIO, verdict(v.isolationMet())));
    md.append(String.format(Locale.ROOT, "| — the same p99 against the all-healthy run (same total load, nobody failing)"
            + " | %s | %s | %s | (context) | |%n", ms(iso.w1Failing().latency().p99()),
        ms(r.healthy().w1().latency().p99()), ratio(v.ratioToHealthy())));
    md.append(String.format(Locale.ROOT, "| §13 after recovery every held record lands exactly once | %,d held calls"
            + " landed, %s; every lead's newest fields | — | — | exactly once | %s |%n", v.heldCalls(),
        onceSummary(iso.checks()), verdict(v.exactlyOnceMet())));
    md.append(String.format(Locale.ROOT, "| crm-sink issue: syncing again after an outage | first Task %s after a %d s"
            + " 503 window ended | p99 %s produced → Task in normal operation (baseline) | — | ≤ 2 s | %s |%n",
        seconds(o.firstTaskAfterEnd()), o.seconds(), ms(base.p99()), verdict(o.met())));

    if (!v.isolationMet() && v.ratioToHealthy() <= IsolationBench.TARGET_RATIO) {
      md.append(String.format(Locale.ROOT, "%nThe isolation target is missed against the healthy workspace alone, but"
          + " its p99 is %s the all-healthy run's: the three workspaces' load, not the failures, raised it (see the"
          + " machine load below).%n", ratio(v.ratioToHealthy())));
    }
    md.append("\n## The healthy workspace's latency in every phase\n\n");
    md.append(String.format(Locale.ROOT, "`%s`, produced → Task, in the order the phases ran. Ratio: p99 against the"
        + " baseline's (both baseline runs as one sample).%n%n", IsolationBench.W1));
    md.append("| phase | workspaces loaded | calls | landed | p50 | p90 | p99 | max | p99 ratio |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    row(md, "baseline", IsolationBench.W1 + " alone", r.baselineBefore().w1(), base);
    row(md, "all healthy", "all three, nobody failing", r.healthy().w1(), base);
    row(md, "**isolation**", String.format(Locale.ROOT, "all three; %s revoked at %.0f s, %s's budget spent",
        IsolationBench.W2, iso.revokedAtSeconds(), IsolationBench.W3), iso.w1Failing(), base);
    row(md, "recovery", "all three; the recovered two drain their backlog", iso.w1Recovery(), base);
    row(md, "baseline again", IsolationBench.W1 + " alone", r.baselineAfter().w1(), base);
    row(md, "**baseline** (both runs)", IsolationBench.W1 + " alone", r.baseline(), base);
    if (r.slowOrg() != null) {
      row(md, "slow org", String.format(Locale.ROOT, "all three, %s's org answering %d ms late", IsolationBench.W2,
          s.slowOrgMillis()), r.slowOrg().w1(), base);
    }
    row(md, "outage: produced before the window", IsolationBench.W1 + " alone (the last calls before it wait through it)",
        o.before(), base);
    row(md, "outage: produced during the window", IsolationBench.W1 + " alone, its org answering 503", o.during(), base);
    row(md, "outage: produced after the window", IsolationBench.W1 + " alone", o.after(), base);
    md.append(String.format(Locale.ROOT, "%nThe other workspaces in the all-healthy run (the isolation run's load with"
        + " nobody failing): %s.%n", r.healthy().latencies().entrySet().stream()
        .filter(e -> !e.getKey().equals(IsolationBench.W1))
        .map(e -> "`" + e.getKey() + "` " + latency(e.getValue().latency()))
        .collect(Collectors.joining(", "))));

    md.append(String.format(Locale.ROOT, "%n### Over time (p99 per %d s of schedule)%n%n", WINDOW_SECONDS));
    md.append("| seconds | baseline p99 | all healthy p99 | isolation p99 | baseline again p99 | isolation: what happened |\n"
        + "|---|---:|---:|---:|---:|---|\n");
    int rows = Math.max(iso.w1Windows().size(), r.baselineBefore().w1Windows().size());
    for (int w = 0; w < rows; w++) {
      int from = w * WINDOW_SECONDS;
      int to = from + WINDOW_SECONDS;
      String what = "";
      if (iso.revokedAtSeconds() >= from && iso.revokedAtSeconds() < to) {
        what = IsolationBench.W2 + " revoked";
      }
      if (iso.recoveredAtSeconds() >= from && iso.recoveredAtSeconds() < to) {
        what = (what.isEmpty() ? "" : what + "; ") + "recovery: " + IsolationBench.W2 + " reconnected, "
            + IsolationBench.W3 + " reset";
      }
      md.append(String.format(Locale.ROOT, "| %d–%d | %s | %s | %s | %s | %s |%n", from, to,
          windowP99(r.baselineBefore().w1Windows(), w), windowP99(r.healthy().w1Windows(), w),
          windowP99(iso.w1Windows(), w), windowP99(r.baselineAfter().w1Windows(), w), what));
    }

    md.append("\n## What the failing workspaces held\n\n");
    md.append(String.format(Locale.ROOT, "At the end of the failure window (%d s): `%s` produced %,d calls (%s after the"
            + " revoke), `%s` %,d (all with its budget spent).%n%n", iso.failureSeconds(), IsolationBench.W2,
        iso.w2Calls(), "about " + Math.round((iso.failureSeconds() - iso.revokedAtSeconds()) / iso.failureSeconds()
            * 100) + " %", IsolationBench.W3, iso.w3Calls()));
    md.append("| workspace | sync state | calls without a Task | crm_pending rows | in crm-sink.dlq.v1 |\n|---|---|---:|---|---:|\n");
    for (String ws : List.of(IsolationBench.W2, IsolationBench.W3)) {
      md.append(String.format(Locale.ROOT, "| `%s` | %s | %,d | %s | %d |%n", ws, iso.held().states().get(ws),
          iso.held().callsNotLanded().get(ws), pendingText(iso.held().pending().get(ws)),
          iso.held().deadLetters().getOrDefault(ws, 0L)));
    }
    md.append("\ncrm_pending keeps the newest value per entity: one row per held call, one per lead whatever the"
        + " number of its held states.\n");
    md.append("\nSync states seen (polled every ").append(SyncStateWatch.PERIOD_MS)
        .append(" ms, seconds from the isolation run's start): ")
        .append(iso.stateChanges().isEmpty() ? "none" : String.join("; ", iso.stateChanges())).append(".\n");

    md.append(String.format(Locale.ROOT, "%n## Recovery%n%nAt %.1f s `%s` was connected again through the web flow (a"
            + " new grant stored in crm_connections, as event-api's callback stores it) and `%s`'s API usage reset; the"
            + " load went on for %d s. Seconds after that instant:%n%n", iso.recoveredAtSeconds(), IsolationBench.W2,
        IsolationBench.W3, s.recoverySeconds()));
    md.append("| workspace | calls held | every held call's Task created after | backlog drained, connected again after |\n"
        + "|---|---:|---:|---:|\n");
    iso.recovered().forEach((ws, x) -> md.append(String.format(Locale.ROOT, "| `%s` | %,d | %s | %s |%n", ws,
        x.heldCalls(), seconds(x.allLandedSeconds()), seconds(x.caughtUpSeconds()))));
    md.append("\nEach org counted after the run (calls of the isolation and recovery load; Tasks by `Voice_Call_Id__c`;"
        + " \"rewritten\": Tasks upserted again after their creation, idempotent but not once; leads: the Contact's"
        + " `Voice_Agent_Total_Calls__c` equals the newest state produced):\n\n");
    checksTable(md, iso.checks());
    md.append(String.format(Locale.ROOT, "%nIn crm-sink.dlq.v1 at the end of the bench, by workspace: %s. Batches the"
            + " sink redelivered (consumption paused for everyone): %d.%n",
        r.deadLetters().isEmpty() ? "nothing" : r.deadLetters(), r.redeliveredBatches()));

    if (r.slowOrg() != null) {
      Baseline slow = r.slowOrg();
      md.append(String.format(Locale.ROOT, "%n## A slow org (not failing)%n%nThe three workspaces at the same load, every"
              + " request to `%s`'s org answered %d ms late (`--slow-org-ms`): nothing fails, so nothing is held.%n%n",
          IsolationBench.W2, s.slowOrgMillis()));
      md.append("| workspace | calls | landed | p50 | p99 | max | p99 ÷ all-healthy p99 |\n|---|---:|---:|---:|---:|---:|---:|\n");
      slow.latencies().forEach((ws, l) -> md.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %s | %s | %s | %s |%n",
          ws, l.calls(), l.landed(), ms(l.latency().p50()), ms(l.latency().p99()), ms(l.latency().max()),
          ratio(l.latency().p99() / r.healthy().latencies().get(ws).latency().p99()))));
      md.append("\n");
      checksTable(md, slow.checks());
    }

    md.append(String.format(Locale.ROOT, "%n## Outage of the healthy workspace's org%n%n`%s` alone at the same load;"
            + " every REST request to its org answered 503 `SERVER_UNAVAILABLE` for %d s (the emulator's time window),"
            + " %d s into the run.%n%n", IsolationBench.W1, o.seconds(), s.beforeOutageSeconds()));
    md.append(String.format(Locale.ROOT, "- First Task after the window's end: **%s** (target ≤ 2 s).%n",
        seconds(o.firstTaskAfterEnd())));
    md.append(String.format(Locale.ROOT, "- Calls produced during the window: %,d; Tasks created during it: %d; calls"
            + " held at its end: %,d, the last of them landed %s after it.%n", o.during().calls(), o.landedDuring(),
        o.heldAtEnd(), seconds(o.backlogLanded())));
    md.append(String.format(Locale.ROOT, "- Sync states seen (seconds from the outage's start): %s.%n",
        o.stateChanges().isEmpty() ? "none" : String.join("; ", o.stateChanges())));
    md.append("\n");
    checksTable(md, Map.of(IsolationBench.W1, o.check()));

    md.append("\n## Machine load\n\n| phase | wall | load average at start → end (1 min) | crm-sink CPU | driver CPU |\n"
        + "|---|---:|---:|---:|---:|\n");
    for (PhaseLoad l : loads) {
      md.append(String.format(Locale.ROOT, "| %s | %.0f s | %.2f → %.2f | %.1f s (%.2f cores) | %.1f s (%.2f cores) |%n",
          l.phase(), l.wallSeconds(), l.loadAvgStart(), l.loadAvgEnd(), l.sinkCpuSeconds(),
          l.sinkCpuSeconds() / l.wallSeconds(), l.driverCpuSeconds(), l.driverCpuSeconds() / l.wallSeconds()));
    }
    md.append(String.format(Locale.ROOT, "%nThe driver runs the broker, the registry and the three emulators; PostgreSQL"
        + " is not in either column. A load average above %d means processes waited for a core.%n",
        Runtime.getRuntime().availableProcessors()));

    md.append("\n## How to read it\n\n"
        + "- The baseline is the healthy workspace alone at the same load; the isolation run has three times the"
        + " records in total (the failing workspaces' records are still consumed, persisted and held), so its ratio"
        + " includes the extra load as well as the failures. The all-healthy run (same total load, nobody failing)"
        + " separates the two: isolation p99 ÷ all-healthy p99 = "
        + ratio(v.ratioToHealthy()) + ".\n"
        + "- Order: warm-up, baseline, all healthy, isolation + recovery, baseline again, "
        + (r.slowOrg() != null ? "slow org, " : "") + "outage, on one sink process. The two baseline runs bracket"
        + " the ones compared with them: the JIT still warming early, the lead database's tables growing and the"
        + " machine's other work changing over the bench show as the difference between them.\n"
        + "- The recovery times are the shipped settings': a reconnect is noticed within"
        + " `leadstream.sink.connections-refresh` (2 s); a spent budget is probed at most once per"
        + " `leadstream.sink.salesforce.budget-probe-interval` (1 min), and the workspace's retry comes one such"
        + " interval after the last probe (no jitter), so a budget that comes back is used again within one"
        + " interval.\n"
        + "- Exactly once is counted in the orgs, not taken from the sink's logs: one Task per produced call id"
        + " (none missing, none extra), and each Contact showing its lead's newest state.\n");
    return md.toString();
  }

  private static void row(StringBuilder md, String phase, String loaded, CallLatencies l, Latencies.Summary base) {
    Latencies.Summary x = l.latency();
    md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %s | %s | %s | %s | %s |%n", phase, loaded, l.calls(),
        l.landed(), ms(x.p50()), ms(x.p90()), ms(x.p99()), ms(x.max()), ratio(x.p99() / base.p99())));
  }

  private static void checksTable(StringBuilder md, Map<String, OrgCheck> checks) {
    md.append("| org of | calls produced | Tasks | missing | extra | duplicated | rewritten | leads with newest fields |"
        + " exactly once |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    checks.forEach((ws, c) -> md.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %d | %d | %d | %d | %d / %d | %s |%n",
        ws, c.callsProduced(), c.tasks(), c.missing(), c.extra(), c.duplicated(), c.rewritten(), c.leadsNewest(),
        c.leads(), c.exactlyOnce() ? "yes" : "**no**: " + c.firstProblem())));
  }

  private static String onceSummary(Map<String, OrgCheck> checks) {
    long problems = checks.values().stream().filter(c -> !c.exactlyOnce()).count();
    int missing = checks.values().stream().mapToInt(OrgCheck::missing).sum();
    int duplicated = checks.values().stream().mapToInt(OrgCheck::duplicated).sum();
    int extra = checks.values().stream().mapToInt(OrgCheck::extra).sum();
    return problems == 0 ? String.format(Locale.ROOT, "%d missing, %d duplicated, %d extra Tasks in the three orgs",
        missing, duplicated, extra)
        : String.format(Locale.ROOT, "%d missing, %d duplicated, %d extra Tasks; %s", missing, duplicated, extra,
            checks.values().stream().filter(c -> !c.exactlyOnce()).map(c -> c.workspaceId() + ": " + c.firstProblem())
                .collect(Collectors.joining("; ")));
  }

  private static String windowP99(List<CallLatencies> windows, int w) {
    if (w >= windows.size()) {
      return "";
    }
    CallLatencies l = windows.get(w);
    return l.landed() == 0 ? "—" : ms(l.latency().p99()) + (l.missing() > 0 ? " (" + l.missing() + " missing)" : "");
  }

  private static String pendingText(Map<String, Long> pending) {
    return pending == null || pending.isEmpty() ? "none" : pending.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey())).collect(Collectors.joining(", "));
  }

  // ---- CSV: one figure per row, its baseline beside it

  static String csv(Results r, Verdicts v) {
    StringBuilder csv = new StringBuilder("phase,workspace,figure,value,unit,baseline,ratio\n");
    Latencies.Summary base = r.baseline().latency();
    latencyRows(csv, "baseline", IsolationBench.W1, r.baselineBefore().w1(), base);
    latencyRows(csv, "baseline-again", IsolationBench.W1, r.baselineAfter().w1(), base);
    latencyRows(csv, "baseline-pooled", IsolationBench.W1, r.baseline(), base);
    r.healthy().latencies().forEach((ws, l) -> latencyRows(csv, "all-healthy", ws, l, base));
    latencyRows(csv, "isolation", IsolationBench.W1, r.isolation().w1Failing(), base);
    latencyRows(csv, "recovery", IsolationBench.W1, r.isolation().w1Recovery(), base);
    r.isolation().held().callsNotLanded().forEach((ws, n) -> line(csv, "isolation", ws, "calls_held", n, "calls", "", ""));
    r.isolation().held().pending().forEach((ws, rows) -> line(csv, "isolation", ws, "crm_pending_rows",
        rows.values().stream().mapToLong(Long::longValue).sum(), "rows", "", ""));
    r.isolation().held().deadLetters().forEach((ws, n) -> line(csv, "isolation", ws, "dlq_records", n, "records", "", ""));
    r.isolation().recovered().forEach((ws, x) -> {
      line(csv, "recovery", ws, "held_calls", x.heldCalls(), "calls", "", "");
      line(csv, "recovery", ws, "all_held_landed", fmt(x.allLandedSeconds()), "s", "", "");
      line(csv, "recovery", ws, "caught_up", fmt(x.caughtUpSeconds()), "s", "", "");
    });
    r.isolation().checks().forEach((ws, c) -> checkRows(csv, "recovery", ws, c));
    line(csv, "recovery", "", "exactly_once", v.exactlyOnceMet() ? 1 : 0, "bool", "", "");
    if (r.slowOrg() != null) {
      r.slowOrg().latencies().forEach((ws, l) -> latencyRows(csv, "slow-org", ws, l, base));
    }
    Outage o = r.outage();
    latencyRows(csv, "outage-before", IsolationBench.W1, o.before(), base);
    latencyRows(csv, "outage-during", IsolationBench.W1, o.during(), base);
    latencyRows(csv, "outage-after", IsolationBench.W1, o.after(), base);
    line(csv, "outage", IsolationBench.W1, "first_task_after_end", fmt(o.firstTaskAfterEnd()), "s",
        fmt(Verdicts.OUTAGE_TARGET_SECONDS), "");
    line(csv, "outage", IsolationBench.W1, "held_at_end", o.heldAtEnd(), "calls", "", "");
    line(csv, "outage", IsolationBench.W1, "backlog_landed", fmt(o.backlogLanded()), "s", "", "");
    checkRows(csv, "outage", IsolationBench.W1, o.check());
    r.deadLetters().forEach((ws, n) -> line(csv, "end", ws, "dlq_records", n, "records", "", ""));
    line(csv, "end", "", "redelivered_batches", r.redeliveredBatches(), "batches", "", "");
    return csv.toString();
  }

  private static void latencyRows(StringBuilder csv, String phase, String ws, CallLatencies l, Latencies.Summary base) {
    line(csv, phase, ws, "calls", l.calls(), "calls", "", "");
    line(csv, phase, ws, "landed", l.landed(), "calls", "", "");
    line(csv, phase, ws, "p50", fmt(l.latency().p50()), "ms", fmt(base.p50()), fmt(l.latency().p50() / base.p50()));
    line(csv, phase, ws, "p99", fmt(l.latency().p99()), "ms", fmt(base.p99()), fmt(l.latency().p99() / base.p99()));
    line(csv, phase, ws, "max", fmt(l.latency().max()), "ms", fmt(base.max()), fmt(l.latency().max() / base.max()));
  }

  private static void checkRows(StringBuilder csv, String phase, String ws, OrgCheck c) {
    line(csv, phase, ws, "tasks", c.tasks(), "tasks", Integer.toString(c.callsProduced()), "");
    line(csv, phase, ws, "tasks_missing", c.missing(), "tasks", "", "");
    line(csv, phase, ws, "tasks_duplicated", c.duplicated(), "calls", "", "");
    line(csv, phase, ws, "tasks_rewritten", c.rewritten(), "tasks", "", "");
    line(csv, phase, ws, "leads_newest", c.leadsNewest(), "leads", Integer.toString(c.leads()), "");
  }

  private static void line(StringBuilder csv, String phase, String ws, String figure, Object value, String unit,
                           String baseline, String ratio) {
    csv.append(String.join(",", phase, ws, figure, String.valueOf(value), unit, baseline, ratio)).append('\n');
  }

  // ---- formatting

  static String latency(Latencies.Summary l) {
    return "p50 " + ms(l.p50()) + " / p99 " + ms(l.p99()) + " / max " + ms(l.max());
  }

  static String ms(double millis) {
    return Double.isNaN(millis) ? "—" : String.format(Locale.ROOT, "%,.0f ms", millis);
  }

  static String seconds(double s) {
    return Double.isNaN(s) || s < 0 ? "never (timed out)" : String.format(Locale.ROOT, "%.2f s", s);
  }

  static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r) ? "—" : String.format(Locale.ROOT, "%.2f×", r);
  }

  private static String num(double x) {
    return x == Math.rint(x) ? String.format(Locale.ROOT, "%,.0f", x) : String.format(Locale.ROOT, "%,.1f", x);
  }

  private static String fmt(double x) {
    return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.3f", x);
  }

  private static String verdict(boolean met) {
    return met ? "met" : "**missed**";
  }
}
