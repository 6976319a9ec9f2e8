package com.companion.chat.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored message.
 *
 * @param alternative this message's index among its siblings of the same role (swipes of a reply,
 *     versions of an edited user message), 0 for the first
 * @param alternatives how many such siblings there are
 * @param rating the user's stars for a reply, or null
 */
public record Message(
    UUID id,
    UUID conversationId,
    UUID parentId,
    int depth,
    String role,
    String speakerId,
    String content,
    String finishReason,
    String safetyOutcome,
    String model,
    Integer promptTokens,
    Integer completionTokens,
    Integer ttftMs,
    Instant createdAt,
    int alternative,
    int alternatives,
    Integer rating) {

  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";

  /** This message at its place in the tree, as stored: not rated yet. */
  public Message placed(int depth, int alternative, int alternatives, Instant createdAt) {
    return new Message(
        id,
        conversationId,
        parentId,
        depth,
        role,
        speakerId,
        content,
        finishReason,
        safetyOutcome,
        model,
        promptTokens,
        completionTokens,
        ttftMs,
        createdAt,
        alternative,
        alternatives,
        null);
  }
}
