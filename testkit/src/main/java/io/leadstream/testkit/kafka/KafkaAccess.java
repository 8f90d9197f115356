package io.leadstream.testkit.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs a service's principal needs on a secured cluster, as a service account on Confluent Cloud
 * gets them: its topics (by name prefix), its consumer groups, its transactional ids (Kafka Streams'
 * exactly_once_v2 uses {@code <application.id>-…}) and idempotent writes.
 *
 * <pre>
 *   KafkaAccess.toTopicsPrefixed("voice.events.v1").andGroupsPrefixed("crm-sink").andIdempotentWrite()
 * </pre>
 *
 * @see <a href="https://kafka.apache.org/documentation/#operations_resources_and_protocols">Kafka: operations and
 *     resources on protocols (which ACL each request needs)</a>
 */
public record KafkaAccess(List<String> topicPrefixes, List<String> groupPrefixes, List<String> transactionalIdPrefixes,
                          boolean idempotentWrite) {

    /**
     * What a service does to the topics it owns: creates and reconfigures them ({@code TopicCreator}, Kafka
     * Streams' internal topics), reads and writes them, and deletes records (Streams purges repartition topics).
     */
    static final List<AclOperation> TOPIC_OPERATIONS = List.of(AclOperation.CREATE, AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.READ, AclOperation.WRITE,
            AclOperation.DELETE);

    public KafkaAccess {
        topicPrefixes = List.copyOf(topicPrefixes);
        groupPrefixes = List.copyOf(groupPrefixes);
        transactionalIdPrefixes = List.copyOf(transactionalIdPrefixes);
    }

    /** Access to the topics whose names start with one of {@code prefixes} (a full name is its own prefix). */
    public static KafkaAccess toTopicsPrefixed(String... prefixes) {
        return new KafkaAccess(List.of(prefixes), List.of(), List.of(), false);
    }

    public KafkaAccess andGroupsPrefixed(String... prefixes) {
        return new KafkaAccess(topicPrefixes, concat(groupPrefixes, prefixes), transactionalIdPrefixes, idempotentWrite);
    }

    public KafkaAccess andTransactionalIdsPrefixed(String... prefixes) {
        return new KafkaAccess(topicPrefixes, groupPrefixes, concat(transactionalIdPrefixes, prefixes), idempotentWrite);
    }

    /** Cluster IDEMPOTENT_WRITE: only needed by brokers older than 2.8 (KIP-679), granted for them. */
    public KafkaAccess andIdempotentWrite() {
        return new KafkaAccess(topicPrefixes, groupPrefixes, transactionalIdPrefixes, true);
    }

    /** The ACL bindings allowing {@code principal} (e.g. {@code User:crm-sink}) this access from any host. */
    public List<AclBinding> bindings(String principal) {
        List<AclBinding> bindings = new ArrayList<>();
        for (String prefix : topicPrefixes) {
            TOPIC_OPERATIONS.forEach(op -> bindings.add(allow(principal, ResourceType.TOPIC, prefix, op)));
        }
        for (String prefix : groupPrefixes) {
            bindings.add(allow(principal, ResourceType.GROUP, prefix, AclOperation.READ));
            bindings.add(allow(principal, ResourceType.GROUP, prefix, AclOperation.DESCRIBE));
        }
        for (String prefix : transactionalIdPrefixes) {
            bindings.add(allow(principal, ResourceType.TRANSACTIONAL_ID, prefix, AclOperation.WRITE));
            bindings.add(allow(principal, ResourceType.TRANSACTIONAL_ID, prefix, AclOperation.DESCRIBE));
        }
        if (idempotentWrite) {
            bindings.add(new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                    new AccessControlEntry(principal, "*", AclOperation.IDEMPOTENT_WRITE, AclPermissionType.ALLOW)));
        }
        return bindings;
    }

    private static AclBinding allow(String principal, ResourceType type, String prefix, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, prefix, PatternType.PREFIXED),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static List<String> concat(List<String> list, String... more) {
        return Stream.concat(list.stream(), Stream.of(more)).toList();
    }
}
