package io.leadstream.bench.sink;

import io.leadstream.schemas.common.CallDirection;
import io.leadstream.schemas.crm.CallActivity;
import io.leadstream.schemas.crm.CallStage;
import io.leadstream.schemas.crm.CrmActivity;
import io.leadstream.schemas.lead.LeadProfile;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerde;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.sfemu.SalesforceEmulator;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * crm-sink's input as the benches make it: lead states and completed calls as stream-app emits them,
 * keyed by the lead key ({@code <workspaceId>/<leadId>}) in the registry's wire format, and the
 * Contacts they match in an org.
 */
public final class SinkRecords {

  private final AvroSerde<LeadState> states;
  private final AvroSerde<CrmActivity> activities;

  public SinkRecords(SchemaRegistryClient registry) {
    this.states = AvroSerde.forValues(LeadState.class, registry);
    this.activities = AvroSerde.forValues(CrmActivity.class, registry);
  }

  /** The state on {@code lead.state.v1}. */
  public ProducerRecord<String, byte[]> record(LeadState state) {
    String topic = Topics.LEAD_STATE.name();
    return new ProducerRecord<>(topic, LeadKey.of(state.getWorkspaceId(), state.getLeadId()),
        states.serializer().serialize(topic, state));
  }

  /** The call on {@code crm.activities.v1}. */
  public ProducerRecord<String, byte[]> record(CallActivity call) {
    String topic = Topics.CRM_ACTIVITIES.name();
    return new ProducerRecord<>(topic, LeadKey.of(call.getWorkspaceId(), call.getLeadId()),
        activities.serializer().serialize(topic, CrmActivity.newBuilder().setActivity(call).build()));
  }

  /** A lead's state after {@code version} calls: the sink writes callsPlaced as Voice_Agent_Total_Calls__c. */
  public static LeadState leadState(String workspaceId, String leadId, String email, long version) {
    return LeadState.newBuilder().setWorkspaceId(workspaceId).setLeadId(leadId)
        .setProfile(LeadProfile.newBuilder().setEmail(email).build())
        .setCallsPlaced((int) version).setEngagementScore(10).setVersion(version).build();
  }

  /** A completed outbound call, the sink's Task; {@code n} varies its duration and event id. */
  public static CallActivity completedCall(String workspaceId, String leadId, String email, String callId, int n,
                                           Instant at) {
    return CallActivity.newBuilder().setWorkspaceId(workspaceId).setCallId(callId).setLeadId(leadId)
        .setStage(CallStage.COMPLETED).setPlacedAt(at).setDurationSeconds(120 + n)
        .setDirection(CallDirection.OUTBOUND).setSummary("Discussed proposals").setRevision(1)
        .setEmail(email).setLastEventId("e-" + callId).setOccurredAt(at).build();
  }

  /** One Contact per lead {@code 0..leads-1}, matched by the email {@code emailOf} gives it. */
  public static void seedContacts(SalesforceEmulator org, int leads, IntFunction<String> emailOf) {
    for (int i = 0; i < leads; i++) {
      org.seed("Contact", Map.of("LastName", "Lead " + i, "Email", emailOf.apply(i)));
    }
  }
}
