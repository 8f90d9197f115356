package io.leadstream.stream;

import io.leadstream.leaddb.access.ApiTokenStore;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.testkit.postgres.SharedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lead database stream-app's HTTP specs verify tokens against (migrated here, as event-api and
 * crm-sink would), and real API tokens of any workspace, issued as an operator does.
 */
final class QueryTokens {
    static final String DATABASE = "stream_app_" + UUID.randomUUID().toString().substring(0, 8);
    private static final JdbcTemplate JDBC = migrated();
    private static final Map<String, String> READERS = new ConcurrentHashMap<>();

    private QueryTokens() {
    }

    private static JdbcTemplate migrated() {
        SharedPostgres.get().createDatabase(DATABASE);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(jdbcUrl(), "postgres", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        return new JdbcTemplate(dataSource);
    }

    static String jdbcUrl() {
        return SharedPostgres.get().jdbcUrl(DATABASE);
    }

    /** The {@code spring.datasource.*} settings of a stream-app verifying against this database. */
    static Map<String, String> datasourceProperties() {
        return Map.of("spring.datasource.url", jdbcUrl(), "spring.datasource.username", "postgres");
    }

    /** A {@code leads:read} token of {@code workspaceId} (one per workspace, reused). */
    static String reader(String workspaceId) {
        return READERS.computeIfAbsent(workspaceId, ws -> issue(ws, EnumSet.of(Scope.LEADS_READ)));
    }

    static String issue(String workspaceId, Set<Scope> scopes) {
        new WorkspaceStore(JDBC).create(workspaceId, "Workspace " + workspaceId);
        return new ApiTokenStore(JDBC).issue(workspaceId, scopes, null, "stream-app test").token();
    }

    static ApiTokenStore tokens() {
        return new ApiTokenStore(JDBC);
    }
}
