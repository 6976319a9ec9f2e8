package com.companion.platform.events;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of one event consumer, bound under a prefix of the service's own (for example {@code
 * chat.account-deletions.consume}, {@code .topic}, {@code .group-id}, {@code .retry-backoff}). The
 * topic and the group id are the consumer's own: the service's properties record fills in its
 * defaults with {@link #orDefaults}.
 *
 * @param consume off: the consumer never starts (a feature turned off, or tests of other features)
 * @param topic the topic to read
 * @param groupId the consumer group; all replicas share it, so each event is applied once
 * @param retryBackoff pause before retrying an event that could not be applied (database down)
 */
public record ConsumerSettings(
    @DefaultValue("true") boolean consume,
    String topic,
    String groupId,
    @DefaultValue("2s") Duration retryBackoff) {

  /** These settings, with {@code defaultTopic} and {@code defaultGroupId} where none is set. */
  public ConsumerSettings orDefaults(String defaultTopic, String defaultGroupId) {
    return new ConsumerSettings(
        consume, orDefault(topic, defaultTopic), orDefault(groupId, defaultGroupId), retryBackoff);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
