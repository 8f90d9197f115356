package io.leadstream.testkit.kafka;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Decides which broker tests get. Pure: the property value and the engine probe are passed in, so
 * the rule is unit-tested without Docker or system properties.
 *
 * <ul>
 *   <li>{@code embedded} → the in-process broker, without probing Docker;</li>
 *   <li>{@code testcontainers} → Testcontainers, and a missing engine is an error, not a fallback;</li>
 *   <li>unset/blank → Testcontainers when an engine answers, otherwise embedded.</li>
 * </ul>
 */
public final class BrokerSelection {

    /** System property that forces a broker kind: {@code embedded} or {@code testcontainers}. */
    public static final String PROPERTY = "leadstream.kafka";

    private BrokerSelection() {
    }

    public static BrokerKind select(String requested, BooleanSupplier dockerEngineAnswers) {
        if (requested == null || requested.isBlank()) {
            return dockerEngineAnswers.getAsBoolean() ? BrokerKind.TESTCONTAINERS : BrokerKind.EMBEDDED;
        }
        switch (requested.trim().toLowerCase(Locale.ROOT)) {
            case "embedded":
                return BrokerKind.EMBEDDED;
            case "testcontainers":
                if (!dockerEngineAnswers.getAsBoolean()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=testcontainers was requested"
                            + " but no Docker engine answers; start one or use -D" + PROPERTY + "=embedded");
                }
                return BrokerKind.TESTCONTAINERS;
            default:
                throw new IllegalArgumentException("Unknown -D" + PROPERTY + "=" + requested
                        + "; expected 'embedded' or 'testcontainers'");
        }
    }
}
