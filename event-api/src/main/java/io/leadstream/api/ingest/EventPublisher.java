package io.leadstream.api.ingest;

import io.leadstream.api.web.ApiException;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.topic.LeadKey;
import io.leadstream.schemas.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Writes validated events to {@code voice.events.v1} keyed by their lead, {@code <workspaceId>/<leadId>}
 * (so one lead's events keep their order, and two workspaces' leads with the same id stay apart) with the idempotent {@code acks=all} producer, and returns only once the broker
 * acknowledged every one of them. When it does not within the send timeout the caller gets 503
 * with Retry-After and the eventIds to retry with: a retry with the same eventIds is deduplicated
 * downstream (stream-app drops an eventId among a lead's last 64 applied ones), so a record that
 * did reach the broker is not counted twice.
 */
public final class EventPublisher {
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  private final KafkaTemplate<String, VoiceEvent> template;
  private final Duration timeout;
  private final int retryAfterSeconds;
  private final MeterRegistry metrics;
  private final Timer ackTimer;
  private final Counter unavailable;

  public EventPublisher(KafkaTemplate<String, VoiceEvent> template, Duration timeout, int retryAfterSeconds,
                        MeterRegistry metrics) {
    this.template = template;
    this.timeout = timeout;
    this.retryAfterSeconds = retryAfterSeconds;
    this.metrics = metrics;
    this.ackTimer = Timer.builder("leadstream.api.broker.ack").description("Send to broker acknowledgement")
        .publishPercentileHistogram().register(metrics);
    this.unavailable = Counter.builder("leadstream.api.broker.unavailable")
        .description("Requests answered 503 because the broker did not acknowledge in time").register(metrics);
  }

  /** Sends all events and waits for every acknowledgement; their eventIds in order. */
  public List<String> publish(List<VoiceEvent> events) {
    long start = System.nanoTime();
    List<String> ids = events.stream().map(VoiceEvent::getEventId).toList();
    List<CompletableFuture<SendResult<String, VoiceEvent>>> sends = new ArrayList<>(events.size());
    try {
      for (VoiceEvent e : events) {
        sends.add(template.send(Topics.VOICE_EVENTS.name(), LeadKey.of(e.getWorkspaceId(), e.getLeadId()), e));
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(ids, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw unavailable(ids, e);
    }
    ackTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    for (VoiceEvent e : events) {
      metrics.counter("leadstream.api.events.accepted", "type", e.getEventType().name()).increment();
    }
    return ids;
  }

  private ApiException unavailable(List<String> ids, Exception cause) {
    unavailable.increment();
    Throwable root = cause instanceof ExecutionException && cause.getCause() != null ? cause.getCause() : cause;
    log.warn("Broker did not acknowledge {} event(s): {}", ids.size(), root.toString());
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
        "The event log did not acknowledge the events in time; retry with the same eventIds (duplicates are "
            + "dropped).", List.of(), Map.of("eventIds", ids), retryAfterSeconds);
  }
}
