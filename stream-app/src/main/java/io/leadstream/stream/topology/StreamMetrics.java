package io.leadstream.stream.topology;

import io.leadstream.schemas.event.EventType;

import java.time.Duration;

/** What the topology reports about itself; the service binds it to Micrometer, tests to nothing or a recorder. */
public interface StreamMetrics {
    StreamMetrics NONE = new StreamMetrics() {
    };

    /** Config key under which the instance is handed to the DLQ handlers Kafka Streams instantiates. */
    String CONFIG_KEY = "leadstream.metrics";

    default void eventApplied(EventType type) {
    }

    default void duplicateSkipped() {
    }

    /** @param stage deserialization, validation or processing */
    default void deadLettered(String stage) {
    }

    /** A compliance gate decided (SPEC §12: gate decisions by reason). */
    default void gateDecision(String decision, String rule) {
    }

    /** A cadence tick fired timers; {@code lag} is how late the oldest of them was. */
    default void timersFired(int count, Duration lag) {
    }

    /**
     * A cadence tick held back due timers because the input is not processed up to them yet: {@code waiting} of them
     * (counted up to a bound), the watermark {@code lag} behind the wall clock (null: watermark unknown).
     */
    default void timersWaitingForInput(int waiting, Duration lag) {
    }

    /** A decay tick ran {@code lag} after it was due; {@code reemitted} scores moved by a point or more. */
    default void decayTick(Duration lag, int scanned, int reemitted) {
    }
}
