package com.companion.character.character;

import com.companion.contracts.auth.PlatformPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code character.characters} with the avatar hash joined in. */
public record CharacterRow(
    UUID id,
    String ownerId,
    String product,
    Visibility visibility,
    ReviewStatus reviewStatus,
    String reviewReason,
    Integer approvedVersion,
    Instant publishedAt,
    int latestVersion,
    String name,
    String nickname,
    String creator,
    String descriptionPreview,
    List<String> tags,
    long likeCount,
    long chatCount,
    double trendingScore,
    Instant createdAt,
    Instant updatedAt,
    String avatarSha256,
    ContentRating contentRating) {

  /** Owner means the same account in the same product: a product is a tenant. */
  public boolean isOwnedBy(PlatformPrincipal principal) {
    return ownerId.equals(principal.userId()) && belongsTo(principal);
  }

  /** Whether the character lives in the caller's product; nothing crosses products. */
  public boolean belongsTo(PlatformPrincipal principal) {
    return product.equals(principal.product());
  }

  public boolean isDiscoverable() {
    return visibility == Visibility.PUBLIC && reviewStatus == ReviewStatus.APPROVED;
  }

  /** Relative URL of the avatar; the hash makes it change whenever the image does. */
  public String avatarUrl() {
    return avatarSha256 == null
        ? null
        : "/v1/characters/" + id + "/avatar?v=" + avatarSha256.substring(0, 12);
  }
}
