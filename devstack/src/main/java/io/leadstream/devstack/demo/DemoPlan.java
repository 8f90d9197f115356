package io.leadstream.devstack.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic voice-agent traffic for a number of leads, deterministic for a seed: profiles with time
 * zones and area codes, written outreach consent and cadence enrollment for most, one to three
 * calls each (answered or not), qualifications, trials, meetings, a few opt-outs, and some leads
 * whose email no CRM record has. Also what the pipeline should make of it, for the summary check
 * and the tests.
 */
public final class DemoPlan {

    /** A US state with a time zone and area codes (so a missing zone can be inferred from the phone). */
    record Region(String state, String zone, String areaCode) {
    }

    private static final List<Region> REGIONS = List.of(
            new Region("NY", "America/New_York", "212"), new Region("CA", "America/Los_Angeles", "415"),
            new Region("TX", "America/Chicago", "512"), new Region("FL", "America/New_York", "305"),
            new Region("IL", "America/Chicago", "312"), new Region("WA", "America/Los_Angeles", "206"),
            new Region("CO", "America/Denver", "303"), new Region("AZ", "America/Phoenix", "602"),
            new Region("MA", "America/New_York", "617"), new Region("GA", "America/New_York", "404"),
            new Region("AL", "America/Chicago", "205"), new Region("OK", "America/Chicago", "405"));
    private static final List<String> FIRST = List.of("Ava", "Liam", "Maya", "Noah", "Zoe", "Ethan", "Priya", "Lucas",
            "Sofia", "Omar", "Hannah", "Diego", "Grace", "Kenji", "Amara", "Felix", "Nora", "Ravi", "Chloe", "Mateo");
    private static final List<String> LAST = List.of("Nguyen", "Smith", "Garcia", "Okafor", "Kim", "Patel", "Müller",
            "Johnson", "Rossi", "Cohen", "Silva", "Brown", "Tanaka", "Martin", "Khan", "Lopez", "Walsh", "Berg");
    private static final List<String> COMPANIES = List.of("Acme Robotics", "Brightline Legal", "Cobalt Health",
            "Driftwood Studios", "Evergreen Realty", "Foundry Labs", "Granite Logistics", "Harbor Insurance",
            "Ironclad Security", "Juniper Analytics", "Keystone Dental", "Lumen Solar", "Mosaic Marketing",
            "Northwind Foods", "Orbit Fitness", "Pinnacle Capital", "Quartz Software", "Redwood Clinics",
            "Summit Staffing", "Tidewater HVAC", "Umbra Design", "Vertex Manufacturing", "Willow Education",
            "Yardley Accounting", "Zephyr Travel");
    private static final List<String> USE_CASES = List.of("sales_proposals", "contract_management", "client_onboarding",
            "hr_documents", "quotes_and_invoices");
    private static final List<String> TEAM_SIZES = List.of("1-10", "10-50", "50-200", "200+");
    private static final List<String> PAINS = List.of("manual contract creation", "slow approval process",
            "no e-signature", "version chaos", "missed follow-ups", "compliance reviews");
    private static final List<String> SEGMENTS = List.of("solo_devs", "agencies", "enterprise");
    public static final String CADENCE = "new-lead-outbound";

    /** How a lead should exist in Salesforce before the demo. */
    public enum CrmRecord { CONTACT, LEAD, NONE }

    /** One demo lead and what should become of it. */
    public record DemoLead(String leadId, String email, String firstName, String lastName, String phone,
                           String company, String state, String timeZone, String segment, CrmRecord crm,
                           boolean consent, boolean enrolled, List<String> callIds, int answered,
                           List<String> appointmentIds, boolean trialAccepted, boolean optedOut,
                           Integer lastQualificationScore, List<Map<String, Object>> events) {

        /** The status stream-app should derive (SPEC §5): no upgrades and ≤ 3 calls in the demo. */
        public String expectedStatus() {
            if (optedOut) {
                return "opted_out";
            }
            if (trialAccepted) {
                return "trial";
            }
            return answered > 0 ? "contacted" : "cold";
        }

        public boolean inSalesforce() {
            return crm != CrmRecord.NONE;
        }
    }

    private final List<DemoLead> leads;
    private final Map<String, Integer> eventsByType;
    private final int totalEvents;

    private DemoPlan(List<DemoLead> leads) {
        this.leads = List.copyOf(leads);
        Map<String, Integer> byType = new LinkedHashMap<>();
        int total = 0;
        for (DemoLead l : leads) {
            for (Map<String, Object> e : l.events()) {
                byType.merge((String) e.get("eventType"), 1, Integer::sum);
                total++;
            }
        }
        this.eventsByType = byType;
        this.totalEvents = total;
    }

