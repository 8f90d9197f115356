package io.leadstream.stream.topology;

import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.LeadState;

/**
 * What the lead-state updater hands the cadence scheduler and the phone-fact reporter: an applied event, the lead
 * before it (null for a lead first seen with it) and the lead after it.
 */
record LeadChange(VoiceEvent event, LeadState before, LeadState lead) {
}
