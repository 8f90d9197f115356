package io.leadstream.bench.stream;

import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.event.CallAnswered;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.CallNoAnswer;
import io.leadstream.schemas.event.CallPlaced;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.MeetingBooked;
import io.leadstream.schemas.event.QualificationResult;
import io.leadstream.schemas.event.TrialSignupOffered;
import io.leadstream.schemas.event.VoiceEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A realistic stream of voice events over a population of leads: mostly call attempts and their
 * outcomes, some qualifications, trials, meetings and profile updates, spread over ten days of
 * event time ending an hour ago. Deterministic for a seed, so runs are comparable.
 */
public final class VoiceEventLoad {
    /** The workspace of every generated lead: records are keyed {@code bench/<leadId>} (SPEC §3). */
    public static final String WORKSPACE = "bench";
    private final Random random;
    private final int leads;
    private final Instant start;
    private final long spanMillis;
    private long sequence;

    public VoiceEventLoad(long seed, int leads) {
        this.random = new Random(seed);
        this.leads = leads;
        Instant end = Instant.now().minus(Duration.ofHours(1));
        this.start = end.minus(Duration.ofDays(10));
        this.spanMillis = Duration.between(start, end).toMillis();
    }

    /** Event {@code i} of {@code total}: event time grows with i, so each lead's events arrive in order. */
    public VoiceEvent next(long i, long total) {
        String lead = "lead-" + random.nextInt(leads);
        Instant at = start.plusMillis(spanMillis * i / Math.max(1, total));
        int roll = random.nextInt(100);
        EventType type;
        Object payload;
        if (roll < 35) {
            type = EventType.CALL_PLACED;
            payload = new CallPlaced("+1415555" + String.format("%04d", random.nextInt(10_000)), null);
        } else if (roll < 55) {
            type = EventType.CALL_NO_ANSWER;
            payload = new CallNoAnswer(1 + random.nextInt(3), "voicemail");
        } else if (roll < 70) {
            type = EventType.CALL_ANSWERED;
            payload = new CallAnswered(20 + random.nextInt(600), List.of("greeting", "discovery"));
        } else if (roll < 82) {
            type = EventType.CALL_COMPLETED;
            payload = CallCompleted.newBuilder().setDurationSeconds(60 + random.nextInt(900)).setDirection(CallDirection.OUTBOUND)
                    .setDisposition("connected").setSummary("Discussed proposal automation and pricing")
                    .setDiscoveredSignals(new DiscoveredSignals("sales_proposals", "10-50", List.of("manual contract creation"))).build();
        } else if (roll < 90) {
            type = EventType.QUALIFICATION_RESULT;
            payload = new QualificationResult(List.of("slow approvals"), "agencies", random.nextInt(101), "book_demo");
        } else if (roll < 94) {
            type = EventType.TRIAL_SIGNUP_OFFERED;
            payload = new TrialSignupOffered(random.nextBoolean(), "pro");
        } else if (roll < 96) {
            type = EventType.MEETING_BOOKED;
            payload = MeetingBooked.newBuilder().setAppointmentId("apt-" + sequence).setDate("tomorrow").setTime("2pm")
                    .setTimeZone("America/Chicago").build();
        } else {
            type = EventType.LEAD_UPSERTED;
            payload = LeadUpserted.newBuilder().setEmail(lead + "@example.com").setPhone("+1305555" + String.format("%04d", random.nextInt(10_000)))
                    .setCompany("Acme").build();
        }
        sequence++;
        return VoiceEvent.newBuilder().setEventId(new UUID(random.nextLong(), sequence).toString()).setEventType(type)
                .setLeadId(lead).setWorkspaceId(WORKSPACE).setOccurredAt(at).setReceivedAt(at.plusMillis(150))
                .setCampaignId("bench").setCallId(lead + "-c" + (sequence / 4)).setPayload(payload).build();
    }

    /** One profile event per lead, for filling a store with many distinct leads. */
    public VoiceEvent leadCreated(int lead) {
        Instant at = start.plusMillis(lead % 1000);
        String id = "lead-" + lead;
        return VoiceEvent.newBuilder().setEventId("created-" + lead).setEventType(EventType.LEAD_UPSERTED).setLeadId(id)
                .setWorkspaceId(WORKSPACE).setOccurredAt(at).setReceivedAt(at)
                .setPayload(LeadUpserted.newBuilder().setEmail(id + "@example.com").setPhone("+1415555" + String.format("%04d", lead % 10_000))
                        .setFirstName("Lead").setLastName(Integer.toString(lead)).setCompany("Acme").build())
                .build();
    }
}
