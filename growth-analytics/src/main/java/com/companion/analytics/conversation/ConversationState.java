package com.companion.analytics.conversation;

import java.util.List;
import java.util.Map;

/**
 * What the stream remembers about one conversation.
 *
 * @param startTime event time of its first turn (epoch ms)
 * @param firstVersion the model version of its first reply: early abandonment is charged to it
 * @param earliestMessages the times of its first user messages, ascending, at most three
 * @param lastTime the latest turn's time
 * @param lastReplyVersion the version of the latest reply: a regenerate is charged to it
 * @param turnsByVersion turns each version served here
 * @param replies per reply message id: the version that wrote it and the stars it got (0 unrated)
 * @param abandoned whether it currently counts as abandoned early
 */
public record ConversationState(
    String product,
    String characterId,
    long startTime,
    String firstVersion,
    List<Long> earliestMessages,
    long lastTime,
    String lastReplyVersion,
    Map<String, Integer> turnsByVersion,
    Map<String, Reply> replies,
    boolean abandoned) {

  public record Reply(String version, int stars) {}
}
