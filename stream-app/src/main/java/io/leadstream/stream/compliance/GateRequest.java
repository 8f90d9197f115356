package io.leadstream.stream.compliance;

import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.lead.LeadState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A trigger that would be released now: for {@code lead}, on {@code channel}, at {@code at} (the
 * instant the dialer would get it), with the cadence step's own lead-local window ({@code null} for
 * none) and the instants of the lead's DUE CALL triggers released before (for the caps).
 */
public record GateRequest(LeadState lead, Channel channel, Instant at, LocalWindow stepWindow, List<Instant> recentCalls) {
    public GateRequest {
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(at, "at");
        recentCalls = List.copyOf(recentCalls);
    }
}
