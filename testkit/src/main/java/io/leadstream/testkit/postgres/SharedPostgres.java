package io.leadstream.testkit.postgres;

/**
 * The one PostgreSQL server of this JVM, started on first use and closed by a JVM shutdown hook
 * (a static holder, so it stays single across test engines and launcher sessions in one fork).
 */
public final class SharedPostgres {

    private static EmbeddedPostgresDatabase server;

    private SharedPostgres() {
    }

    /** The shared server, running; the first call starts it. */
    public static synchronized EmbeddedPostgresDatabase get() {
        if (server == null) {
            EmbeddedPostgresDatabase created = new EmbeddedPostgresDatabase();
            Runtime.getRuntime().addShutdownHook(new Thread(created::close, "leadstream-postgres-shutdown"));
            server = created;
        }
        // A test may have stopped it to simulate an outage and failed before starting it again.
        return server.start();
    }
}
