package io.leadstream.devstack.summary;

import io.leadstream.devstack.infra.Infrastructure;
import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.sfemu.SalesforceEmulator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The end-of-demo summary, from the pipeline's outputs only: the lead database (status, score
 * distribution, sync log), the cadence and compliance topics (triggers by action, gate decisions by
 * decision and rule), and Salesforce (records written, field updates, API requests used).
 */
public record Summary(long leads, Map<String, Long> leadsByStatus, Map<String, Long> scoreBuckets,
                      Map<String, Long> syncLog, Map<String, Long> triggersByAction,
                      Map<String, Long> gateDecisions, long tasks, long events, long leadFieldUpdates,
                      long contactFieldUpdates, long doNotCall, long apiRequests, Map<String, Long> requestsByOperation,
                      long dlq) {

    private static final String[] BUCKETS = {"0", "1-19", "20-39", "40-59", "60-79", "80-100"};

    public static Summary collect(Infrastructure infra, Topics topics) {
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> buckets = new LinkedHashMap<>();
        for (String b : BUCKETS) {
            buckets.put(b, 0L);
        }
        Map<String, Long> sync = new TreeMap<>();
        long leads = 0;
        try (Connection c = connect(infra.database()); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT coalesce(status, 'unknown'), count(*) FROM leads GROUP BY 1")) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                    leads += rs.getLong(2);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT CASE WHEN engagement_score <= 0 THEN '0'"
                    + " WHEN engagement_score < 20 THEN '1-19' WHEN engagement_score < 40 THEN '20-39'"
                    + " WHEN engagement_score < 60 THEN '40-59' WHEN engagement_score < 80 THEN '60-79'"
                    + " ELSE '80-100' END, count(*) FROM leads GROUP BY 1")) {
                while (rs.next()) {
                    buckets.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT entity_type || ' ' || status, count(*) FROM sync_log GROUP BY 1")) {
                while (rs.next()) {
                    sync.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the lead database: " + e.getMessage(), e);
        }
        Map<String, Long> triggers = new TreeMap<>();
        for (CadenceTrigger t : topics.readAll("cadence.triggers.v1", CadenceTrigger.class)) {
            triggers.merge(t.getAction() + " " + t.getChannel(), 1L, Long::sum);
        }
        Map<String, Long> gates = new TreeMap<>();
        for (GateDecision d : topics.readAll("compliance.audit.v1", GateDecision.class)) {
            gates.merge(d.getDecision() + " " + d.getRule(), 1L, Long::sum);
        }
        long tasks = 0;
        long events = 0;
        long leadUpdates = 0;
        long contactUpdates = 0;
        long dnc = 0;
        long api = 0;
        Map<String, Long> byOp = new TreeMap<>();
        Optional<SalesforceEmulator> emu = infra.emulator();
        if (emu.isPresent()) {
            SalesforceEmulator e = emu.get();
            tasks = e.records("Task").stream().filter(r -> r.get("Voice_Call_Id__c") != null).count();
            events = e.records("Event").stream().filter(r -> r.get("Voice_Appointment_Id__c") != null).count();
            List<Map<String, Object>> sfLeads = e.records("Lead");
            List<Map<String, Object>> contacts = e.records("Contact");
            leadUpdates = sfLeads.stream().filter(r -> r.get("Voice_Agent_Total_Calls__c") != null).count();
            contactUpdates = contacts.stream().filter(r -> r.get("Voice_Agent_Total_Calls__c") != null).count();
            dnc = sfLeads.stream().filter(r -> Boolean.TRUE.equals(r.get("DoNotCall"))).count()
                    + contacts.stream().filter(r -> Boolean.TRUE.equals(r.get("DoNotCall"))).count();
            api = e.admin().totalApiRequests();
            e.admin().requestCounts().forEach((k, v) -> byOp.put(k, v));
        }
        long dlq = topics.countRecords("voice.events.dlq.v1") + topics.countRecords("crm-sink.dlq.v1");
        return new Summary(leads, byStatus, buckets, sync, triggers, gates, tasks, events, leadUpdates, contactUpdates,
                dnc, api, byOp, dlq);
    }

    static Connection connect(Infrastructure.Database db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        if (!db.password().isEmpty()) {
            p.setProperty("password", db.password());
        }
        Connection c = new org.postgresql.Driver().connect(db.jdbcUrl(), p);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + db.jdbcUrl());
        }
        return c;
    }

    public long triggers(String action) {
        return triggersByAction.entrySet().stream().filter(e -> e.getKey().startsWith(action + " "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    public long gates(String decision) {
        return gateDecisions.entrySet().stream().filter(e -> e.getKey().startsWith(decision + " "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("==================== Leadstream demo summary ====================\n");
        b.append(String.format(Locale.ROOT, "Leads in the lead DB: %,d%n", leads));
        b.append("  by status:          ").append(join(leadsByStatus)).append('\n');
        b.append("  engagement score:   ").append(join(scoreBuckets)).append('\n');
        b.append("  CRM sync log:       ").append(join(syncLog)).append('\n');
        b.append("Cadence triggers:     ").append(join(triggersByAction)).append('\n');
        b.append("  fired (DUE) ").append(triggers("DUE")).append(", cancelled ").append(triggers("CANCELLED"))
                .append('\n');
        b.append("Compliance gates:     deferred ").append(gates("DEFER")).append(", blocked ").append(gates("BLOCK"))
                .append(", cancelled ").append(gates("CANCEL")).append(", opt-outs ").append(gates("OPT_OUT")).append('\n');
        b.append("  by decision/rule:   ").append(join(gateDecisions)).append('\n');
        b.append(String.format(Locale.ROOT, "Salesforce: %,d Tasks, %,d Events, field updates on %,d Leads + %,d Contacts,"
                + " %,d DoNotCall%n", tasks, events, leadFieldUpdates, contactFieldUpdates, doNotCall));
        b.append(String.format(Locale.ROOT, "  API requests used:  %,d  (%s)%n", apiRequests, join(requestsByOperation)));
        b.append(String.format(Locale.ROOT, "Dead-lettered:        %,d%n", dlq));
        b.append("=================================================================");
        return b.toString();
    }

    private static String join(Map<String, Long> m) {
        if (m.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(k).append(' ').append(String.format(Locale.ROOT, "%,d", v));
        });
        return b.toString();
    }
}
