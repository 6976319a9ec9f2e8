package com.companion.chat.turn;

import com.companion.chat.Caller;
import com.companion.chat.conversation.Conversation;
import java.util.UUID;

/**
 * Who asks for which turn: it travels through every stage and names the lease the turn takes.
 *
 * @param key the {@code Idempotency-Key}, or null
 * @param turnId the id the conversation's turn lease is held under
 * @param startedNanos when the request arrived, for the time-to-first-text and the total time
 */
record Ticket(
    TurnService.Kind kind,
    Conversation conversation,
    Caller caller,
    String key,
    UUID turnId,
    long startedNanos) {

  String userId() {
    return caller.principal().userId();
  }

  /** The product (tenant) the turn is in: the conversation's. */
  String product() {
    return conversation.product();
  }

  boolean minor() {
    return caller.principal().isMinor();
  }
}
