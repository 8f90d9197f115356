package io.leadstream.schemas.topic;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes the cluster match the topic contract, idempotently: every service calls it at start, in any
 * number of instances at once. Missing topics are created with the {@link TopicReplication} of the
 * environment (by default 3 replicas and min ISR 2 from three brokers on); existing ones get their cleanup
 * policy, retention and {@code min.insync.replicas} set to the contract's. A partition count or replication
 * factor that differs is reported, never changed: adding partitions would move keys to other partitions and
 * break per-lead ordering (README, "Growing the partition count"), and moving replicas is a reassignment an
 * operator plans.
 */
public final class TopicCreator {
    private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

    private final Admin admin;
    private final int defaultPartitions;
    private final Duration timeout;
    private final TopicReplication.Settings replicationSettings;

    /**
     * What {@link #ensure} did.
     *
     * @param replication            the replication new topics got, which Kafka Streams' internal topics take too
     * @param replicationMismatches  existing topics with fewer or more replicas than {@code replication} says
     */
    public record Report(List<String> created, List<String> reconfigured, Map<String, String> partitionMismatches,
                         TopicReplication replication, Map<String, String> replicationMismatches) {
        public boolean consistent() {
            return partitionMismatches.isEmpty();
        }
    }

    /** With the default replication for the cluster's size. */
    public TopicCreator(Admin admin, int defaultPartitions, Duration timeout) {
        this(admin, defaultPartitions, timeout, TopicReplication.Settings.DEFAULTS);
    }

    public TopicCreator(Admin admin, int defaultPartitions, Duration timeout, TopicReplication.Settings replication) {
        this.admin = admin;
        this.defaultPartitions = defaultPartitions;
        this.timeout = timeout;
        this.replicationSettings = replication;
    }

    public Report ensure(Collection<TopicSpec> specs) {
        // On a cluster each broker learns of a new topic a moment after the controller acknowledged it, and
        // describes go to any broker: a topic this call (or a peer instance) just created can be unknown to the
        // one answering. Everything here is idempotent, so such an answer is asked again until the timeout.
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> created = new ArrayList<>();
        while (true) {
            try {
                return attempt(specs, created);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.info("A topic is not known yet to the broker answering; asking again: {}", e.getCause().getMessage());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while ensuring topics", interrupted);
                }
            }
        }
    }

    private Report attempt(Collection<TopicSpec> specs, List<String> created) {
        try {
            TopicReplication replication = replicationSettings.resolve(await(admin.describeCluster().nodes()).size());
            Set<String> existing = await(admin.listTopics().names());
            created.addAll(create(specs, existing, replication));
            // The controller acknowledges creation before brokers' metadata has the topic: wait, so
            // callers (and the describes below) never see UNKNOWN_TOPIC_OR_PARTITION for it.
            awaitVisible(specs.stream().map(TopicSpec::name).toList());
            List<String> reconfigured = new ArrayList<>();
            Map<String, String> mismatches = new HashMap<>();
            Map<String, String> replicationMismatches = new HashMap<>();
            Map<String, Integer> replicas = new HashMap<>();
            List<TopicSpec> preexisting = specs.stream().filter(s -> !created.contains(s.name())).toList();
            if (!preexisting.isEmpty()) {
                Map<String, TopicDescription> descriptions = await(admin.describeTopics(
                        preexisting.stream().map(TopicSpec::name).toList()).allTopicNames());
                for (TopicSpec spec : preexisting) {
                    int actual = descriptions.get(spec.name()).partitions().size();
                    int wanted = spec.partitions(defaultPartitions);
                    if (actual != wanted) {
                        mismatches.put(spec.name(), "has " + actual + " partitions, contract says " + wanted);
                        log.warn("Topic {} has {} partitions, contract says {}; leaving it as is", spec.name(), actual, wanted);
                    }
                    int factor = descriptions.get(spec.name()).partitions().get(0).replicas().size();
                    replicas.put(spec.name(), factor);
                    if (factor != replication.replicationFactor()) {
                        replicationMismatches.put(spec.name(), "has " + factor + " replicas, configured " + replication.replicationFactor());
                        log.warn("Topic {} has {} replicas, configured {}; leaving it as is (a partition reassignment changes it)",
                                spec.name(), factor, replication.replicationFactor());
                    }
                }
                reconfigured.addAll(alignConfigs(preexisting, replication, replicas));
            }
            return new Report(created, reconfigured, mismatches, replication, replicationMismatches);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot ensure topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private List<String> create(Collection<TopicSpec> specs, Set<String> existing, TopicReplication replication) throws ExecutionException {
        List<NewTopic> missing = specs.stream().filter(s -> !existing.contains(s.name()))
                .map(s -> new NewTopic(s.name(), s.partitions(defaultPartitions), replication.replicationFactor())
                        .configs(withReplication(s.configs(), replication.minInsyncReplicas())))
                .toList();
        List<String> created = new ArrayList<>();
        if (missing.isEmpty()) {
            return created;
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                await(result.getValue());
                created.add(result.getKey());
                log.info("Created topic {}", result.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Another instance created it between our list and create: that is the idempotent outcome.
            }
        }
        return created;
    }

    private static Map<String, String> withReplication(Map<String, String> configs, int minInsync) {
        Map<String, String> all = new HashMap<>(configs);
        all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsync));
        return all;
    }

    // min.insync.replicas never above a topic's own replica count, or every acks=all write to it would fail.
    private List<String> alignConfigs(List<TopicSpec> specs, TopicReplication replication, Map<String, Integer> replicas)
            throws ExecutionException {
        Map<ConfigResource, TopicSpec> resources = new HashMap<>();
        specs.forEach(s -> resources.put(new ConfigResource(ConfigResource.Type.TOPIC, s.name()), s));
        Map<ConfigResource, Config> actual = await(admin.describeConfigs(resources.keySet()).all());
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        resources.forEach((resource, spec) -> {
            List<AlterConfigOp> ops = new ArrayList<>();
            withReplication(spec.configs(), replication.minInsyncFor(replicas.get(spec.name()))).forEach((key, wanted) -> {
                ConfigEntry entry = actual.get(resource).get(key);
                if (entry == null || !wanted.equals(entry.value())) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, wanted), AlterConfigOp.OpType.SET));
                }
            });
            if (!ops.isEmpty()) {
                changes.put(resource, ops);
            }
        });
        if (changes.isEmpty()) {
            return List.of();
        }
        await(admin.incrementalAlterConfigs(changes).all());
        List<String> names = changes.keySet().stream().map(ConfigResource::name).sorted().toList();
        log.info("Aligned configs of topics {} with the contract", names);
        return names;
    }

    private void awaitVisible(List<String> names) throws ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                await(admin.describeTopics(names).allTopicNames());
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for topics " + names, interrupted);
                }
            }
        }
    }

    private <T> T await(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while talking to Kafka", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout, e);
        }
    }
}
