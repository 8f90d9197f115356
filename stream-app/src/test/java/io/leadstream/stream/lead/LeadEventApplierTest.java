package io.leadstream.stream.lead;

import io.leadstream.schemas.internal.LeadSnapshot;
import io.leadstream.stream.Events;
import io.leadstream.stream.activity.CallActivityMerger;
import io.leadstream.stream.appointment.AppointmentTimeResolver;
import io.leadstream.stream.engagement.EngagementScorer;
import io.leadstream.stream.engagement.ScoreWeights;
import org.junit.jupiter.api.Test;

import static io.leadstream.stream.Events.T0;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A lead is (workspaceId, leadId) (SPEC §3): one lead's snapshot never takes another lead's event. */
class LeadEventApplierTest {
    private final LeadEventApplier applier = new LeadEventApplier(new LeadStateMachine(LeadRules.DEFAULTS),
            new EngagementScorer(ScoreWeights.DEFAULTS), new CallActivityMerger(), new AppointmentTimeResolver(), 2, 64);
    private final Events acme = new Events("acme");
    private final Events globex = new Events("globex");

    @Test
    void anEventOfTheSameLeadIdInAnotherWorkspaceIsNeverMergedIntoTheLead() {
        LeadSnapshot acmeLead = applier.apply(null, acme.profile("lead_001", T0, "ann@acme.example", "+14155550100", null)).snapshot();

        assertThatThrownBy(() -> applier.apply(acmeLead, globex.profile("lead_001", T0.plusSeconds(5), "bob@globex.example", "+13055550199", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lead globex/lead_001 applied to the snapshot of lead acme/lead_001");
    }
}
