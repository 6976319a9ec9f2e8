package com.companion.chat.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation in lists and reads.
 *
 * @param characters the characters, each pinned to the version the conversation started with
 * @param lastMessage the newest message of the current path, shortened, or null
 */
public record ConversationView(
    UUID id,
    String title,
    boolean isGroup,
    List<CharacterRef> characters,
    String personaId,
    LastMessage lastMessage,
    Instant createdAt,
    Instant updatedAt) {

  public record CharacterRef(String characterId, int version, String name) {}

  public record LastMessage(
      UUID id, String role, String speakerId, String preview, Instant createdAt) {}

  static final int PREVIEW_CHARS = 120;

  public static ConversationView of(Conversation c, Message last) {
    return new ConversationView(
        c.id(),
        c.title(),
        c.group(),
        c.participants().stream()
            .map(p -> new CharacterRef(p.characterId(), p.version(), p.name()))
            .toList(),
        c.persona() == null ? null : c.persona().id(),
        last == null
            ? null
            : new LastMessage(
                last.id(),
                last.role(),
                last.speakerId(),
                preview(last.content()),
                last.createdAt()),
        c.createdAt(),
        c.updatedAt());
  }

  static String preview(String content) {
    if (content == null || content.length() <= PREVIEW_CHARS) {
      return content;
    }
    return content.substring(0, PREVIEW_CHARS - 1).stripTrailing() + "…";
  }
}
