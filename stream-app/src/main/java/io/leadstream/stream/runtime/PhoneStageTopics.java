package io.leadstream.stream.runtime;

import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.TopicReplication;
import io.leadstream.schemas.topic.TopicSpec;
import io.leadstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The phone stage's internal topics ({@link Topics#phoneRequests}, {@link Topics#phoneVerdicts}) with exactly the
 * partition count of {@code voice.events.v1}: the verdicts are read by the tasks that own the input's partitions, so
 * a different count would hand a lead's verdict to another lead's task. A mismatch refuses to start, never guesses.
 */
public final class PhoneStageTopics {
    private PhoneStageTopics() {
    }

    /** {@link #ensure(Admin, String, boolean, Duration, TopicReplication.Settings)} with the default replication. */
    public static void ensure(Admin admin, String applicationId, boolean create, Duration timeout) {
        ensure(admin, applicationId, create, timeout, TopicReplication.Settings.DEFAULTS);
    }

    /**
     * Creates them when {@code create} (idempotent, with the input's partition count and the same replication as
     * every other topic the services create), then checks the counts.
     */
    public static void ensure(Admin admin, String applicationId, boolean create, Duration timeout,
                              TopicReplication.Settings replication) {
        List<TopicSpec> internal = List.of(Topics.phoneRequests(applicationId), Topics.phoneVerdicts(applicationId));
        int input = partitions(admin, List.of(Topics.VOICE_EVENTS.name()), timeout).get(Topics.VOICE_EVENTS.name());
        if (create) {
            new TopicCreator(admin, input, timeout, replication).ensure(internal);
        }
        Map<String, Integer> actual = partitions(admin, internal.stream().map(TopicSpec::name).toList(), timeout);
        actual.forEach((topic, count) -> {
            if (count != input) {
                throw new IllegalStateException("Topic " + topic + " has " + count + " partitions and " + Topics.VOICE_EVENTS.name() + " " + input
                        + ": they must be equal (the lead tasks read both); recreate " + topic);
            }
        });
    }

    /**
     * Partition counts; a topic just created may not be known yet to the broker answering (on a cluster the
     * controller's metadata reaches the brokers a moment later), so an unknown topic is asked again until
     * {@code timeout}.
     */
    private static Map<String, Integer> partitions(Admin admin, List<String> topics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                        .get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                return described.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().partitions().size()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while describing " + topics, e);
            } catch (Exception e) {
                boolean unknownYet = e.getCause() instanceof UnknownTopicOrPartitionException;
                if (!unknownYet || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot describe " + topics + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while describing " + topics, ie);
                }
            }
        }
    }
}
