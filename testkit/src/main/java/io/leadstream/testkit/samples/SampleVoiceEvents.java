package io.leadstream.testkit.samples;

import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.event.CallCompleted;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sample input records shared by the interop tests and the serde benchmark, so both exercise the
 * same bytes. Produce them keyed by their lead, {@code LeadKey.of(workspaceId, leadId)} (SPEC §3).
 */
public final class SampleVoiceEvents {
    private SampleVoiceEvents() {
    }

    /** A completed call with signals and a tool call, as seed 000's session export describes one (~300 bytes). */
    public static VoiceEvent callCompleted() {
        return VoiceEvent.newBuilder()
                .setEventId("0f8fad5b-d9cb-469f-a165-70867728950e").setEventType(EventType.CALL_COMPLETED)
                .setLeadId("lead-123").setWorkspaceId("acme")
                .setOccurredAt(Instant.parse("2026-03-02T15:04:05.123Z")).setReceivedAt(Instant.parse("2026-03-02T15:04:05.373Z"))
                .setCampaignId("campaign_new_lead").setAgentId("agent-7").setFlowId("flow-trial-success").setCallId("rm_abc123xyz")
                .setPayload(CallCompleted.newBuilder().setDurationSeconds(900).setDirection(CallDirection.OUTBOUND)
                        .setDisposition("connected").setSummary("Discussed proposal automation; booked a demo.")
                        .setToolCalls(List.of(new ToolCall("book_sales_meeting", Map.of("preferred_date", "2025-11-01"), true)))
                        .setDiscoveredSignals(new DiscoveredSignals("sales_proposals", "10-50",
                                List.of("manual contract creation", "slow approval process")))
                        .build())
                .build();
    }
}
