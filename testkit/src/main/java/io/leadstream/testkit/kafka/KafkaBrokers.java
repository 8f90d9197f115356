package io.leadstream.testkit.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one factory for brokers: picks the implementation with {@link BrokerSelection}. */
public final class KafkaBrokers {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokers.class);

    private KafkaBrokers() {
    }

    /** A new, not yet started broker of the kind selected by {@code -Dleadstream.kafka} and the Docker probe. */
    public static KafkaBroker create() {
        BrokerKind kind = BrokerSelection.select(System.getProperty(BrokerSelection.PROPERTY), DockerProbe::engineAnswers);
        LOG.info("Kafka broker for this JVM: {}", kind);
        return create(kind);
    }

    public static KafkaBroker create(BrokerKind kind) {
        return switch (kind) {
            case EMBEDDED -> EmbeddedKafkaBroker.builder().build();
            case TESTCONTAINERS -> new ContainerKafkaBroker();
        };
    }
}
