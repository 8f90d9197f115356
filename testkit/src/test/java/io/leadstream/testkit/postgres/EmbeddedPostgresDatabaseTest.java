package io.leadstream.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A private server (not the JVM-shared one), because these tests take it down. */
class EmbeddedPostgresDatabaseTest {

    private static EmbeddedPostgresDatabase postgres;

    @BeforeAll
    static void start() {
        postgres = new EmbeddedPostgresDatabase().start();
    }

    @AfterAll
    static void close() {
        postgres.close();
    }

    @Test
    void answersQueries() throws SQLException {
        assertThat(queryString(postgres.dataSource(), "select 'ok' || 1")).isEqualTo("ok1");
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + postgres.port() + "/postgres?user=postgres");
    }

    @Test
    void keepsDataAndPortAcrossStopAndStart() throws SQLException {
        DataSource db = postgres.createDatabase("outage");
        execute(db, "create table lead (id text primary key)");
        execute(db, "insert into lead values ('lead-42')");
        int port = postgres.port();

        postgres.stop();
        assertThat(postgres.isRunning()).isFalse();
        assertThatThrownBy(() -> queryString(db, "select 1")).isInstanceOf(SQLException.class);

        postgres.start();
        assertThat(postgres.port()).isEqualTo(port);
        // The data source made before the outage works again: same URL, same rows.
        assertThat(queryString(db, "select id from lead")).isEqualTo("lead-42");
    }

    @Test
    void rejectsDatabaseNamesThatWouldNeedQuoting() {
        assertThatThrownBy(() -> postgres.createDatabase("x\"; drop database postgres; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String queryString(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from: %s", sql).isTrue();
            return rs.getString(1);
        }
    }
}
