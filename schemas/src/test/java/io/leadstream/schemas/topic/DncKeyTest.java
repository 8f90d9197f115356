package io.leadstream.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DncKeyTest {

    @Test
    void aNationalListEntryIsKeyedInTheGlobalScope() {
        assertThat(DncKey.global("+14155550100")).isEqualTo("global/+14155550100");
    }

    @Test
    void aWorkspacesInternalListEntryIsKeyedInThatWorkspace() {
        assertThat(DncKey.of("acme", "+14155550100")).isEqualTo("acme/+14155550100");
    }

    @Test
    void aScopeIsGlobalOrAWorkspaceId() {
        assertThatThrownBy(() -> DncKey.of("Acme", "+14155550100")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither 'global' nor a workspaceId");
        assertThatThrownBy(() -> DncKey.of("", "+14155550100")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPhoneThatIsNotE164CannotBeKeyed() {
        assertThatThrownBy(() -> DncKey.global("(415) 555-0100")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("E.164");
        assertThatThrownBy(() -> DncKey.of("acme", "14155550100")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DncKey.of("acme", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
