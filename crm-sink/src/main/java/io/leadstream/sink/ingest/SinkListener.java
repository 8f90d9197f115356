package io.leadstream.sink.ingest;

import io.leadstream.sink.pipeline.SinkPipeline;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The batch listener: commits a batch's offsets only after the {@link SinkPipeline} made it durable
 * (written, parked or held); when the system itself is down it nacks the batch, which pauses the
 * partitions and redelivers the whole batch after the pause. A workspace's failure never gets here.
 */
public class SinkListener {
  private static final Logger log = LoggerFactory.getLogger(SinkListener.class);

  private final SinkPipeline pipeline;
  private final SinkMetrics metrics;
  private final Duration retryPause;

  public SinkListener(SinkPipeline pipeline, SinkMetrics metrics, Duration retryPause) {
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.retryPause = retryPause;
  }

  @KafkaListener(id = "crm-sink", topics = "#{@sinkTopics}", batch = "true",
      autoStartup = "${leadstream.sink.consumer.auto-startup:true}")
  public void onBatch(List<ConsumerRecord<String, byte[]>> records, Acknowledgment ack) {
    try {
      pipeline.process(records);
      ack.acknowledge();
      if (metrics.isPaused()) {
        log.info("Consumption resumed");
      }
      metrics.paused(false);
    } catch (RedeliverException e) {
      metrics.paused(true);
      log.warn("Batch of {} records not durable, redelivering after {}: {}", records.size(), e.pause(), e.getMessage());
      ack.nack(0, e.pause());
    } catch (RuntimeException e) {
      metrics.paused(true);
      log.error("Unexpected failure on a batch of {} records, redelivering after {}", records.size(), retryPause, e);
      ack.nack(0, retryPause);
    }
  }
}
