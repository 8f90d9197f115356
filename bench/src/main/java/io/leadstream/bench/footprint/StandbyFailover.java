package io.leadstream.bench.footprint;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * SPEC §13's "with standby" case: two instances of one application with
 * {@code STREAMS_STANDBY_REPLICAS=1}; once the second one's standby tasks have caught up, the
 * instance owning a probe lead's partition is killed with SIGKILL and the clock runs until the
 * survivor has processed an event for that lead. The survivor must first notice the loss — the
 * group coordinator drops a killed member only after its session timeout — so the scenario runs
 * with the shipped consumer settings and, when asked, with a shorter session timeout.
 */
final class StandbyFailover {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration TAKEOVER_TIMEOUT = Duration.ofMinutes(5);
    /** The standby counts as caught up once its restore consumer has applied nothing new for this long. */
    private static final long QUIET_NANOS = Duration.ofSeconds(5).toNanos();
    private static final long CATCH_UP_LIMIT_NANOS = Duration.ofMinutes(15).toNanos();

    private final StreamAppChild.Settings settings;
    private final ProbeClock clock;

    StandbyFailover(StreamAppChild.Settings settings, ProbeClock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** @param survivorLog what the survivor logged from the kill on: its rejoin, and what it restored on top of its standby */
    record Outcome(ProbeClock.Timeline timeline, double standbyCatchUpSeconds, Instant killedAt, StartLog survivorLog, int intact,
                   int sampled) {
        /** From the kill to the survivor asking to rejoin: how long the group took to notice the loss. */
        String noticedAfter() {
            return survivorLog.joinRequestedAt() == null ? "(no rejoin logged)"
                    : String.format(Locale.ROOT, "%.1f s", Duration.between(killedAt, survivorLog.joinRequestedAt()).toMillis() / 1000.0);
        }
    }

    /**
     * @param sessionTimeoutMs the consumers' {@code session.timeout.ms}, or 0 for stream-app's shipped setting (10 s)
     * @param activeName       the instance that keeps the existing store (the one that was running alone)
     */
    Outcome run(String applicationId, String activeName, int leads, int sessionTimeoutMs) throws Exception {
        Map<String, String> env = sessionTimeoutMs <= 0 ? Map.of() : Map.of("SPRING_APPLICATION_JSON", String.format(Locale.ROOT,
                "{\"leadstream.streams.config.consumer.session.timeout.ms\":\"%d\",\"leadstream.streams.config.consumer.heartbeat.interval.ms\":\"%d\"}",
                sessionTimeoutMs, Math.max(500, sessionTimeoutMs / 4)));
        try (StreamAppChild a = StreamAppChild.create(settings, activeName, applicationId, 1, env);
             StreamAppChild b = StreamAppChild.create(settings, activeName + "-standby", applicationId, 1, env)) {
            a.start();
            b.start();
            awaitReady(a);
            awaitReady(b);
            double catchUp = awaitStandbyCaughtUp(b);
            String lead = leadActiveOn(a, leads);
            System.out.printf(Locale.ROOT, "  standby caught up after %.1f s; killing %s, the active owner of %s%n", catchUp, a.name(), lead);
            // Asked of b, which answers from its own store or the owner's: every sampled lead, whichever instance owns it.
            StateSample before = StateSample.take(b, leads);
            long logOffset = b.logSize();
            Instant killedAt = Instant.now();
            ProbeClock.Timeline t = clock.time(a::kill, null, b, lead, TAKEOVER_TIMEOUT);
            StateSample after = awaitAnswering(b, leads);
            return new Outcome(t, catchUp, killedAt, StartLog.read(b.logFile(), logOffset), before.sameIn(after, lead), before.known());
        }
    }

    /** After the takeover the survivor may still be settling its assignment: sample once it answers for the leads again. */
    private static StateSample awaitAnswering(StreamAppChild survivor, int leads) throws InterruptedException {
        awaitReady(survivor);
        return StateSample.take(survivor, leads);
    }

    private static void awaitReady(StreamAppChild child) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!child.isReady()) {
            if (!child.isAlive()) {
                throw new IllegalStateException(child.name() + " exited before it was ready; see " + child.logFile());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(child.name() + " not ready within " + READY_TIMEOUT.toMinutes() + " min; see " + child.logFile());
            }
            Thread.sleep(250);
        }
    }

    /**
     * Standby tasks have no readiness of their own, and stream-app exports no task-level metrics at the
     * INFO recording level; their restore consumer's records-consumed counter does show when they stop
     * catching up.
     */
    private static double awaitStandbyCaughtUp(StreamAppChild standby) throws InterruptedException {
        long start = System.nanoTime();
        double last = -1;
        long quietSince = start;
        long lastReport = start;
        while (System.nanoTime() - start < CATCH_UP_LIMIT_NANOS) {
            double consumed = restoreConsumed(standby.metrics());
            long now = System.nanoTime();
            if (consumed != last) {
                last = consumed;
                quietSince = now;
            } else if (now - quietSince >= QUIET_NANOS && last >= 0) {
                // Zero is fine too: a standby whose store is already current (an earlier run's survivor) reads nothing.
                return (quietSince - start) / 1e9;
            }
            if (now - lastReport > Duration.ofSeconds(5).toNanos()) {
                System.out.printf(Locale.ROOT, "  standby %s: %,.0f changelog records applied%n", standby.name(), Math.max(0, last));
                lastReport = now;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(standby.name() + "'s standby tasks still catching up after 15 min; see " + standby.logFile());
    }

    static double restoreConsumed(String prometheus) {
        double sum = 0;
        if (prometheus == null) {
            return -1;
        }
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("kafka_consumer_fetch_manager_records_consumed_total{") && line.contains("restore-consumer")
                    && !line.contains("topic=")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** A lead whose partition is active on {@code owner}: only the owner answers {@code ?local=true} with 200. */
    private static String leadActiveOn(StreamAppChild owner, int leads) {
        for (int i = 0; i < Math.min(leads, 5_000); i++) {
            String lead = "lead-" + i;
            if (owner.get("/state/leads/" + lead + "?local=true") != null) {
                return lead;
            }
        }
        throw new IllegalStateException(owner.name() + " owns none of the first leads' partitions");
    }
}
