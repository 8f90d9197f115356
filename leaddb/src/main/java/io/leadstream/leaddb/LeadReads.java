package io.leadstream.leaddb;

import static io.leadstream.leaddb.SqlTimes.instant;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Reads of the {@code leads} table for services other than its writer (crm-sink). */
public final class LeadReads {
  private static final String COLUMNS = """
      workspace_id, lead_id, email, first_name, last_name, phone, company, segment, status,
      preferred_contact_time, time_zone, state_code, do_not_call, do_not_email, opted_out_at, opt_out_reason,
      calls_placed, calls_answered, no_answer_streak, total_talk_seconds, last_contacted_at, last_call_id,
      trial_offered, trial_accepted, upgrade_offered, upgrade_accepted, meeting_booked, use_case, team_size,
      pain_points, last_qualification_score, next_action, active_cadence_id, engagement_score, engagement_as_of,
      COALESCE(state_created_at, created_at), last_event_at, updated_at, version""";

  private static final RowMapper<Lead> ROW = LeadReads::lead;

  private final JdbcTemplate jdbc;

  public LeadReads(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Lead> find(String workspaceId, String leadId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM leads WHERE workspace_id = ? AND lead_id = ?", ROW,
        workspaceId, leadId).stream().findFirst();
  }

  /** The most recently updated lead of the workspace with this email (case-insensitive). */
  public Optional<String> leadIdByEmail(String workspaceId, String email) {
    return jdbc.queryForList("""
        SELECT lead_id FROM leads WHERE workspace_id = ? AND lower(email) = ?
        ORDER BY updated_at DESC LIMIT 1""", String.class, workspaceId, email.strip().toLowerCase(Locale.ROOT))
        .stream().findFirst();
  }

  /**
   * The most recently updated lead of the workspace with this phone, compared on digits only; for
   * numbers of 10 digits or more the last 10 must agree (so {@code +1 (305) 555-0142} finds {@code
   * 3055550142}).
   */
  public Optional<String> leadIdByPhone(String workspaceId, String phone) {
    String digits = phone.replaceAll("\\D", "");
    if (digits.length() < 7) {
      return Optional.empty();
    }
    String key = digits.length() >= 10 ? digits.substring(digits.length() - 10) : digits;
    return jdbc.queryForList("""
        SELECT lead_id FROM leads WHERE workspace_id = ? AND phone IS NOT NULL
          AND right(regexp_replace(phone, '\\D', '', 'g'), ?) = ?
        ORDER BY updated_at DESC LIMIT 1""", String.class, workspaceId, key.length(), key)
        .stream().findFirst();
  }

  private static Lead lead(ResultSet rs, int row) throws SQLException {
    Array pain = rs.getArray(30);
    List<String> painPoints = pain == null ? List.of() : Arrays.asList((String[]) pain.getArray());
    int score = rs.getInt(31);
    Integer qualification = rs.wasNull() ? null : score;
    return new Lead(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
        rs.getString(12), rs.getBoolean(13), rs.getBoolean(14), instant(rs, 15), rs.getString(16), rs.getInt(17),
        rs.getInt(18), rs.getInt(19), rs.getLong(20), instant(rs, 21), rs.getString(22), rs.getBoolean(23),
        rs.getBoolean(24), rs.getBoolean(25), rs.getBoolean(26), rs.getBoolean(27), rs.getString(28),
        rs.getString(29), painPoints, qualification, rs.getString(32), rs.getString(33), rs.getInt(34),
        instant(rs, 35), instant(rs, 36), instant(rs, 37), instant(rs, 38), rs.getLong(39));
  }
}
