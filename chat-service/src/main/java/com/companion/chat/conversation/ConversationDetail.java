package com.companion.chat.conversation;

import com.companion.platform.web.Page;

/** One conversation with the newest page of its messages (newest last). */
public record ConversationDetail(ConversationView conversation, Page<MessageView> messages) {}
