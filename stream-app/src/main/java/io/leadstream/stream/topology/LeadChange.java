package io.leadstream.stream.topology;

import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.lead.LeadState;

/** What the lead-state updater hands the cadence scheduler: an applied event and the lead after it. */
record LeadChange(VoiceEvent event, LeadState lead) {
}
