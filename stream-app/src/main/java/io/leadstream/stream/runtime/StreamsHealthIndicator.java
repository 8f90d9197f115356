package io.leadstream.stream.runtime;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Readiness of the Kafka Streams client: UP when RUNNING, OUT_OF_SERVICE while it (re)balances or
 * restores, DOWN when it failed or stopped. Part of the readiness group, so a load balancer stops
 * sending interactive queries to an instance that cannot answer them.
 */
@Component("kafkaStreams")
public class StreamsHealthIndicator implements HealthIndicator {
    private final LeadStreams leadStreams;

    public StreamsHealthIndicator(LeadStreams leadStreams) {
        this.leadStreams = leadStreams;
    }

    @Override
    public Health health() {
        KafkaStreams streams = leadStreams.streams();
        if (streams == null) {
            return Health.outOfService().withDetail("state", "NOT_STARTED").build();
        }
        KafkaStreams.State state = streams.state();
        Status status = switch (state) {
            case RUNNING -> Status.UP;
            case CREATED, REBALANCING -> Status.OUT_OF_SERVICE;
            default -> Status.DOWN;
        };
        return Health.status(status).withDetail("state", state.name()).build();
    }
}
