package io.leadstream.bench.domain;

import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.lead.Consent;
import io.leadstream.schemas.lead.LeadProfile;
import io.leadstream.schemas.lead.LeadState;

import java.time.Instant;
import java.util.List;

/** The compliance tests' Miami lead (305 area code, no explicit zone or state) with written outreach consent. */
final class MiamiLead {
    private static final String PHONE = "+13055550100";

    private MiamiLead() {
    }

    static LeadState consenting() {
        return LeadState.newBuilder().setLeadId("lead-1").setWorkspaceId("acme")
                .setProfile(LeadProfile.newBuilder().setPhone(PHONE).setTimeZone(null).setState(null)
                        .setEmail("dana@example.com").build())
                .setStatus(LeadStatus.CONTACTED)
                .setConsents(List.of(new Consent(ConsentKind.OUTREACH_WRITTEN, true, Instant.parse("2026-01-01T00:00:00Z"), PHONE)))
                .build();
    }
}
