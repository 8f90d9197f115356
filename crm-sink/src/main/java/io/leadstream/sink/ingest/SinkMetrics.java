package io.leadstream.sink.ingest;

import io.leadstream.sink.budget.ApiBudget;
import io.leadstream.sink.salesforce.CallObserver;
import io.leadstream.sink.salesforce.LimitInfo;
import io.micrometer.core.instrument.Counter;
import io.leadstream.sink.workspace.Pending;
import io.leadstream.sink.workspace.SyncState;
import io.leadstream.sink.workspace.SyncStates;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** The sink's Prometheus metrics (SPEC §12) and its per-workspace API budgets. */
public final class SinkMetrics implements CallObserver {
  private final MeterRegistry registry;
  private final Timer latency;
  private final Timer optOutLatency;
  private final AtomicInteger paused = new AtomicInteger();
  private final Map<String, ApiBudget> budgets = new ConcurrentHashMap<>();
  private final Function<String, ApiBudget> newBudget;
  private final MultiGauge workspaceState;
  private final MultiGauge pendingRecords;

  public SinkMetrics(MeterRegistry registry, Function<String, ApiBudget> newBudget) {
    this.registry = registry;
    this.newBudget = newBudget;
    this.latency = Timer.builder("crm_sink.end_to_end.latency")
        .description("occurredAt of the source event to Salesforce acknowledgement")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
    this.optOutLatency = Timer.builder("crm_sink.optout.latency")
        .description("Opt-out event time (optedOutAt) to Salesforce acknowledging DoNotCall/HasOptedOutOfEmail")
        .publishPercentileHistogram()
        // An exact le="10.0" bucket: the OptOutSlowerThan10s alert (ops/prometheus/alerts.yml) counts what exceeds it.
        .serviceLevelObjectives(Duration.ofSeconds(10))
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
    Gauge.builder("crm_sink.consumption.paused", paused, AtomicInteger::get)
        .description("1 while consumption is paused: the system (PostgreSQL, broker, registry) is down").register(registry);
    this.workspaceState = MultiGauge.builder("crm_sink.workspace.state")
        .description("1 for each workspace's current sync state").register(registry);
    this.pendingRecords = MultiGauge.builder("crm_sink.pending.records")
        .description("Records waiting in crm_pending, by workspace and reason").register(registry);
  }

  public ApiBudget budget(String workspaceId) {
    return budgets.computeIfAbsent(workspaceId, ws -> {
      ApiBudget budget = newBudget.apply(ws);
      Gauge.builder("crm_sink.salesforce.api.used", budget, b -> b.used()).tag("workspace", ws)
          .description("Daily API requests used, as Salesforce reports").register(registry);
      Gauge.builder("crm_sink.salesforce.api.limit", budget, b -> b.max()).tag("workspace", ws)
          .description("Daily API request limit").register(registry);
      Gauge.builder("crm_sink.salesforce.api.allowance", budget, b -> b.max() < 0 ? -1 : b.allowance())
          .tag("workspace", ws).description("Requests the sink may use (limit minus headroom)").register(registry);
      return budget;
    });
  }

  @Override
  public void onCall(String workspaceId, String operation, String outcome) {
    Counter.builder("crm_sink.salesforce.requests").tag("operation", operation).tag("outcome", outcome)
        .description("Salesforce requests by operation and outcome").register(registry).increment();
  }

  @Override
  public void onLimitInfo(String workspaceId, LimitInfo info) {
    budget(workspaceId).observe(info.used(), info.max());
  }

  public void match(String result) {
    Counter.builder("crm_sink.matches").tag("result", result)
        .description("Lead matching outcomes: matched, not_found, ambiguous").register(registry).increment();
  }

  public void consumed(String topic, int count) {
    Counter.builder("crm_sink.records.consumed").tag("topic", topic).register(registry).increment(count);
  }

  public void written(String kind, int count) {
    Counter.builder("crm_sink.salesforce.records.written").tag("kind", kind).register(registry).increment(count);
  }

  public void parked(String reason) {
    Counter.builder("crm_sink.dlq.records").tag("reason", reason).description("Records parked in crm-sink.dlq.v1")
        .register(registry).increment();
  }

  public void latency(Duration d) {
    latency.record(d.isNegative() ? Duration.ZERO : d);
  }

  /** An opt-out acknowledged by the CRM, timed from when the lead opted out (the alert's 10 s target). */
  public void optOutLatency(Duration d) {
    optOutLatency.record(d.isNegative() ? Duration.ZERO : d);
  }

  public void paused(boolean isPaused) {
    paused.set(isPaused ? 1 : 0);
  }

  public boolean isPaused() {
    return paused.get() == 1;
  }

  /**
   * Each workspace's sync state (1 for its current state, 0 for the others) and its pending records by
   * reason, so an operator sees which customer waits and why (SPEC §12 CRM sync health).
   */
  public void workspaces(Map<String, SyncStates.Row> states, Map<String, Map<Pending.Reason, Long>> pending) {
    List<MultiGauge.Row<?>> stateRows = new ArrayList<>();
    states.forEach((ws, row) -> {
      for (SyncState s : SyncState.values()) {
        stateRows.add(MultiGauge.Row.of(Tags.of("workspace", ws, "state", s.dbName()), row.state() == s ? 1 : 0));
      }
    });
    workspaceState.register(stateRows, true);
    List<MultiGauge.Row<?>> pendingRows = new ArrayList<>();
    states.keySet().forEach(ws -> {
      for (Pending.Reason r : Pending.Reason.values()) {
        pendingRows.add(MultiGauge.Row.of(Tags.of("workspace", ws, "reason", r.dbName()),
            pending.getOrDefault(ws, Map.of()).getOrDefault(r, 0L)));
      }
    });
    pending.forEach((ws, byReason) -> {
      if (!states.containsKey(ws)) {
        byReason.forEach((r, n) -> pendingRows.add(MultiGauge.Row.of(Tags.of("workspace", ws, "reason", r.dbName()), n)));
      }
    });
    pendingRecords.register(pendingRows, true);
  }
}
