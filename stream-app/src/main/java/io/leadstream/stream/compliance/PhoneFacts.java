package io.leadstream.stream.compliance;

import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.event.CallPlaced;
import io.leadstream.schemas.event.ConsentRecorded;
import io.leadstream.schemas.event.LeadUpserted;
import io.leadstream.schemas.event.OptoutRequested;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.PhoneCallPlaced;
import io.leadstream.schemas.internal.PhoneConsentRecorded;
import io.leadstream.schemas.internal.PhoneOptedOut;
import io.leadstream.schemas.internal.PhoneRequest;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.stream.geo.PhoneNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one applied voice event tells the phone stage ({@link PhoneGate}) about a number, so that opt-outs and
 * frequency caps hold per phone within a workspace, whichever lead the number belongs to (SPEC §7 "Fail closed"):
 * <ul>
 *   <li>an opt-out or a doNotCall upsert → {@link PhoneOptedOut} for the lead's number, at the event's time; an
 *       opted-out lead that gets a new number opts that number out too;</li>
 *   <li>a written outreach consent → {@link PhoneConsentRecorded} for the number it is bound to (the one the event
 *       names, else the lead's phone before the event, as {@link io.leadstream.stream.lead.LeadStateMachine} binds it);</li>
 *   <li>a CALL_PLACED from any dialer → {@link PhoneCallPlaced} for the dialled number, else the lead's.</li>
 * </ul>
 * Pure; a number that is not a valid E.164 phone has no phone stage and yields nothing.
 */
public final class PhoneFacts {
    private PhoneFacts() {
    }

    /**
     * @param before the lead before the event (null for a lead first seen with it)
     * @param after  the lead with the event applied
     */
    public static List<PhoneRequest> of(LeadState before, LeadState after, VoiceEvent event) {
        List<PhoneRequest> facts = new ArrayList<>(1);
        Optional<String> phone = PhoneNumbers.normalize(after.getProfile().getPhone());
        Object payload = event.getPayload();
        if (payload instanceof CallPlaced placed) {
            PhoneNumbers.normalize(placed.getDialedNumber()).or(() -> phone).ifPresent(n ->
                    facts.add(fact(after, n, event, new PhoneCallPlaced(event.getOccurredAt(), placed.getTriggerId()))));
        } else if (payload instanceof ConsentRecorded consent && consent.getKind() == ConsentKind.OUTREACH_WRITTEN) {
            Optional<String> bound = consent.getPhone() != null ? PhoneNumbers.normalize(consent.getPhone())
                    : PhoneNumbers.normalize(before == null ? null : before.getProfile().getPhone());
            bound.ifPresent(n -> facts.add(fact(after, n, event, new PhoneConsentRecorded(consent.getCapturedAt(), consent.getGranted()))));
        }
        if (after.getStatus() == LeadStatus.OPTED_OUT && phone.isPresent()) {
            optOut(before, after, event).ifPresent(o -> facts.add(fact(after, phone.get(), event, o)));
        }
        return facts;
    }

    private static Optional<PhoneOptedOut> optOut(LeadState before, LeadState after, VoiceEvent event) {
        if (event.getPayload() instanceof OptoutRequested o) {
            return Optional.of(new PhoneOptedOut(event.getOccurredAt(), GateRule.OPT_OUT_REQUEST,
                    "opt-out requested (scope " + o.getChannel() + ")" + (o.getReason() != null ? ": " + o.getReason() : "")));
        }
        if (event.getPayload() instanceof LeadUpserted u && (Boolean.TRUE.equals(u.getDoNotCall()) || u.getStatus() == LeadStatus.OPTED_OUT)) {
            return Optional.of(new PhoneOptedOut(event.getOccurredAt(), GateRule.DO_NOT_CALL, "doNotCall set on the lead profile"));
        }
        String was = before == null ? null : PhoneNumbers.normalize(before.getProfile().getPhone()).orElse(null);
        String now = PhoneNumbers.normalize(after.getProfile().getPhone()).orElse(null);
        if (!now.equals(was) && after.getOptedOutAt() != null) {
            return Optional.of(new PhoneOptedOut(after.getOptedOutAt(), GateRule.OPTED_OUT, "the number of a lead opted out at " + after.getOptedOutAt()
                    + (after.getOptOutReason() != null ? " (" + after.getOptOutReason() + ")" : "")));
        }
        return Optional.empty();
    }

    private static PhoneRequest fact(LeadState lead, String e164, VoiceEvent event, Object request) {
        return new PhoneRequest(lead.getWorkspaceId(), e164, lead.getLeadId(), event.getEventId(), request);
    }
}
