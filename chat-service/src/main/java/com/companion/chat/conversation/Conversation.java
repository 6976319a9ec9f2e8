package com.companion.chat.conversation;

import com.companion.chat.catalog.Persona;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored conversation.
 *
 * @param persona the user's persona as it was when the conversation started, or null
 * @param headMessageId the last message of the path the conversation follows now
 * @param summaryThroughMessageId the last message the rolling summary covers
 */
public record Conversation(
    UUID id,
    String userId,
    String product,
    String title,
    boolean group,
    Persona persona,
    UUID headMessageId,
    String summary,
    UUID summaryThroughMessageId,
    int turnsSinceSummary,
    List<Participant> participants,
    int pinnedMemories,
    Instant createdAt,
    Instant updatedAt) {

  public Participant participant(String characterId) {
    return participants.stream()
        .filter(p -> p.characterId().equals(characterId))
        .findFirst()
        .orElse(null);
  }

  /** A character of the conversation, pinned to the version it started with. */
  public record Participant(
      String characterId, int version, String name, double talkativeness, int position) {}
}
