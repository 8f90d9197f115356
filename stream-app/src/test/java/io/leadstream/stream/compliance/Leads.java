package io.leadstream.stream.compliance;

import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.lead.Consent;
import io.leadstream.schemas.lead.LeadProfile;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.stream.geo.PhoneNumbers;
import java.time.Instant;
import java.util.List;

/** Readable lead states for compliance specs. */
public final class Leads {
    private Leads() {
    }

    public static LeadState lead(String phone, String timeZone, String state) {
        return LeadState.newBuilder().setLeadId("lead-1").setWorkspaceId("acme")
                .setProfile(LeadProfile.newBuilder().setPhone(phone).setTimeZone(timeZone).setState(state)
                        .setEmail("dana@example.com").build())
                .setStatus(LeadStatus.CONTACTED)
                .setConsents(List.of(new Consent(ConsentKind.OUTREACH_WRITTEN, true, Instant.parse("2026-01-01T00:00:00Z"),
                        PhoneNumbers.normalize(phone).orElse(null))))
                .build();
    }

    /** A Miami lead (305, America/New_York, FL) with written outreach consent. */
    public static LeadState floridaLead() {
        return lead("+13055550100", null, null);
    }

    public static LeadState withoutConsent(LeadState lead) {
        return LeadState.newBuilder(lead).setConsents(List.of()).build();
    }
}
