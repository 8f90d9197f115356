package io.leadstream.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.api.web.ApiException;
import io.leadstream.schemas.event.CallPlaced;
import io.leadstream.schemas.event.EventType;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.serde.AvroSerializer;
import io.leadstream.testkit.registry.SharedSchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** With no broker the request is answered 503 with Retry-After and the eventIds to retry with, within the timeout. */
class EventPublisherTest {

  @Test
  void anUnreachableBrokerIsA503WithinTheSendTimeoutNotAHang() {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1_010);
    SchemaRegistryClient registry = SchemaRegistryClient.forUrls(SharedSchemaRegistry.get().url());
    DefaultKafkaProducerFactory<String, VoiceEvent> factory = new DefaultKafkaProducerFactory<>(config,
        new StringSerializer(), new AvroSerializer<>(registry, true));
    EventPublisher publisher = new EventPublisher(new KafkaTemplate<>(factory), Duration.ofSeconds(1), 7,
        new SimpleMeterRegistry());
    VoiceEvent event = VoiceEvent.newBuilder().setEventId("4f1c2d7e-0000-4000-8000-000000000001")
        .setEventType(EventType.CALL_PLACED).setLeadId("l1").setOccurredAt(Instant.EPOCH)
        .setReceivedAt(Instant.EPOCH).setPayload(new CallPlaced(null, null)).build();

    long start = System.nanoTime();
    assertThatThrownBy(() -> publisher.publish(List.of(event))).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(e.retryAfterSeconds()).isEqualTo(7);
      assertThat(e.extra()).containsEntry("eventIds", List.of("4f1c2d7e-0000-4000-8000-000000000001"));
    });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    factory.destroy();
  }
}
