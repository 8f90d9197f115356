package io.leadstream.stream.topology;

/** An event that failed validation: routed to the DLQ with the reason, never applied. */
public final class InvalidEventException extends RuntimeException {
    public InvalidEventException(String reason) {
        super(reason);
    }
}
