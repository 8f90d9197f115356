package io.leadstream.testkit.kafka;

/** The two ways a test broker can run. */
public enum BrokerKind {
    /** Kafka's own KRaft server classes inside this JVM. */
    EMBEDDED,
    /** Testcontainers' {@code apache/kafka} container on a Docker engine. */
    TESTCONTAINERS
}
