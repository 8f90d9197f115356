package io.leadstream.testkit.kafka;

import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Idempotent topic creation: tests and the dev stack may run it more than once on a shared broker. */
final class TopicAwait {

    private static final long WAIT_MS = 30_000;

    private TopicAwait() {
    }

    static void createIfAbsent(Admin admin, Collection<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (var future : admin.createTopics(topics).values().values()) {
            try {
                future.get(WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        awaitVisible(admin, topics.stream().map(NewTopic::name).toList());
    }

    // The controller acknowledges creation before the broker's metadata cache has the topic;
    // a producer started right away would log UNKNOWN_TOPIC_OR_PARTITION warnings, so wait.
    private static void awaitVisible(Admin admin, Collection<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get(WAIT_MS, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
