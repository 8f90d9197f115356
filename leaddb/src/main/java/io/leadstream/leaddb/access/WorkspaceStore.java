package io.leadstream.leaddb.access;

import static io.leadstream.leaddb.SqlTimes.instant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Workspaces (tenants) in {@code workspaces} (SPEC §14): created and changed by operators through
 * the admin API; {@code settings} is the operator's JSON object (CRM provider, login URL, field
 * mapping, createMissingLeads, consent policy), validated by the admin API before it is stored.
 */
public final class WorkspaceStore {

  public record Workspace(String workspaceId, String name, boolean disabled, String settingsJson, Instant createdAt,
                          Instant updatedAt) {
  }

  private static final String COLUMNS = "workspace_id, name, disabled, settings::text, created_at, updated_at";
  private static final RowMapper<Workspace> ROW = (rs, i) -> new Workspace(rs.getString(1), rs.getString(2),
      rs.getBoolean(3), rs.getString(4), instant(rs, 5), instant(rs, 6));

  private final JdbcTemplate jdbc;

  public WorkspaceStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates the workspace; empty when one with this id exists already. */
  public Optional<Workspace> create(String workspaceId, String name) {
    try {
      return Optional.ofNullable(jdbc.queryForObject("INSERT INTO workspaces (workspace_id, name) VALUES (?, ?)"
          + " RETURNING " + COLUMNS, ROW, workspaceId, name));
    } catch (DuplicateKeyException e) {
      return Optional.empty();
    }
  }

  public Optional<Workspace> find(String workspaceId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM workspaces WHERE workspace_id = ?", ROW, workspaceId)
        .stream().findFirst();
  }

  public List<Workspace> list() {
    return jdbc.query("SELECT " + COLUMNS + " FROM workspaces ORDER BY workspace_id", ROW);
  }

  /**
   * Changes what is given (null = unchanged); {@code settingsPatch} is merged into the stored settings
   * key by key (a JSON null removes a key). Empty when there is no such workspace.
   */
  public Optional<Workspace> update(String workspaceId, String name, Boolean disabled, String settingsPatch) {
    return jdbc.query("""
        UPDATE workspaces SET name = COALESCE(?, name), disabled = COALESCE(?, disabled),
          settings = jsonb_strip_nulls(settings || COALESCE(?::jsonb, '{}'::jsonb)), updated_at = now()
        WHERE workspace_id = ? RETURNING""" + " " + COLUMNS, ROW, name, disabled, settingsPatch, workspaceId)
        .stream().findFirst();
  }
}
