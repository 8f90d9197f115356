package io.leadstream.schemas.topic;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * How many copies of every topic the services create, and how many must acknowledge a write: one mechanism for
 * the topic contract ({@link TopicCreator}), the schema registry's {@code _schemas} and Kafka Streams' internal
 * topics ({@code replication.factor}, {@code topic.min.insync.replicas}), so they never disagree.
 * <p>
 * Set by {@value #FACTOR_VARIABLE} and {@value #MIN_INSYNC_VARIABLE}; unset, the defaults follow the cluster:
 * replication factor 3 and {@code min.insync.replicas} 2 from three brokers on (one broker may fail or restart
 * with no write refused and no acknowledged write lost), all brokers below that (1/1 on a single broker).
 *
 * @param replicationFactor replicas of each partition of a topic created by a service
 * @param minInsyncReplicas replicas that must have an {@code acks=all} write before it is acknowledged
 * @param brokers           brokers the cluster had when this was resolved
 * @param configured        whether the values come from the environment rather than the defaults
 */
public record TopicReplication(short replicationFactor, int minInsyncReplicas, int brokers, boolean configured) {
    public static final String FACTOR_VARIABLE = "TOPIC_REPLICATION_FACTOR";
    public static final String MIN_INSYNC_VARIABLE = "TOPIC_MIN_INSYNC_REPLICAS";

    public TopicReplication {
        if (replicationFactor < 1 || minInsyncReplicas < 1) {
            throw new IllegalArgumentException("replication factor and min.insync.replicas must be at least 1");
        }
        if (minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException(MIN_INSYNC_VARIABLE + "=" + minInsyncReplicas + " exceeds "
                    + FACTOR_VARIABLE + "=" + replicationFactor + ": every acks=all write would be refused");
        }
    }

    /**
     * What the environment asks for; a null field means "the default for the cluster's size".
     */
    public record Settings(Integer replicationFactor, Integer minInsyncReplicas) {
        public static final Settings DEFAULTS = new Settings(null, null);

        /** From {@value #FACTOR_VARIABLE} / {@value #MIN_INSYNC_VARIABLE} (blank = unset), e.g. {@code System::getenv}. */
        public static Settings fromEnvironment(Function<String, String> environment) {
            return new Settings(number(environment, FACTOR_VARIABLE), number(environment, MIN_INSYNC_VARIABLE));
        }

        private static Integer number(Function<String, String> environment, String name) {
            String value = environment.apply(name);
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed < 1) {
                    throw new NumberFormatException();
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a positive integer, not '" + value + "'");
            }
        }

        /** The replication for a cluster of {@code brokers} brokers. */
        public TopicReplication resolve(int brokers) {
            if (brokers < 1) {
                throw new IllegalStateException("the Kafka cluster reports no broker");
            }
            int factor = replicationFactor != null ? replicationFactor : Math.min(3, brokers);
            if (factor > brokers) {
                throw new IllegalArgumentException(FACTOR_VARIABLE + "=" + factor + " but the cluster has "
                        + brokers + " broker(s): topics could not be created");
            }
            int minIsr = minInsyncReplicas != null ? minInsyncReplicas : factor >= 3 ? 2 : 1;
            return new TopicReplication((short) factor, minIsr, brokers, replicationFactor != null || minInsyncReplicas != null);
        }

        /** The replication for the cluster {@code admin} talks to (its live broker count). */
        public TopicReplication resolve(Admin admin, Duration timeout) {
            try {
                return resolve(admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while describing the Kafka cluster", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Cannot describe the Kafka cluster: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not answer within " + timeout, e);
            }
        }
    }

    /** {@code min.insync.replicas} for a topic of {@code topicReplicas} replicas: never more than it has. */
    public int minInsyncFor(int topicReplicas) {
        return Math.max(1, Math.min(minInsyncReplicas, topicReplicas));
    }

    /** The topic-level config every created topic carries. */
    public Map<String, String> topicConfigs() {
        return Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
    }

    /**
     * The Kafka Streams settings for its internal topics (changelogs, repartition topics):
     * {@code replication.factor} and {@code topic.min.insync.replicas}.
     */
    public Map<String, Object> streamsConfig() {
        return Map.of("replication.factor", (int) replicationFactor,
                "topic." + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
    }

    /** One structured line at start-up: the values, the cluster size and where they came from. */
    public void logChoice(Logger log, String scope) {
        log.atInfo()
                .addKeyValue("topic.replication.factor", replicationFactor)
                .addKeyValue("topic.min.insync.replicas", minInsyncReplicas)
                .addKeyValue("kafka.cluster.brokers", brokers)
                .addKeyValue("topic.replication.source", configured ? "configured" : "default")
                .log("Topic replication for {}: factor {}, min.insync.replicas {} ({} for a cluster of {} broker(s))",
                        scope, replicationFactor, minInsyncReplicas, configured ? "configured" : "default", brokers);
    }
}
