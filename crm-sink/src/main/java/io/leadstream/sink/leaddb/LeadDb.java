package io.leadstream.sink.leaddb;

import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.crm.Appointment;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.sink.matching.TargetResolver.Identity;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lead database (SPEC §9). Upserts are keyed by natural ids and guarded so that a row never
 * moves backwards: lead rows by state {@code version}, engagement by its {@code asOf}, calls by
 * {@code revision}. Each upsert reports whether it applied (equal versions apply again, so a
 * redelivered batch redoes its Salesforce writes).
 */
public final class LeadDb {
  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;
  private final TransactionTemplate tx;
  private final JsonMapper json;

  public LeadDb(JdbcTemplate jdbc, TransactionTemplate tx, JsonMapper json) {
    this.jdbc = jdbc;
    this.named = new NamedParameterJdbcTemplate(jdbc);
    this.tx = tx;
    this.json = json;
  }

  public <T> T inTransaction(Supplier<T> work) {
    return tx.execute(status -> work.get());
  }

  public boolean[] upsertStates(List<LeadState> states) {
    List<Object[]> args = new ArrayList<>();
    for (LeadState s : states) {
      var p = s.getProfile();
      args.add(new Object[] {s.getWorkspaceId(), s.getLeadId(), p.getEmail(), p.getFirstName(), p.getLastName(),
          p.getPhone(), p.getCompany(), p.getSegment(), p.getPreferredContactTime(), p.getTimeZone(), p.getState(),
          s.getStatus().name().toLowerCase(java.util.Locale.ROOT), s.getCallsPlaced(), s.getCallsAnswered(),
          s.getNoAnswerStreak(), s.getTotalTalkSeconds(), ts(s.getLastContactedAt()), ts(s.getLastAnsweredAt()),
          s.getLastCallId(), s.getTrialOffered(), s.getTrialAccepted(), s.getUpgradeOffered(), s.getUpgradeAccepted(),
          s.getMeetingBooked(), s.getLastAppointmentId(), s.getUseCase(), s.getTeamSize(),
          s.getPainPoints().toArray(String[]::new), s.getLastQualificationScore(), s.getNextAction(),
          s.getDoNotCall(), s.getDoNotEmail(), ts(s.getOptedOutAt()), s.getOptOutReason(), s.getActiveCadenceId(),
          ts(s.getCreatedAt()), ts(s.getLastEventAt()), s.getVersion()});
    }
    return upsert(new MultiRowStatement("""
        INSERT INTO leads (workspace_id, lead_id, email, first_name, last_name, phone, company, segment,
          preferred_contact_time, time_zone, state_code, status, calls_placed, calls_answered, no_answer_streak,
          total_talk_seconds, last_contacted_at, last_answered_at, last_call_id, trial_offered, trial_accepted,
          upgrade_offered, upgrade_accepted, meeting_booked, last_appointment_id, use_case, team_size, pain_points,
          last_qualification_score, next_action, do_not_call, do_not_email, opted_out_at, opt_out_reason,
          active_cadence_id, state_created_at, last_event_at, version)
        VALUES""",
        row(38), """
        ON CONFLICT (workspace_id, lead_id) DO UPDATE SET email = EXCLUDED.email, first_name = EXCLUDED.first_name,
          last_name = EXCLUDED.last_name, phone = EXCLUDED.phone, company = EXCLUDED.company,
          segment = EXCLUDED.segment, preferred_contact_time = EXCLUDED.preferred_contact_time,
          time_zone = EXCLUDED.time_zone, state_code = EXCLUDED.state_code, status = EXCLUDED.status,
          calls_placed = EXCLUDED.calls_placed, calls_answered = EXCLUDED.calls_answered,
          no_answer_streak = EXCLUDED.no_answer_streak, total_talk_seconds = EXCLUDED.total_talk_seconds,
          last_contacted_at = EXCLUDED.last_contacted_at, last_answered_at = EXCLUDED.last_answered_at,
          last_call_id = EXCLUDED.last_call_id, trial_offered = EXCLUDED.trial_offered,
          trial_accepted = EXCLUDED.trial_accepted, upgrade_offered = EXCLUDED.upgrade_offered,
          upgrade_accepted = EXCLUDED.upgrade_accepted, meeting_booked = EXCLUDED.meeting_booked,
          last_appointment_id = EXCLUDED.last_appointment_id, use_case = EXCLUDED.use_case,
          team_size = EXCLUDED.team_size, pain_points = EXCLUDED.pain_points,
          last_qualification_score = EXCLUDED.last_qualification_score, next_action = EXCLUDED.next_action,
          do_not_call = EXCLUDED.do_not_call, do_not_email = EXCLUDED.do_not_email,
          opted_out_at = EXCLUDED.opted_out_at, opt_out_reason = EXCLUDED.opt_out_reason,
          active_cadence_id = EXCLUDED.active_cadence_id, state_created_at = EXCLUDED.state_created_at,
          last_event_at = EXCLUDED.last_event_at, version = EXCLUDED.version, updated_at = now()
        WHERE leads.version <= EXCLUDED.version
        RETURNING workspace_id, lead_id"""), args);
  }

