package com.companion.chat.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * A message as the API shows it.
 *
 * @param speakerId the character who wrote a reply; null for the user's messages
 * @param alternative which swipe (reply) or version (edited user message) this is, from 0
 * @param alternativeCount how many swipes or versions exist at this point
 * @param rating the user's stars for a reply, or null
 */
public record MessageView(
    UUID id,
    UUID conversationId,
    UUID parentId,
    String role,
    String speakerId,
    String content,
    String finishReason,
    int alternative,
    int alternativeCount,
    Integer rating,
    Instant createdAt) {

  public static MessageView of(Message m) {
    return new MessageView(
        m.id(),
        m.conversationId(),
        m.parentId(),
        m.role(),
        m.speakerId(),
        m.content(),
        m.finishReason(),
        m.alternative(),
        Math.max(1, m.alternatives()),
        m.rating(),
        m.createdAt());
  }
}
