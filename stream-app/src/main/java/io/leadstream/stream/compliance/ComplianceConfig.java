package io.leadstream.stream.compliance;

import java.time.Duration;
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
 * @param caps                    frequency caps (gate 5), per lead and per phone
 * @param maxDeferralRounds       bound on window ⇄ caps re-checks before the gate gives up and blocks
 * @param triggerValidity         how long a released DUE CALL/SMS stays actionable at most ({@code notAfter}), also
 *                                never past the end of the calling window it was released in (SPEC §7 "Fail closed")
 */
public record ComplianceConfig(boolean outreachConsentRequired, FrequencyCaps caps, int maxDeferralRounds, Duration triggerValidity) {
    public static final Duration DEFAULT_TRIGGER_VALIDITY = Duration.ofMinutes(15);
    public static final ComplianceConfig DEFAULTS = new ComplianceConfig(true, FrequencyCaps.DEFAULT, 64, DEFAULT_TRIGGER_VALIDITY);

    public ComplianceConfig {
        Objects.requireNonNull(caps, "caps");
        Objects.requireNonNull(triggerValidity, "triggerValidity");
        if (maxDeferralRounds < 1) {
            throw new IllegalArgumentException("maxDeferralRounds must be ≥ 1");
        }
        if (triggerValidity.isNegative() || triggerValidity.isZero()) {
            throw new IllegalArgumentException("triggerValidity must be positive: " + triggerValidity);
        }
    }

    public ComplianceConfig withOutreachConsentRequired(boolean required) {
        return new ComplianceConfig(required, caps, maxDeferralRounds, triggerValidity);
    }

    public ComplianceConfig withCaps(FrequencyCaps newCaps) {
        return new ComplianceConfig(outreachConsentRequired, newCaps, maxDeferralRounds, triggerValidity);
    }

    public ComplianceConfig withTriggerValidity(Duration validity) {
        return new ComplianceConfig(outreachConsentRequired, caps, maxDeferralRounds, validity);
    }
}
