package io.leadstream.testkit.postgres;

/**
 * The one PostgreSQL server of this JVM, started on first use and closed at JVM exit
 * (a static holder, so it stays single across test engines and launcher sessions in one fork).
 */
public final class SharedPostgres {

    private static EmbeddedPostgresDatabase server;

    private SharedPostgres() {
    }

    /** The shared server, running; the first call starts it. */
    public static synchronized EmbeddedPostgresDatabase get() {
        if (server == null) {
            // Closed at JVM exit by the shutdown hook every EmbeddedPostgresDatabase registers.
            server = new EmbeddedPostgresDatabase();
        }
        // A test may have stopped it to simulate an outage and failed before starting it again.
        return server.start();
    }
}