    public List<DemoLead> leads() {
        return leads;
    }

    public Map<String, Integer> eventsByType() {
        return eventsByType;
    }

    /** The latest cadence start of the plan: triggers are due by then (or deferred by the gates). */
    public Instant latestCadenceStart() {
        return leads.stream().flatMap(l -> l.events().stream()).filter(e -> e.containsKey("startAt"))
                .map(e -> Instant.parse((String) e.get("startAt"))).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    public int totalEvents() {
        return totalEvents;
    }

    /** Calls of leads that have a CRM record: each should end as exactly one Task. */
    public List<String> expectedTaskCallIds() {
        return leads.stream().filter(DemoLead::inSalesforce).flatMap(l -> l.callIds().stream()).toList();
    }

    /** Appointments of leads that have a CRM record: each should end as exactly one Event. */
    public List<String> expectedEventAppointmentIds() {
        return leads.stream().filter(DemoLead::inSalesforce).flatMap(l -> l.appointmentIds().stream()).toList();
    }

    /**
     * @param runId distinguishes lead ids between runs against the same (external) services
     * @param now   the demo's "now": events happen over the ten days before it
     */
    public static DemoPlan generate(int count, long seed, String runId, Instant now) {
        Random r = new Random(seed);
        List<DemoLead> leads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            leads.add(lead(r, i, runId, now));
        }
        return new DemoPlan(leads);
    }