  public boolean[] upsertEngagement(List<EngagementScore> scores) {
    List<Object[]> args = new ArrayList<>();
    for (EngagementScore e : scores) {
      Map<String, Double> components = new LinkedHashMap<>();
      e.getComponents().forEach(c -> components.put(c.getGroup(), c.getPoints()));
      args.add(new Object[] {e.getWorkspaceId(), e.getLeadId(), e.getScore(), json.writeValueAsString(components),
          ts(e.getAsOf()), e.getStateVersion()});
    }
    return upsert(new MultiRowStatement("""
        INSERT INTO leads (workspace_id, lead_id, engagement_score, engagement_components, engagement_as_of,
          engagement_state_version) VALUES""",
        "(?, ?, ?, ?::jsonb, ?, ?)", """
        ON CONFLICT (workspace_id, lead_id) DO UPDATE SET engagement_score = EXCLUDED.engagement_score,
          engagement_components = EXCLUDED.engagement_components, engagement_as_of = EXCLUDED.engagement_as_of,
          engagement_state_version = EXCLUDED.engagement_state_version, updated_at = now()
        WHERE leads.engagement_as_of IS NULL OR leads.engagement_as_of <= EXCLUDED.engagement_as_of
        RETURNING workspace_id, lead_id"""), args);
  }

