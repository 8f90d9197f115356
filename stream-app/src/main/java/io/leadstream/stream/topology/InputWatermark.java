package io.leadstream.stream.topology;

/**
 * How far the input ({@code voice.events.v1}) has been processed, for the cadence punctuator: a timer is released only
 * once every input record appended before its due time has been applied (SPEC §7 "Fail closed"), so an opt-out
 * sitting unprocessed in the backlog after downtime or under lag is always applied before an overdue timer fires.
 * The service measures it from the group's committed offsets ({@code runtime.InputProgress}).
 */
@FunctionalInterface
public interface InputWatermark {
    /** Not known yet (start-up, restart, the broker not answering): nothing is released. */
    long UNKNOWN = Long.MIN_VALUE;

    /** Input processed before anything else happens, as in TopologyTestDriver: timers are released on the wall clock alone. */
    InputWatermark CAUGHT_UP = () -> Long.MAX_VALUE;

    /** Epoch millis before which every appended input record has been processed, or {@link #UNKNOWN}. */
    long processedUpToMillis();
}
