package com.companion.character.character;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A character in a list: enough to show a tile, without the full card. */
public record CharacterSummary(
    UUID id,
    int version,
    String ownerId,
    String visibility,
    String reviewStatus,
    String contentRating,
    String name,
    String nickname,
    String description,
    List<String> tags,
    String creator,
    String avatarUrl,
    long likeCount,
    long chatCount,
    Instant createdAt,
    Instant updatedAt,
    Instant publishedAt) {

  public static CharacterSummary of(CharacterRow row) {
    return new CharacterSummary(
        row.id(),
        row.latestVersion(),
        row.ownerId(),
        row.visibility().value(),
        row.reviewStatus().value(),
        row.contentRating().value(),
        row.name(),
        row.nickname(),
        row.descriptionPreview(),
        row.tags(),
        row.creator(),
        row.avatarUrl(),
        row.likeCount(),
        row.chatCount(),
        row.createdAt(),
        row.updatedAt(),
        row.publishedAt());
  }
}
