package io.leadstream.stream.cadence;

/** How a released call attempt went, as far as cadence progression cares. */
public enum CallOutcome {
    /** CALL_NO_ANSWER: retry the step after retryAfter until maxAttempts, then the next step. */
    NO_ANSWER,
    /** CALL_ANSWERED or CALL_COMPLETED: go on to the next step. */
    ANSWERED
}
