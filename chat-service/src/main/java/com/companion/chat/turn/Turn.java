package com.companion.chat.turn;

import com.companion.chat.conversation.Conversation.Participant;
import com.companion.chat.conversation.Message;
import com.companion.chat.prompt.Prompt;
import com.companion.chat.web.Notice;
import java.util.List;
import java.util.UUID;

/**
 * A turn ready for the model: what the reply stream and the recorder work from.
 *
 * @param userMessage the stored user message; null for a regenerated reply
 * @param replyParent the message the reply is written below
 * @param previousPath the recent path before the user message (empty without one)
 * @param path the recent path the reply answers, ending with {@code replyParent}
 * @param notices shown before the reply, and kept with the outcome
 */
record Turn(
    Ticket ticket,
    Screening input,
    Message userMessage,
    UUID replyParent,
    List<Message> previousPath,
    List<Message> path,
    Participant speaker,
    Prompt prompt,
    List<Notice> notices) {}
