package io.leadstream.stream.config;

import io.leadstream.stream.compliance.ComplianceConfig;
import io.leadstream.stream.compliance.FrequencyCaps;
import io.leadstream.stream.engagement.ScoreWeights;
import io.leadstream.stream.lead.LeadRules;
import io.leadstream.stream.topology.LeadTopology;
import org.springframework.boot.context.properties.ConfigurationProperties;

import io.leadstream.schemas.compliance.GateRule;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * stream-app's settings (prefix {@code leadstream}), bound from application.properties and the
 * environment (e.g. {@code KAFKA_BOOTSTRAP_SERVERS}, {@code SCHEMA_REGISTRY_URL}; see application.properties).
 */
@ConfigurationProperties(prefix = "leadstream")
public record StreamAppProperties(Kafka kafka, Streams streams, Leads leads, Cadences cadences) {

    /**
     * @param partitions   partitions of the topics this service creates when they are missing
     * @param createTopics whether to create/align the SPEC §3 topics at start (idempotent)
     */
    public record Kafka(String bootstrapServers, String schemaRegistryUrl, int partitions, boolean createTopics) {
    }

    /**
     * @param advertisedHost   host other instances reach this one's HTTP API on ({@code application.server});
     *                         blank: the host's own name ({@link io.leadstream.stream.runtime.AdvertisedHost})
     * @param rocksDbMemoryBytes off-heap budget shared by every RocksDB store of the process (block cache + memtables)
     * @param sessionTimeout   how long the group waits for a silent member (a killed instance) before its tasks move
     *                         or its restarted self can rejoin; Kafka's 45 s default alone breaks SPEC §13's 30 s restart
     * @param config           raw Kafka Streams / client settings passed through, e.g. {@code producer.linger.ms}
     */
    public record Streams(String applicationId, String stateDir, int threads, int standbyReplicas, String processingGuarantee,
                          long cacheMaxBytes, Duration commitInterval, long rocksDbMemoryBytes, String advertisedHost,
                          Duration closeTimeout, Duration sessionTimeout, Map<String, String> config) {
    }

    public record Leads(int unresponsiveAfterNoAnswers, Duration unresponsiveQuietPeriod, int dedupEventsKept,
                        Duration decayInterval, Duration decayTick, int decayLeadsPerTick, Duration maxFutureSkew) {
    }

    /**
     * @param outreachConsentRequired SPEC §7 gate 2: calls need written outreach consent (TCPA for AI voices)
     * @param publishDefaults         publish the shipped default cadences to cadence.definitions.v1 when missing there
     * @param triggerValidity         how long a released DUE CALL/SMS stays actionable at most (its notAfter; never past
     *                                the end of its calling window); default 15 min
     */
    public record Cadences(boolean outreachConsentRequired, int maxCallsPerDay, int maxCallsPerWeek, Duration tick,
                           int timersPerTick, boolean publishDefaults, Duration triggerValidity) {
    }

    public LeadTopology.Settings topologySettings() {
        LeadTopology.Settings d = LeadTopology.Settings.DEFAULTS;
        ComplianceConfig compliance = ComplianceConfig.DEFAULTS.withOutreachConsentRequired(cadences.outreachConsentRequired())
                .withCaps(new FrequencyCaps(List.of(
                        new FrequencyCaps.Cap(Duration.ofHours(24), cadences.maxCallsPerDay(), GateRule.FREQUENCY_CAP_24H),
                        new FrequencyCaps.Cap(Duration.ofDays(7), cadences.maxCallsPerWeek(), GateRule.FREQUENCY_CAP_7D))))
                .withTriggerValidity(cadences.triggerValidity() != null ? cadences.triggerValidity() : ComplianceConfig.DEFAULT_TRIGGER_VALIDITY);
        return new LeadTopology.Settings(new LeadRules(leads.unresponsiveAfterNoAnswers(), leads.unresponsiveQuietPeriod(), d.rules().recentEventIdsKept()),
                ScoreWeights.DEFAULTS, leads.dedupEventsKept(), leads.decayInterval(), leads.decayTick(), leads.decayLeadsPerTick(),
                leads.maxFutureSkew(), d.recentCallsKept(), compliance, cadences.tick(), cadences.timersPerTick());
    }
}
