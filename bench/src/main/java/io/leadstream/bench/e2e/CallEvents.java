package io.leadstream.bench.e2e;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The measured event: a CALL_COMPLETED with a fresh call id, which stream-app turns into one call
 * activity and crm-sink into exactly one Task upserted on {@code Voice_Call_Id__c} — so every
 * accepted event has one acknowledgement to find. Built as text: it is on the sender's hot path.
 */
final class CallEvents {

    private final List<String> leadIds;
    private int next;

    /** @param leadIds leads the sink has already matched to a Salesforce record; calls go round-robin over them */
    CallEvents(List<String> leadIds) {
        if (leadIds.isEmpty()) {
            throw new IllegalArgumentException("no matched leads to send calls for");
        }
        this.leadIds = List.copyOf(leadIds);
    }

    /** One event as a JSON object (about 400 bytes). Not thread-safe: one sender thread. */
    String callCompleted(String callId) {
        String lead = leadIds.get(next);
        next = (next + 1) % leadIds.size();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int seconds = 30 + r.nextInt(870);
        return "{\"eventId\":\"" + new UUID(r.nextLong(), r.nextLong()) + "\",\"eventType\":\"CALL_COMPLETED\","
                + "\"leadId\":\"" + lead + "\",\"timestamp\":\"" + Instant.now() + "\",\"callId\":\"" + callId + "\","
                + "\"agentId\":\"agent-" + (1 + r.nextInt(8)) + "\",\"campaignId\":\"campaign_new_lead\","
                + "\"durationSeconds\":" + seconds + ",\"direction\":\"OUTBOUND\",\"disposition\":\"connected\","
                + "\"summary\":\"Discussed contract management for a team of 10-50; main pain: slow approval process.\","
                + "\"discoveredSignals\":{\"useCase\":\"contract_management\",\"teamSize\":\"10-50\","
                + "\"painPoints\":[\"slow approval process\"]}}";
    }
}
