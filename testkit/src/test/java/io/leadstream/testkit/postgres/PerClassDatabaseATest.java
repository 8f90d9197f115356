package io.leadstream.testkit.postgres;

import static io.leadstream.testkit.postgres.EmbeddedPostgresDatabaseTest.execute;
import static io.leadstream.testkit.postgres.EmbeddedPostgresDatabaseTest.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Twin of PerClassDatabaseBTest: both create the same table without IF NOT EXISTS, so
 * whichever runs second would fail if the two classes shared a database.
 */
@WithPostgres
class PerClassDatabaseATest {

    @JdbcUrl
    String jdbcUrl;

    @Test
    void getsAFreshDatabaseOfItsOwn(DataSource db, EmbeddedPostgresDatabase server) throws SQLException {
        execute(db, "create table owner (name text)");
        execute(db, "insert into owner values ('A')");

        assertThat(queryString(db, "select string_agg(name, ',') from owner")).isEqualTo("A");
        String database = queryString(db, "select current_database()");
        assertThat(database).startsWith("t_perclassdatabaseatest_");
        assertThat(jdbcUrl).isEqualTo(server.jdbcUrl(database));
        assertThat(server).isSameAs(SharedPostgres.get());
    }
}
