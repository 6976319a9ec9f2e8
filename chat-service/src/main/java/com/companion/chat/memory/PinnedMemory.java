package com.companion.chat.memory;

import java.time.Instant;
import java.util.UUID;

/**
 * Something the user wants the character to keep in mind.
 *
 * @param messageId the message it was pinned from, or null for free text
 */
public record PinnedMemory(UUID id, UUID messageId, String content, Instant createdAt) {}
