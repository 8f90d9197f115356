package io.leadstream.stream.query;

import io.leadstream.schemas.internal.LeadSnapshot;
import io.leadstream.stream.runtime.LeadStreams;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Queries while the owner is away: a standby replica on this instance answers (a stale store, marked
 * standby), and with no replica anywhere reachable the 503 names the owner.
 */
class LeadStateControllerStandbyTest {
    private static final String SELF = "stream-app-1:8081";
    private static final HostInfo SELF_HOST = new HostInfo("stream-app-1", 8081);

    private final LeadStreams leadStreams = mock(LeadStreams.class);
    @SuppressWarnings("unchecked")
    private final KafkaStreams streams = mock(KafkaStreams.class);
    @SuppressWarnings("unchecked")
    private final ReadOnlyKeyValueStore<String, LeadSnapshot> store = mock(ReadOnlyKeyValueStore.class);
    private HostInfo unreachableOwner;

    @BeforeEach
    void setUp() throws IOException {
        when(leadStreams.streams()).thenReturn(streams);
        when(leadStreams.self()).thenReturn(SELF);
        when(streams.store(any())).thenReturn(store);
        try (ServerSocket socket = new ServerSocket(0)) {
            // Closed at once: connecting to it is refused, as to a killed instance.
            unreachableOwner = new HostInfo("localhost", socket.getLocalPort());
        }
    }

    @SuppressWarnings("unchecked")
    private void owner(HostInfo active, Set<HostInfo> standbys) {
        when(streams.queryMetadataForKey(anyString(), anyString(), any(Serializer.class)))
                .thenReturn(new KeyQueryMetadata(active, standbys, 5));
    }

    @SuppressWarnings("unchecked")
    private StoreQueryParameters<?> queriedStore() {
        ArgumentCaptor<StoreQueryParameters<?>> parameters = ArgumentCaptor.forClass(StoreQueryParameters.class);
        verify(streams).store((StoreQueryParameters) parameters.capture());
        return parameters.getValue();
    }

    @Test
    void duringARebalanceTheLocalStandbyAnswersFromItsStaleStore() {
        when(streams.state()).thenReturn(KafkaStreams.State.REBALANCING);
        owner(unreachableOwner, Set.of(SELF_HOST));

        ResponseEntity<?> answer = controller().lead("lead-1", false, "acme", "Bearer t");

        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(404);
        assertThat(answer.getHeaders().getFirst(LeadStateController.SOURCE_HEADER)).isEqualTo("standby");
        StoreQueryParameters<?> parameters = queriedStore();
        assertThat(parameters.staleStoresEnabled()).isTrue();
        assertThat(parameters.partition()).isEqualTo(5);
    }

    @Test
    void whenTheOwnerDoesNotAnswerTheLocalStandbyDoes() {
        when(streams.state()).thenReturn(KafkaStreams.State.RUNNING);
        owner(unreachableOwner, Set.of(SELF_HOST));

        ResponseEntity<?> answer = controller().lead("lead-1", false, "acme", "Bearer t");

        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(404);
        assertThat(answer.getHeaders().getFirst(LeadStateController.SOURCE_HEADER)).isEqualTo("standby");
        assertThat(queriedStore().staleStoresEnabled()).isTrue();
    }

    @Test
    void theOwnerAnswersFromItsActiveStoreNotAStaleOne() {
        when(streams.state()).thenReturn(KafkaStreams.State.RUNNING);
        owner(SELF_HOST, Set.of(unreachableOwner));

        ResponseEntity<?> answer = controller().lead("lead-1", false, "acme", "Bearer t");

        assertThat(answer.getHeaders().getFirst(LeadStateController.SOURCE_HEADER)).isEqualTo("active");
        assertThat(queriedStore().staleStoresEnabled()).isFalse();
    }

    @Test
    void withNoReplicaReachableThe503NamesTheOwner() {
        when(streams.state()).thenReturn(KafkaStreams.State.RUNNING);
        owner(unreachableOwner, Set.of());

        ResponseEntity<?> answer = controller().lead("lead-1", false, "acme", "Bearer t");

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNotBlank();
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getProperties()).containsEntry("owner", "localhost:" + unreachableOwner.port());
        assertThat(problem.getDetail()).contains("localhost:" + unreachableOwner.port());
        verify(streams, never()).store(any());
    }

    @Test
    void aForwardedRequestToAnInstanceWithoutTheLeadNamesTheOwner() {
        when(streams.state()).thenReturn(KafkaStreams.State.RUNNING);
        owner(unreachableOwner, Set.of());

        ResponseEntity<?> answer = controller().lead("lead-1", true, "acme", "Bearer t");

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(((ProblemDetail) answer.getBody()).getProperties()).containsEntry("owner", "localhost:" + unreachableOwner.port());
    }

    private LeadStateController controller() {
        return new LeadStateController(leadStreams);
    }
}
