package com.companion.contracts.events;

/**
 * Data of chat-service's events on {@link Topics#CHAT_TURN}, schema version 1, keyed by
 * conversation id. Types: {@code chat.turn.completed} ({@link TurnCompleted}), {@code
 * chat.reply.rated} ({@link ReplyRated}) and {@code chat.conversation.deleted} ({@link
 * ConversationDeleted}).
 */
public final class ChatEvents {

  public static final int SCHEMA_VERSION = 1;
  public static final String TURN_COMPLETED = "chat.turn.completed";
  public static final String REPLY_RATED = "chat.reply.rated";
  public static final String CONVERSATION_DELETED = "chat.conversation.deleted";

  private ChatEvents() {}

  /**
   * One chat turn: a reply generated (or refused).
   *
   * @param kind send, regenerate or edit
   * @param modelVersion the model version that answered, as model-gateway reported it
   * @param ttftMs time from the request to the first text released to the user; null when none
   * @param totalMs time from the request to the end of the turn
   * @param finishReason stop, length, cancelled, content_filter, input_blocked or error
   * @param safetyOutcome allowed, flagged, blocked (input or reply), or unchecked
   */
  public record TurnCompleted(
      int schemaVersion,
      String conversationId,
      String messageId,
      String characterId,
      Integer characterVersion,
      String kind,
      String modelVersion,
      int promptTokens,
      int completionTokens,
      Long ttftMs,
      long totalMs,
      String finishReason,
      String safetyOutcome,
      boolean minor) {}

  /**
   * A user's stars for one reply.
   *
   * @param stars 1 to 4
   */
  public record ReplyRated(
      int schemaVersion,
      String conversationId,
      String messageId,
      String characterId,
      int stars,
      String reason) {}

  /** A conversation and all its messages were deleted. */
  public record ConversationDeleted(
      int schemaVersion, String conversationId, int messagesDeleted) {}
}
