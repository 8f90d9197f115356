package io.leadstream.bench.footprint;

import io.leadstream.leaddb.access.ApiTokenStore;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.testkit.postgres.EmbeddedPostgresDatabase;
import java.util.EnumSet;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What the children's interactive queries need (SPEC §14): the lead database with its API tokens
 * (migrated here, as event-api would) and a {@code leads:read} token of the bench's workspace, so
 * "state intact" reads through the same authenticated endpoint users call.
 */
record QueryAccess(String jdbcUrl, String user, String password, String token) {
    private static final String DATABASE = "leadstream";

    static QueryAccess on(EmbeddedPostgresDatabase postgres, String workspaceId) {
        postgres.createDatabase(DATABASE);
        String url = postgres.jdbcUrl(DATABASE);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "postgres", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        new WorkspaceStore(jdbc).create(workspaceId, "Bench");
        String token = new ApiTokenStore(jdbc).issue(workspaceId, EnumSet.of(Scope.LEADS_READ), null, "footprint").token();
        return new QueryAccess(url, "postgres", "", token);
    }

    @Override
    public String toString() {
        return "QueryAccess[" + jdbcUrl + "]";
    }
}