    private static DemoLead lead(Random r, int i, String runId, Instant now) {
        String leadId = "lead-" + runId + "-" + String.format(Locale.ROOT, "%05d", i);
        Region region = REGIONS.get(r.nextInt(REGIONS.size()));
        String first = pick(r, FIRST);
        String last = pick(r, LAST);
        String company = pick(r, COMPANIES);
        String domain = company.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + ".example.com";
        String email = (ascii(first) + "." + ascii(last) + "." + runId + i + "@" + domain).toLowerCase(Locale.ROOT);
        String phone = "+1" + region.areaCode() + String.format(Locale.ROOT, "%07d", 2_000_000 + (i * 7919L + seedless(r)) % 7_000_000);
        double roll = r.nextDouble();
        CrmRecord crm = roll < 0.45 ? CrmRecord.CONTACT : roll < 0.90 ? CrmRecord.LEAD : CrmRecord.NONE;
        boolean hasZone = r.nextDouble() < 0.85;
        String segment = pick(r, SEGMENTS);

        List<Map<String, Object>> events = new ArrayList<>();
        Instant t = now.minus(Duration.ofMinutes(60 + r.nextInt(10 * 24 * 60))).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> upsert = event(r, "LEAD_UPSERTED", leadId, t, null);
        upsert.put("email", email);
        upsert.put("firstName", first);
        upsert.put("lastName", last);
        upsert.put("phone", phone);
        upsert.put("company", company);
        upsert.put("segment", segment);
        upsert.put("state", region.state());
        if (hasZone) {
            upsert.put("timeZone", region.zone());
        }
        upsert.put("preferredContactTime", r.nextBoolean() ? "morning" : "afternoon");
        events.add(upsert);

        boolean consent = r.nextDouble() < 0.85;
        if (consent) {
            t = t.plusSeconds(60);
            Map<String, Object> c = event(r, "CONSENT_RECORDED", leadId, t, null);
            c.put("kind", "OUTREACH_WRITTEN");
            c.put("granted", true);
            events.add(c);
        }
        boolean enrolled = r.nextDouble() < 0.75;
        if (enrolled) {
            t = t.plusSeconds(60);
            Map<String, Object> e = event(r, "CADENCE_ENROLLED", leadId, t, null);
            e.put("cadenceId", CADENCE);
            // The dialer starts now: the first step is due during the demo (or deferred by the gates).
            e.put("startAt", now.plusSeconds(2 + r.nextInt(18)).truncatedTo(ChronoUnit.SECONDS).toString());
            events.add(e);
        }

        List<String> callIds = new ArrayList<>();
        List<String> appointments = new ArrayList<>();
        int answered = 0;
        boolean trial = false;
        Integer lastScore = null;
        int calls = 1 + r.nextInt(3);
        String agent = "agent-" + (1 + r.nextInt(8));
        for (int k = 1; k <= calls; k++) {
            t = t.plus(Duration.ofMinutes(30 + r.nextInt(6 * 60)));
            if (!t.isBefore(now)) {
                break;
            }
            String callId = "call-" + leadId + "-" + k;
            callIds.add(callId);
            Map<String, Object> placed = event(r, "CALL_PLACED", leadId, t, callId);
            placed.put("agentId", agent);
            placed.put("campaignId", "campaign_new_lead");
            placed.put("dialedNumber", phone);
            events.add(placed);
            if (r.nextDouble() < 0.55) {
                answered++;
                int seconds = 40 + r.nextInt(900);
                Map<String, Object> ans = event(r, "CALL_ANSWERED", leadId, t.plusSeconds(8), callId);
                ans.put("durationSeconds", seconds);
                ans.put("flowNodesTraversed", List.of("greeting", "discovery", "qualification"));
                events.add(ans);
                String useCase = pick(r, USE_CASES);
                String team = pick(r, TEAM_SIZES);
                List<String> pains = List.of(pick(r, PAINS), pick(r, PAINS)).stream().distinct().toList();
                Instant during = t.plusSeconds(8 + seconds / 2);
                if (r.nextDouble() < 0.6) {
                    Map<String, Object> q = event(r, "QUALIFICATION_RESULT", leadId, during, callId);
                    lastScore = 20 + r.nextInt(76);
                    q.put("leadScore", lastScore);
                    q.put("painPoints", pains);
                    q.put("segment", segment);
                    q.put("nextAction", lastScore > 60 ? "book_demo" : "nurture");
                    events.add(q);
                }
                boolean meeting = false;
                if (!trial && r.nextDouble() < 0.2) {
                    Map<String, Object> tr = event(r, "TRIAL_SIGNUP_OFFERED", leadId, during.plusSeconds(5), callId);
                    trial = r.nextDouble() < 0.6;
                    tr.put("accepted", trial);
                    tr.put("plan", "team");
                    events.add(tr);
                }
                if (r.nextDouble() < 0.14) {
                    meeting = true;
                    String appt = "appt-" + leadId + "-" + k;
                    appointments.add(appt);
                    Map<String, Object> m = event(r, "MEETING_BOOKED", leadId, during.plusSeconds(10), callId);
                    LocalDate day = LocalDate.ofInstant(now, ZoneId.of(region.zone())).plusDays(2 + r.nextInt(10));
                    m.put("appointmentId", appt);
                    m.put("date", day.toString());
                    m.put("time", (9 + r.nextInt(8)) + ":" + (r.nextBoolean() ? "00" : "30"));
                    m.put("timeZone", region.zone());
                    m.put("durationMinutes", r.nextBoolean() ? 30 : 60);
                    m.put("type", "Product Demo");
                    m.put("notes", "Booked by the voice agent; interested in " + useCase.replace('_', ' '));
                    events.add(m);
                }
                Map<String, Object> done = event(r, "CALL_COMPLETED", leadId, t.plusSeconds(8 + seconds), callId);
                done.put("durationSeconds", seconds);
                done.put("direction", "OUTBOUND");
                done.put("disposition", meeting ? "meeting_booked" : "connected");
                done.put("summary", first + " from " + company + " discussed " + useCase.replace('_', ' ')
                        + " for a team of " + team + "; main pain: " + pains.get(0) + ".");
                done.put("discoveredSignals", Map.of("useCase", useCase, "teamSize", team, "painPoints", pains));
                events.add(done);
                if (meeting) {
                    break;
                }
            } else {
                Map<String, Object> na = event(r, "CALL_NO_ANSWER", leadId, t.plusSeconds(30), callId);
                na.put("attemptNumber", k);
                na.put("outcome", r.nextBoolean() ? "voicemail" : "no_answer");
                events.add(na);
            }
        }
        boolean optedOut = r.nextDouble() < 0.05;
        if (optedOut) {
            t = t.plus(Duration.ofMinutes(20));
            if (t.isAfter(now)) {
                t = now.minusSeconds(1);
            }
            Map<String, Object> o = event(r, "OPTOUT_REQUESTED", leadId, t, null);
            o.put("reason", "asked not to be called again");
            o.put("channel", "ALL");
            o.put("utterance", "Please take me off your list.");
            events.add(o);
        }
        return new DemoLead(leadId, email, first, last, phone, company, region.state(), hasZone ? region.zone() : null,
                segment, crm, consent, enrolled, callIds, answered, appointments, trial, optedOut, lastScore, events);
    }

    private static long seedless(Random r) {
        return r.nextInt(1000);
    }

    private static Map<String, Object> event(Random r, String type, String leadId, Instant at, String callId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", new UUID(r.nextLong(), r.nextLong()).toString());
        e.put("eventType", type);
        e.put("leadId", leadId);
        e.put("timestamp", at.toString());
        if (callId != null) {
            e.put("callId", callId);
        }
        return e;
    }

    private static String pick(Random r, List<String> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "");
    }
}
