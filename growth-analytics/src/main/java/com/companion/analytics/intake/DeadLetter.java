package com.companion.analytics.intake;

/**
 * What goes to the dead-letter topic: why, where the record came from, and the record itself (cut
 * at {@link #MAX_PAYLOAD_CHARS}).
 *
 * @param reason why the record was not used, e.g. {@code missing field: data.conversation_id}
 * @param timestamp the Kafka timestamp of the record
 */
public record DeadLetter(
    String reason,
    String topic,
    int partition,
    long offset,
    long timestamp,
    String key,
    String payload) {

  public static final int MAX_PAYLOAD_CHARS = 64_000;

  /** The reason up to its first colon, the dimension dead letters are counted by. */
  public String category() {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }
}
