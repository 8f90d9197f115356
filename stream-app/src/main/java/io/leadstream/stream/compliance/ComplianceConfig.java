package io.leadstream.stream.compliance;

import java.util.Objects;

/**
 * Tunables of the compliance gate.
 *
 * @param outreachConsentRequired whether CALL and SMS triggers need a granted OUTREACH_WRITTEN consent
 *                                (gate 2). Default true: since the FCC's February 2024 declaratory
 *                                ruling, AI-generated voices are "artificial voice" under the TCPA, so
 *                                marketing calls by a voice agent need prior express written consent.
 *                                Deployments calling only existing customers on informational matters
 *                                may turn it off.
 * @param caps                    frequency caps (gate 5)
 * @param maxDeferralRounds       bound on window ⇄ caps re-checks before the gate gives up and blocks
 */
public record ComplianceConfig(boolean outreachConsentRequired, FrequencyCaps caps, int maxDeferralRounds) {
    public static final ComplianceConfig DEFAULTS = new ComplianceConfig(true, FrequencyCaps.DEFAULT, 64);

    public ComplianceConfig {
        Objects.requireNonNull(caps, "caps");
        if (maxDeferralRounds < 1) {
            throw new IllegalArgumentException("maxDeferralRounds must be ≥ 1");
        }
    }

    public ComplianceConfig withOutreachConsentRequired(boolean required) {
        return new ComplianceConfig(required, caps, maxDeferralRounds);
    }

    public ComplianceConfig withCaps(FrequencyCaps newCaps) {
        return new ComplianceConfig(outreachConsentRequired, newCaps, maxDeferralRounds);
    }
}
