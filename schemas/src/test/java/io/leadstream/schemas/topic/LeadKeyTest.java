package io.leadstream.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeadKeyTest {

    @Test
    void aLeadKeyIsWorkspaceSlashLead() {
        assertThat(LeadKey.of("acme", "lead_001")).isEqualTo("acme/lead_001");
    }

    @Test
    void theFirstSlashSeparatesSoALeadIdMayContainSlashes() {
        assertThat(LeadKey.parse("acme/crm/0031")).contains(new LeadKey("acme", "crm/0031"));
    }

    @Test
    void aKeyWithoutSlashIsNoLeadKey() {
        assertThat(LeadKey.parse("lead_001")).isEmpty();
        assertThat(LeadKey.keyProblem("lead_001")).hasValueSatisfying(p -> assertThat(p).contains("has no '/'"));
    }

    @Test
    void workspaceIdsFollowTheSpecPattern() {
        assertThat(LeadKey.validWorkspaceId("acme-eu_2")).isTrue();
        assertThat(LeadKey.validWorkspaceId("Acme")).isFalse();
        assertThat(LeadKey.validWorkspaceId("-acme")).isFalse();
        assertThat(LeadKey.validWorkspaceId("a".repeat(63))).isTrue();
        assertThat(LeadKey.validWorkspaceId("a".repeat(64))).isFalse();
        assertThat(LeadKey.parse("Acme/lead")).isEmpty();
    }

    @Test
    void globalIsNoWorkspaceButTheScopeOfTheSharedDncLists() {
        assertThat(LeadKey.validWorkspaceId("global")).isFalse();
        assertThat(LeadKey.keyProblem("global/lead_001")).hasValueSatisfying(p -> assertThat(p).contains("reserved"));
        assertThat(LeadKey.validWorkspaceId("global-eu")).isTrue();
    }

    @Test
    void leadIdsAreNonEmptyAndAtMost128Characters() {
        assertThat(LeadKey.parse("acme/" + "x".repeat(128))).isPresent();
        assertThat(LeadKey.keyProblem("acme/" + "x".repeat(129))).hasValueSatisfying(p -> assertThat(p).contains("129 characters"));
        assertThat(LeadKey.parse("acme/")).isEmpty();
        assertThatThrownBy(() -> LeadKey.of("acme", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyNamingAnotherLeadThanItsValueIsAMismatch() {
        assertThat(LeadKey.mismatch("acme/lead_001", "acme", "lead_001")).isEmpty();
        assertThat(LeadKey.mismatch("globex/lead_001", "acme", "lead_001"))
                .hasValueSatisfying(p -> assertThat(p).contains("is not the value's lead 'acme/lead_001'"));
        assertThat(LeadKey.mismatch("lead_001", "acme", "lead_001")).isPresent();
        assertThat(LeadKey.mismatch("acme/lead_001", "ACME", "lead_001")).isPresent();
    }
}
