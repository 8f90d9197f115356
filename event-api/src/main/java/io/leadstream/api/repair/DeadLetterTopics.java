package io.leadstream.api.repair;

import io.leadstream.schemas.topic.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dead-letter topics an operator repairs (SPEC §3), each with the topics its service consumes:
 * a record is replayed only to one of those, whatever its {@code error.source.topic} header says, so
 * a replay can never write into a topic its service does not read.
 */
public final class DeadLetterTopics {
  private static final Map<String, Set<String>> SOURCES = Map.of(
      Topics.VOICE_EVENTS_DLQ.name(), Set.of(Topics.VOICE_EVENTS.name()),
      Topics.CRM_SINK_DLQ.name(), Set.of(Topics.LEAD_STATE.name(), Topics.LEAD_ENGAGEMENT.name(),
          Topics.CRM_ACTIVITIES.name()));
  public static final List<String> NAMES = List.of(Topics.CRM_SINK_DLQ.name(), Topics.VOICE_EVENTS_DLQ.name());

  private DeadLetterTopics() {
  }

  public static boolean known(String topic) {
    return SOURCES.containsKey(topic);
  }

  /** Whether records of {@code dlqTopic} may be replayed to {@code sourceTopic}. */
  public static boolean replayableTo(String dlqTopic, String sourceTopic) {
    return sourceTopic != null && SOURCES.getOrDefault(dlqTopic, Set.of()).contains(sourceTopic);
  }
}
