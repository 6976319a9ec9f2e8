package com.companion.character.character;

import com.companion.character.character.internal.CharacterRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The character rows as other features see them: read, lock, and the few changes that belong to
 * them (an avatar's touch, a review decision). No access checks here: callers apply {@link
 * CharacterAccess} to what they get. Writes join the caller's transaction.
 */
@Component
public class Characters {

  private final CharacterRepository repository;

  public Characters(CharacterRepository repository) {
    this.repository = repository;
  }

  public Optional<CharacterRow> find(UUID id) {
    return repository.find(id);
  }

  /** Reads and locks the row until the transaction ends, so changes to it run one at a time. */
  public Optional<CharacterRow> lock(UUID id) {
    return repository.lock(id);
  }

  /** Marks the character changed (its avatar was replaced or removed). */
  public void touch(UUID id, Instant now) {
    repository.touch(id, now);
  }

  public int versionCount(UUID id) {
    return repository.versionCount(id);
  }

  /** When a version was written; empty when there is no such version. */
  public Optional<Instant> versionCreatedAt(UUID id, int version) {
    return repository.findVersionCreatedAt(id, version);
  }

  /**
   * Records a review decision; {@code approvedVersion} (null: unchanged) is the version approved,
   * and the first approval sets {@code published_at}.
   */
  public void setReview(
      UUID id,
      ReviewStatus status,
      String reason,
      String reviewerId,
      Integer approvedVersion,
      Instant now) {
    repository.setReview(id, status, reason, reviewerId, approvedVersion, now);
  }

  /** Public characters of one product waiting for review, oldest change first, after a position. */
  public List<CharacterRow> listPendingReview(
      String product, Instant afterUpdated, UUID afterId, int n) {
    return repository.listPending(product, afterUpdated, afterId, n);
  }
}
