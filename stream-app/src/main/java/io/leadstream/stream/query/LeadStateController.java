package io.leadstream.stream.query;

import io.leadstream.access.RequiresScope;
import io.leadstream.leaddb.access.Caller;
import io.leadstream.leaddb.access.Scope;
import io.leadstream.schemas.internal.LeadSnapshot;
import io.leadstream.schemas.json.AvroJson;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.stream.runtime.LeadStreams;
import io.leadstream.stream.topology.LeadTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Interactive query of a lead's current state: answered from this instance's store when it owns
 * the lead's partition, otherwise proxied to the instance that does ({@code queryMetadataForKey}).
 * <p>
 * During a rebalance, or when the owner does not answer (killed, partitioned away), a standby replica
 * answers: this instance's own standby store when it holds one ({@code enableStaleStores}), else the
 * request goes to an instance that does. Such an answer says so ({@value #SOURCE_HEADER}: standby): it
 * may trail the owner by the last uncommitted writes. With neither, 503 with Retry-After and the owner's
 * address ({@code owner}) rather than a wrong or missing lead.
 * <p>
 * The lead is the caller's workspace's: {@code LeadKey.of(workspace, leadId)} where the workspace is
 * the token's ({@link QueryAccessConfiguration}), so another workspace's lead
 * is a 404 exactly like a missing one (SPEC §14). A proxied request carries the caller's own
 * {@code Authorization} header, so the owner authenticates the same caller.
 */
@RestController
public class LeadStateController {
    private static final String RETRY_AFTER_SECONDS = "2";
    /** Which copy answered: {@code active} (the owner's store) or {@code standby} (a replica's, possibly a few commits behind). */
    public static final String SOURCE_HEADER = "X-Lead-State-Source";
    private final LeadStreams leadStreams;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LeadStateController(LeadStreams leadStreams) {
        this.leadStreams = leadStreams;
    }

    @RequiresScope(Scope.LEADS_READ)
    @GetMapping(value = "/state/leads/{leadId}", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> lead(@PathVariable String leadId, @RequestParam(defaultValue = "false") boolean local,
                                  @RequestAttribute(Caller.WORKSPACE_ATTRIBUTE) String workspace,
                                  @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        Optional<String> invalid = LeadKey.problem(workspace, leadId);
        if (invalid.isPresent()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, invalid.get());
            problem.setTitle("Invalid lead id");
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        String key = LeadKey.of(workspace, leadId);
        KafkaStreams streams = leadStreams.streams();
        KafkaStreams.State state = streams == null ? null : streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return unavailable("Lead state is not queryable while the stream application is " + (streams == null ? "starting" : state), null);
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(LeadTopology.SNAPSHOT_STORE, key, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return unavailable("No instance owns lead " + leadId + "'s partition yet", null);
        }
        HostInfo active = owner.activeHost();
        String self = leadStreams.self();
        boolean standbyHere = owner.standbyHosts().stream().anyMatch(h -> address(h).equals(self));
        if (address(active).equals(self)) {
            ResponseEntity<?> answer = fromLocalStore(streams, key, leadId, owner.partition(), false, active);
            // The active task is restoring (after a rebalance): a standby elsewhere may have it.
            return answer.getStatusCode().value() == 503 && !local ? fromStandbys(owner, self, leadId, authorization, answer) : answer;
        }
        if (standbyHere && (local || state == KafkaStreams.State.REBALANCING)) {
            return fromLocalStore(streams, key, leadId, owner.partition(), true, active);
        }
        if (local) {
            return unavailable("Lead " + leadId + " is owned by " + address(active) + ", which holds no replica here", active);
        }
        ResponseEntity<?> answer = forward(active, leadId, authorization, active);
        if (answer.getStatusCode().value() != 503) {
            return answer;
        }
        if (standbyHere) {
            return fromLocalStore(streams, key, leadId, owner.partition(), true, active);
        }
        return fromStandbys(owner, self, leadId, authorization, answer);
    }

    /** The first standby host (other than this instance) that answers with something other than 503, else {@code fallback}. */
    private ResponseEntity<?> fromStandbys(KeyQueryMetadata owner, String self, String leadId, String authorization,
                                           ResponseEntity<?> fallback) {
        for (HostInfo standby : owner.standbyHosts()) {
            if (address(standby).equals(self)) {
                continue;
            }
            ResponseEntity<?> answer = forward(standby, leadId, authorization, owner.activeHost());
            if (answer.getStatusCode().value() != 503) {
                return answer;
            }
        }
        return fallback;
    }

    private static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    private ResponseEntity<?> fromLocalStore(KafkaStreams streams, String key, String leadId, int partition, boolean standby,
                                             HostInfo active) {
        try {
            StoreQueryParameters<ReadOnlyKeyValueStore<String, LeadSnapshot>> parameters = StoreQueryParameters
                    .fromNameAndType(LeadTopology.SNAPSHOT_STORE, QueryableStoreTypes.<String, LeadSnapshot>keyValueStore())
                    .withPartition(partition);
            // A standby replica is only queryable as a "stale" store: it trails the active by what is not yet committed.
            ReadOnlyKeyValueStore<String, LeadSnapshot> store = streams.store(standby ? parameters.enableStaleStores() : parameters);
            LeadSnapshot snapshot = store.get(key);
            if (snapshot == null) {
                // Says nothing about other workspaces: their lead of this leadId is as missing as no lead at all.
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No events have been seen for lead " + leadId);
                problem.setTitle("Lead not found");
                problem.setProperty("leadId", leadId);
                return ResponseEntity.status(HttpStatus.NOT_FOUND).header(SOURCE_HEADER, standby ? "standby" : "active")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
            }
            return ResponseEntity.ok().header(SOURCE_HEADER, standby ? "standby" : "active")
                    .contentType(MediaType.APPLICATION_JSON).body(AvroJson.toJsonString(snapshot.getState()));
        } catch (InvalidStateStoreException e) {
            return unavailable("Lead state store is migrating or restoring: " + e.getMessage(), active);
        }
    }

    private ResponseEntity<?> forward(HostInfo target, String leadId, String authorization, HostInfo owner) {
        HostInfo host = target;
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/state/leads/"
                + URLEncoder.encode(leadId, StandardCharsets.UTF_8).replace("+", "%20") + "?local=true");
        // The caller's own credential: the owner authenticates and scopes the same caller.
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header(HttpHeaders.AUTHORIZATION, authorization).GET().build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            MediaType type = answer.headers().firstValue("Content-Type").map(MediaType::parseMediaType).orElse(MediaType.APPLICATION_JSON);
            ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.statusCode()).contentType(type);
            answer.headers().firstValue("Retry-After").ifPresent(v -> response.header("Retry-After", v));
            answer.headers().firstValue(SOURCE_HEADER).ifPresent(v -> response.header(SOURCE_HEADER, v));
            return response.body(answer.body());
        } catch (IOException e) {
            return unavailable((host.equals(owner) ? "Owner" : "Standby " + address(host) + " of the owner") + " of lead " + leadId
                    + " at " + address(owner) + " did not answer: " + e, owner);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("Interrupted while asking " + address(host), owner);
        }
    }

    /** 503 with Retry-After; {@code owner}, when known, is named in the problem (property {@code owner}) for the operator. */
    private static ResponseEntity<ProblemDetail> unavailable(String detail, HostInfo owner) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Lead state temporarily unavailable");
        if (owner != null) {
            problem.setProperty("owner", address(owner));
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