  public boolean[] upsertCalls(List<CallActivity> calls) {
    List<Object[]> args = new ArrayList<>();
    for (CallActivity c : calls) {
      var signals = c.getSignals();
      List<Map<String, Object>> tools = new ArrayList<>();
      for (ToolCall t : c.getToolCalls()) {
        Map<String, Object> m = new LinkedHashMap<>();
        // jsonb refuses the escaped NUL (\u0000) too: clean before serialising.
        Map<String, String> arguments = new LinkedHashMap<>();
        t.getArguments().forEach((k, v) -> arguments.put(clean(k), v == null ? null : clean(v)));
        m.put("tool", clean(t.getTool()));
        m.put("arguments", arguments);
        m.put("succeeded", t.getSucceeded());
        tools.add(m);
      }
      args.add(new Object[] {c.getWorkspaceId(), c.getCallId(), c.getLeadId(), c.getCampaignId(), c.getAgentId(),
          c.getStage().name(), c.getRevision(), ts(c.getPlacedAt()), ts(c.getAnsweredAt()), ts(c.getEndedAt()),
          c.getDurationSeconds(), c.getDirection().name(), c.getDisposition(), c.getSummary(),
          signals == null ? null : signals.getUseCase(), signals == null ? null : signals.getTeamSize(),
          signals == null ? new String[0] : signals.getPainPoints().toArray(String[]::new),
          json.writeValueAsString(tools), c.getRecordingUrl(), ts(c.getOccurredAt())});
    }
    return upsert(new MultiRowStatement("""
        INSERT INTO call_activities (workspace_id, call_id, lead_id, campaign_id, agent_id, stage, revision,
          placed_at, answered_at, ended_at, duration_seconds, direction, disposition, summary, use_case, team_size,
          pain_points, tool_calls, recording_url, occurred_at)
        VALUES""",
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)", """
        ON CONFLICT (workspace_id, call_id) DO UPDATE SET lead_id = EXCLUDED.lead_id,
          campaign_id = EXCLUDED.campaign_id, agent_id = EXCLUDED.agent_id, stage = EXCLUDED.stage,
          revision = EXCLUDED.revision, placed_at = EXCLUDED.placed_at, answered_at = EXCLUDED.answered_at,
          ended_at = EXCLUDED.ended_at, duration_seconds = EXCLUDED.duration_seconds,
          direction = EXCLUDED.direction, disposition = EXCLUDED.disposition, summary = EXCLUDED.summary,
          use_case = EXCLUDED.use_case, team_size = EXCLUDED.team_size, pain_points = EXCLUDED.pain_points,
          tool_calls = EXCLUDED.tool_calls, recording_url = EXCLUDED.recording_url,
          occurred_at = EXCLUDED.occurred_at, updated_at = now()
        WHERE call_activities.revision <= EXCLUDED.revision
        RETURNING workspace_id, call_id"""), args);
  }

  public boolean[] upsertAppointments(List<Appointment> appointments) {
    List<Object[]> args = new ArrayList<>();
    for (Appointment a : appointments) {
      args.add(new Object[] {a.getWorkspaceId(), a.getAppointmentId(), a.getLeadId(), a.getCallId(), a.getType(),
          ts(a.getStartAt()), ts(a.getEndAt()), a.getDurationMinutes(), a.getTimeZone(), a.getRequestedDate(),
          a.getRequestedTime(), a.getNotes(), a.getValidationError(), ts(a.getBookedAt()), a.getEventId()});
    }
    // Appointments carry no revision: the later booking event (by bookedAt) wins.
    return upsert(new MultiRowStatement("""
        INSERT INTO appointments (workspace_id, appointment_id, lead_id, call_id, type, start_at, end_at,
          duration_minutes, time_zone, requested_date, requested_time, notes, validation_error, booked_at, event_id)
        VALUES""",
        row(15), """
        ON CONFLICT (workspace_id, appointment_id) DO UPDATE SET lead_id = EXCLUDED.lead_id,
          call_id = EXCLUDED.call_id, type = EXCLUDED.type, start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at,
          duration_minutes = EXCLUDED.duration_minutes, time_zone = EXCLUDED.time_zone,
          requested_date = EXCLUDED.requested_date, requested_time = EXCLUDED.requested_time,
          notes = EXCLUDED.notes, validation_error = EXCLUDED.validation_error, booked_at = EXCLUDED.booked_at,
          event_id = EXCLUDED.event_id, updated_at = now()
        WHERE appointments.booked_at <= EXCLUDED.booked_at
        RETURNING workspace_id, appointment_id"""), args);
  }

  /**
   * The leads' links usable in {@code orgId}: a link made in another org (saved by a batch still using the
   * workspace's previous grant) is none; with {@code orgId} or a link's org unknown (null) it is used.
   */
  public Map<String, LeadLink> links(String workspaceId, String orgId, Collection<String> leadIds) {
    Map<String, LeadLink> links = new HashMap<>();
    if (leadIds.isEmpty()) {
      return links;
    }
    named.query("SELECT lead_id, salesforce_object, salesforce_id, matched_by, matched_email, matched_phone"
            + " FROM crm_links WHERE workspace_id = :ws AND lead_id IN (:ids)"
            + " AND (CAST(:org AS text) IS NULL OR org_id IS NULL OR org_id = :org)",
        new MapSqlParameterSource("ws", workspaceId).addValue("ids", leadIds).addValue("org", orgId),
        rs -> {
          links.put(rs.getString(1), new LeadLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6)));
        });
    return links;
  }

  /** Email and phone of leads from their stored state, for leads whose state is not in the batch. */
  public Map<String, Identity> identities(String workspaceId, Collection<String> leadIds) {
    Map<String, Identity> ids = new HashMap<>();
    if (leadIds.isEmpty()) {
      return ids;
    }
    named.query("SELECT lead_id, email, phone FROM leads WHERE workspace_id = :ws AND lead_id IN (:ids)",
        new MapSqlParameterSource("ws", workspaceId).addValue("ids", leadIds),
        rs -> {
          ids.put(rs.getString(1), new Identity(rs.getString(2), rs.getString(3)));
        });
    return ids;
  }

  /** Calls whose Task is known to exist in Salesforce already. */
  public Set<String> callsWithTask(String workspaceId, Collection<String> callIds) {
    Set<String> ids = new HashSet<>();
    if (callIds.isEmpty()) {
      return ids;
    }
    named.query("SELECT call_id FROM call_activities WHERE workspace_id = :ws AND call_id IN (:ids)"
            + " AND salesforce_task_id IS NOT NULL",
        new MapSqlParameterSource("ws", workspaceId).addValue("ids", callIds), rs -> {
          ids.add(rs.getString(1));
        });
    return ids;
  }

  /** Links made in {@code orgId} (null: unknown, a server-to-server connection). */
  public void saveLinks(String workspaceId, String orgId, Collection<LeadLink> links) {
    List<Object[]> args = links.stream().map(l -> clean(new Object[] {workspaceId, l.leadId(), l.salesforceObject(),
        l.salesforceId(), l.matchedBy(), l.matchedEmail(), l.matchedPhone(), orgId})).toList();
    jdbc.batchUpdate("""
        INSERT INTO crm_links (workspace_id, lead_id, salesforce_object, salesforce_id, matched_by, matched_email,
          matched_phone, org_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (workspace_id, lead_id) DO UPDATE SET salesforce_object = EXCLUDED.salesforce_object,
          salesforce_id = EXCLUDED.salesforce_id, matched_by = EXCLUDED.matched_by,
          matched_email = EXCLUDED.matched_email, matched_phone = EXCLUDED.matched_phone, org_id = EXCLUDED.org_id,
          linked_at = now()""", args);
  }

  public void deleteLinks(String workspaceId, Collection<String> leadIds) {
    if (!leadIds.isEmpty()) {
      named.update("DELETE FROM crm_links WHERE workspace_id = :ws AND lead_id IN (:ids)",
          new MapSqlParameterSource("ws", workspaceId).addValue("ids", leadIds));
    }
  }

  /** Forgets every link to a Salesforce record (it was converted or deleted). */
  public void deleteLinksTo(String workspaceId, String salesforceId) {
    jdbc.update("DELETE FROM crm_links WHERE workspace_id = ? AND salesforce_id = ?", workspaceId, salesforceId);
  }

  private static final MultiRowStatement SYNC_LOG = new MultiRowStatement("""
      INSERT INTO sync_log (workspace_id, entity_type, entity_id, lead_id, call_id, salesforce_record_id,
        salesforce_task_id, salesforce_event_id, status, error_message, candidates, review_status, phone_number,
        email)
      VALUES""", row(14), """
      ON CONFLICT (workspace_id, entity_type, entity_id) DO UPDATE SET lead_id = EXCLUDED.lead_id,
        call_id = EXCLUDED.call_id, salesforce_record_id = EXCLUDED.salesforce_record_id,
        salesforce_task_id = EXCLUDED.salesforce_task_id, salesforce_event_id = EXCLUDED.salesforce_event_id,
        status = EXCLUDED.status, error_message = EXCLUDED.error_message, candidates = EXCLUDED.candidates,
        review_status = CASE WHEN EXCLUDED.status = 'ambiguous' THEN COALESCE(sync_log.review_status, 'open')
                             ELSE NULL END,
        phone_number = EXCLUDED.phone_number, email = EXCLUDED.email, attempts = sync_log.attempts + 1,
        updated_at = now()""");

  public void recordSync(Collection<SyncEntry> entries) {
    // One statement may not upsert a row twice: the last entry per entity wins, as it did row by row.
    Map<List<String>, SyncEntry> last = new LinkedHashMap<>();
    entries.forEach(e -> last.put(List.of(e.workspaceId(), e.entityType(), e.entityId()), e));
    List<Object[]> args = last.values().stream().map(e -> new Object[] {e.workspaceId(), e.entityType(), e.entityId(),
        e.leadId(), e.callId(), e.salesforceRecordId(), e.taskId(), e.eventId(), e.status(), abbreviate(e.errorMessage()),
        e.candidates() == null ? null : e.candidates().toArray(String[]::new),
        SyncEntry.AMBIGUOUS.equals(e.status()) ? "open" : null, e.phone(), e.email()}).map(LeadDb::clean).toList();
    for (List<Object[]> chunk : SYNC_LOG.chunks(args)) {
      jdbc.update(SYNC_LOG.sql(chunk.size()), MultiRowStatement.parameters(chunk));
    }
  }

  public void setTaskIds(String workspaceId, Map<String, String> taskIdByCall) {
    setIds("call_activities", "call_id", "salesforce_task_id", workspaceId, taskIdByCall);
  }

  public void setEventIds(String workspaceId, Map<String, String> eventIdByAppointment) {
    setIds("appointments", "appointment_id", "salesforce_event_id", workspaceId, eventIdByAppointment);
  }

  /** One UPDATE for all of a batch's Salesforce ids (two arrays), not one per row. */
  private void setIds(String table, String keyColumn, String idColumn, String workspaceId, Map<String, String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    jdbc.update("UPDATE " + table + " SET " + idColumn + " = t.sf_id FROM unnest(?::text[], ?::text[]) AS t(k, sf_id)"
            + " WHERE " + table + ".workspace_id = ? AND " + table + "." + keyColumn + " = t.k",
        ids.keySet().toArray(String[]::new), ids.values().toArray(String[]::new), workspaceId);
  }

  /**
   * Every opt-out, kept ≥ 5 years (SPEC §8): acknowledged by the CRM (with its record and ack time) or
   * with no CRM record to set it on. An occurrence is the lead's opt-out at its opted-out time, so a
   * redelivered one counts once and a second one after a re-consent counts again.
   */
  public void auditOptOuts(String workspaceId, List<OptOutRow> audits) {
    if (audits.isEmpty()) {
      return;
    }
    List<Object[]> args = audits.stream().map(a -> clean(new Object[] {workspaceId, a.state().getLeadId(),
        a.state().getVersion(), ts(a.state().getOptedOutAt()), a.state().getOptOutReason(), a.objectType(),
        a.recordId(), a.state().getDoNotCall(), a.state().getDoNotEmail(), ts(a.acknowledgedAt()),
        a.recordId() == null ? "no_crm_record" : "acknowledged"})).toList();
    jdbc.batchUpdate("""
        INSERT INTO optout_audit (workspace_id, lead_id, state_version, opted_out_at, reason, salesforce_object,
          salesforce_id, do_not_call, do_not_email, acknowledged_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (workspace_id, lead_id, (COALESCE(opted_out_at, 'epoch'::timestamptz)), do_not_call, do_not_email,
          status) DO NOTHING""", args);
  }

  /** One opt-out to audit: acknowledged on this record, or (record null) no CRM record matched. */
  public record OptOutRow(LeadState state, String objectType, String recordId, Instant acknowledgedAt) {
  }

  public void ping() {
    jdbc.queryForObject("SELECT 1", Integer.class);
  }

  /** {@code (?, ?, ..., ?)} with n placeholders. */
  private static String row(int n) {
    return "(" + "?, ".repeat(n - 1) + "?)";
  }

  /**
   * Runs a guarded upsert chunk by chunk and tells per row (args[0] workspace, args[1] key) whether
   * it applied: RETURNING lists exactly the rows inserted or updated, not those the guard skipped.
   */
  private boolean[] upsert(MultiRowStatement statement, List<Object[]> rows) {
    List<Object[]> args = rows.stream().map(LeadDb::clean).toList();
    Set<List<String>> written = new HashSet<>();
    for (List<Object[]> chunk : statement.chunks(args)) {
      jdbc.query(statement.sql(chunk.size()), (RowCallbackHandler) rs -> written.add(List.of(rs.getString(1),
          rs.getString(2))), MultiRowStatement.parameters(chunk));
    }
    boolean[] applied = new boolean[args.size()];
    for (int i = 0; i < applied.length; i++) {
      applied[i] = written.contains(List.of((String) args.get(i)[0], (String) args.get(i)[1]));
    }
    return applied;
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  /**
   * PostgreSQL text cannot hold NUL (SQLSTATE 22021, one bad row would fail its whole statement):
   * every NUL of every text value becomes U+FFFD, visibly replaced rather than silently dropped.
   */
  static Object[] clean(Object[] row) {
    Object[] out = row;
    for (int i = 0; i < row.length; i++) {
      Object cleaned = row[i] instanceof String s ? clean(s) : row[i] instanceof String[] a ? clean(a) : row[i];
      if (cleaned != row[i]) {
        if (out == row) {
          out = row.clone();
        }
        out[i] = cleaned;
      }
    }
    return out;
  }

  /** Salesforce's error texts quote the values they refused: sync_log keeps the first 2,000 characters. */
  private static String abbreviate(String message) {
    return message == null || message.length() <= 2_000 ? message
        : message.substring(0, 2_000) + "… (" + message.length() + " characters)";
  }

  static String clean(String s) {
    return s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
  }

  private static String[] clean(String[] values) {
    String[] out = values;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null && values[i].indexOf('\u0000') >= 0) {
        if (out == values) {
          out = values.clone();
        }
        out[i] = clean(values[i]);
      }
    }
    return out;
  }
}
