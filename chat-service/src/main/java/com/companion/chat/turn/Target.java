package com.companion.chat.turn;

import java.util.UUID;

/**
 * Where a turn writes: the user's text as a new message below {@code parentOfUser} (a send or an
 * edit), or only a new reply below {@code replyParent} (a regenerated reply).
 *
 * @param parentOfUser the message the user's text follows; null at the start of a conversation
 * @param userText null when regenerating
 * @param requestedSpeaker the character asked to answer, or null to let the turn choose
 * @param replyParent the message the reply answers, when no user text is written
 */
record Target(UUID parentOfUser, String userText, String requestedSpeaker, UUID replyParent) {

  static Target newUserMessage(UUID parentOfUser, String text, String requestedSpeaker) {
    return new Target(parentOfUser, text, requestedSpeaker, null);
  }

  static Target newReply(UUID replyParent, String speaker) {
    return new Target(null, null, speaker, replyParent);
  }
}
