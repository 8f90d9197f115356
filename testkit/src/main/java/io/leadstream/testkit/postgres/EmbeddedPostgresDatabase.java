package io.leadstream.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (Zonky's embedded binaries) on a random local port. The data directory
 * and port are chosen at the first {@link #start()} and kept, so {@link #stop()} then
 * {@link #start()} simulates an outage: clients see the same JDBC URL and the data survives.
 * {@link #close()} stops the server and deletes its data; a JVM shutdown hook does so if nobody did.
 */
public final class EmbeddedPostgresDatabase implements AutoCloseable {

    /** The superuser Zonky's initdb creates; authentication is {@code trust}, so no password. */
    public static final String USER = "postgres";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresDatabase.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int PORT_ATTEMPTS = 3;

    private Path dataDir;
    private int port;
    private EmbeddedPostgres server;
    private boolean shutdownHookRegistered;

    /** Starts the server; a no-op when it is already running. */
    public synchronized EmbeddedPostgresDatabase start() {
        if (server != null) {
            return this;
        }
        long began = System.nanoTime();
        registerShutdownHookOnce();
        if (dataDir == null) {
            startFresh();
        } else {
            server = launch();
        }
        LOG.info("Embedded PostgreSQL on port {} started in {} ms (data dir {})",
                port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), dataDir);
        return this;
    }

    // The probed free port may be taken before postgres binds it; then retry with a fresh port and dir.
    private void startFresh() {
        IOException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            try {
                dataDir = Files.createTempDirectory("leadstream-pg-");
                port = freePort();
                server = launch();
                return;
            } catch (UncheckedIOException e) {
                last = e.getCause();
                LOG.warn("Embedded PostgreSQL failed to start on port {} (attempt {}): {}", port, attempt, e.toString());
                deleteQuietly(dataDir);
                dataDir = null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("Embedded PostgreSQL did not start after " + PORT_ATTEMPTS + " attempts", last);
    }

    private EmbeddedPostgres launch() {
        try {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    // Keep the data directory on stop, so a restart finds the same databases
                    // (Zonky skips initdb when postgresql.conf is already there).
                    .setCleanDataDirectory(false)
                    // Zonky's own hook would race ours (stop, then delete the directory) at JVM exit.
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    // Test data does not need to survive an OS crash, only a clean stop.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // One hook per instance, closing it at JVM exit so no postmaster or temp directory outlives the JVM.
    private void registerShutdownHookOnce() {
        if (!shutdownHookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "leadstream-postgres-shutdown"));
            shutdownHookRegistered = true;
        }
    }

    /** Stops the server (a fast shutdown: open connections are cut), keeping data and port. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
        server = null;
        LOG.info("Embedded PostgreSQL on port {} stopped", port);
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public synchronized int port() {
        requireStarted();
        return port;
    }

    /** JDBC URL of the default {@code postgres} database. */
    public String jdbcUrl() {
        return jdbcUrl(USER);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database + "?user=" + USER;
    }

    /** A data source on the default {@code postgres} database. */
    public DataSource dataSource() {
        return dataSource(USER);
    }

    /** A data source on the named database; it connects lazily, so it stays valid across stop/start. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"localhost"});
        ds.setPortNumbers(new int[] {port()});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        return ds;
    }

    /**
     * Creates an empty database and returns a data source on it.
     *
     * @param name lower-case letters, digits and underscores, at most 63 characters
     */
    public DataSource createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain PostgreSQL database name: " + name);
        }
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return dataSource(name);
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public synchronized void close() {
        stop();
        if (dataDir != null) {
            deleteQuietly(dataDir);
        }
    }

    private void requireStarted() {
        if (dataDir == null) {
            throw new IllegalStateException("PostgreSQL has not been started");
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}", dir, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized String toString() {
        return "EmbeddedPostgresDatabase[" + (dataDir == null ? "not started" : "port " + port) + "]";
    }
}
