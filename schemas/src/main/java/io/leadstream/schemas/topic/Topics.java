package io.leadstream.schemas.topic;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceTrigger;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.GateDecision;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.internal.PhoneRequest;
import io.leadstream.schemas.internal.PhoneVerdict;
import io.leadstream.schemas.lead.EngagementScore;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.topic.TopicSpec.CleanupPolicy;
import io.leadstream.schemas.topic.TopicSpec.KeyFormat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every topic of SPEC §3: the one place its name and settings are written down. */
public final class Topics {
    public static final int DEFAULT_PARTITIONS = 12;

    private static final Duration DAYS_30 = Duration.ofDays(30);

    public static final TopicSpec VOICE_EVENTS = delete("voice.events.v1", VoiceEvent.class, DAYS_30);
    public static final TopicSpec LEAD_STATE = compact("lead.state.v1", LeadState.class);
    public static final TopicSpec LEAD_ENGAGEMENT = compact("lead.engagement.v1", EngagementScore.class);
    public static final TopicSpec CRM_ACTIVITIES = delete("crm.activities.v1", CrmActivity.class, DAYS_30);
    public static final TopicSpec CADENCE_TRIGGERS = delete("cadence.triggers.v1", CadenceTrigger.class, Duration.ofDays(7));
    /** Keyed by cadenceId; read as a GlobalKTable, so its partition count does not matter: one is plenty. */
    public static final TopicSpec CADENCE_DEFINITIONS = new TopicSpec("cadence.definitions.v1", KeyFormat.STRING,
            CadenceDefinition.class, CleanupPolicy.COMPACT, Optional.empty(), Optional.of(1));
    /** Keyed {@code <scope>/<E.164>} ({@link DncKey}): scope {@code global} or a workspaceId; a GlobalKTable. */
    public static final TopicSpec COMPLIANCE_DNC = compact("compliance.dnc.v1", DncEntry.class);
    /** Regulators ask for years of outreach decisions: 5 years (1826 days, leap days included). */
    public static final TopicSpec COMPLIANCE_AUDIT = delete("compliance.audit.v1", GateDecision.class, Duration.ofDays(1826));
    /** Original bytes and headers of input records stream-app could not process; reasons in {@code error.*} headers. */
    public static final TopicSpec VOICE_EVENTS_DLQ = new TopicSpec("voice.events.dlq.v1", KeyFormat.BYTES, byte[].class,
            CleanupPolicy.DELETE, Optional.of(DAYS_30), Optional.empty());
    public static final TopicSpec CRM_SINK_DLQ = new TopicSpec("crm-sink.dlq.v1", KeyFormat.BYTES, byte[].class,
            CleanupPolicy.DELETE, Optional.of(DAYS_30), Optional.empty());

    public static final List<TopicSpec> ALL = List.of(VOICE_EVENTS, LEAD_STATE, LEAD_ENGAGEMENT, CRM_ACTIVITIES,
            CADENCE_TRIGGERS, CADENCE_DEFINITIONS, COMPLIANCE_DNC, COMPLIANCE_AUDIT, VOICE_EVENTS_DLQ, CRM_SINK_DLQ);

    private Topics() {
    }

    /**
     * stream-app's phone stage input, keyed {@code <workspaceId>/<E.164>} ({@link DncKey}): call proposals and phone
     * facts. Internal, so named after the application id as Kafka Streams names its own internal topics; created with
     * the partition count of {@link #VOICE_EVENTS}. Kept as long as the input: a fact lost to retention would be an
     * opt-out forgotten.
     */
    public static TopicSpec phoneRequests(String applicationId) {
        return delete(applicationId + "-phone-requests", PhoneRequest.class, DAYS_30);
    }

    /**
     * The phone stage's verdicts back to the lead side, keyed {@code <workspaceId>/<leadId>}: read by the same tasks as
     * {@link #VOICE_EVENTS}, so it must have exactly its partition count (co-partitioned).
     */
    public static TopicSpec phoneVerdicts(String applicationId) {
        return delete(applicationId + "-phone-verdicts", PhoneVerdict.class, DAYS_30);
    }

    private static TopicSpec delete(String name, Class<?> valueType, Duration retention) {
        return new TopicSpec(name, KeyFormat.STRING, valueType, CleanupPolicy.DELETE, Optional.of(retention), Optional.empty());
    }

    private static TopicSpec compact(String name, Class<?> valueType) {
        return new TopicSpec(name, KeyFormat.STRING, valueType, CleanupPolicy.COMPACT, Optional.empty(), Optional.empty());
    }
}
