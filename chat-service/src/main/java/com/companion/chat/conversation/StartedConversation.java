package com.companion.chat.conversation;

import com.companion.chat.web.Notice;
import java.util.List;

/**
 * The answer to starting a conversation.
 *
 * @param greeting the character's first message (its alternate greetings are swipes of it), or null
 *     when the card has none
 * @param notices e.g. the reminder, for minors, that the character is an AI
 */
public record StartedConversation(
    ConversationView conversation, MessageView greeting, List<Notice> notices) {}
