package io.leadstream.testkit.kafka;

/**
 * The one broker of this JVM, started on first use and closed by a JVM shutdown hook. Holding it
 * in a static (rather than a JUnit store) keeps it single even when several test engines or
 * launcher sessions run in the same fork.
 */
public final class SharedKafkaBroker {

    private static KafkaBroker broker;

    private SharedKafkaBroker() {
    }

    /** The shared broker, started; the first call starts it. */
    public static synchronized KafkaBroker get() {
        if (broker == null) {
            KafkaBroker created = KafkaBrokers.create();
            Runtime.getRuntime().addShutdownHook(new Thread(created::close, "leadstream-kafka-shutdown"));
            broker = created;
        }
        // A test may have stopped the shared broker to simulate an outage and failed before restarting it.
        broker.start();
        return broker;
    }
}
