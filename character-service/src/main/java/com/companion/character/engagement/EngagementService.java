package com.companion.character.engagement;

import com.companion.character.CharacterProperties;
import com.companion.character.character.CharacterAccess;
import com.companion.character.character.CharacterRow;
import com.companion.character.character.CharacterService;
import com.companion.character.character.Characters;
import com.companion.character.character.LifecycleEvents;
import com.companion.character.engagement.internal.EngagementRepository;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Page;
import com.companion.platform.web.PageCursor;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Likes, chat-start signals and the creator's stats. */
@Service
public class EngagementService {

  /** The window of the "recent" figures in stats. */
  static final Duration RECENT = Duration.ofDays(7);

  private final CharacterService characters;
  private final Characters characterRows;
  private final EngagementRepository engagement;
  private final LifecycleEvents events;
  private final TransactionTemplate transactions;
  private final TrendingScore trending;
  private final CharacterProperties properties;

  public EngagementService(
      CharacterService characters,
      Characters characterRows,
      EngagementRepository engagement,
      LifecycleEvents events,
      TransactionTemplate transactions,
      TrendingScore trending,
      CharacterProperties properties) {
    this.characters = characters;
    this.characterRows = characterRows;
    this.engagement = engagement;
    this.events = events;
    this.transactions = transactions;
    this.trending = trending;
    this.properties = properties;
  }

  public record LikeState(UUID characterId, boolean liked, long likeCount) {}

  /** Idempotent: liking twice changes nothing and writes no second event. */
  public LikeState like(PlatformPrincipal principal, UUID id) {
    return transactions.execute(
        status -> {
          CharacterRow row = readableLocked(principal, id);
          Instant now = characters.now();
          if (engagement.like(id, principal.userId(), now)) {
            engagement.addTrendingSignal(
                id, trending.signal(properties.trending().likeWeight(), now));
            events.append(LifecycleEvents.LIKED, row, principal);
          }
          return new LikeState(id, true, engagement.likeCount(id));
        });
  }

  /** Removes the like and exactly the trending weight it had added. */
  public LikeState unlike(PlatformPrincipal principal, UUID id) {
    return transactions.execute(
        status -> {
          CharacterRow row = readableLocked(principal, id);
          Optional<Instant> likedAt = engagement.unlike(id, principal.userId());
          if (likedAt.isPresent()) {
            engagement.removeTrendingSignal(
                id, trending.signal(properties.trending().likeWeight(), likedAt.get()));
            events.append(LifecycleEvents.UNLIKED, row, principal);
          }
          return new LikeState(id, false, engagement.likeCount(id));
        });
  }

  public LikeState likeState(PlatformPrincipal principal, UUID id) {
    CharacterRow row = characters.readable(principal, id);
    return new LikeState(id, engagement.isLiked(id, principal.userId()), row.likeCount());
  }

  /**
   * A like in the caller's list. {@code name} is the character's current name, or {@code null} when
   * the caller can no longer read the character (its owner made it private, a moderator rejected
   * it): the like is still the caller's, the character's later text is not.
   */
  public record Liked(UUID characterId, String name, Instant likedAt) {}

  /** {@code GET /v1/me/likes}: the caller's likes in their product, newest first. */
  public Page<Liked> listLiked(PlatformPrincipal principal, String cursor, int limit) {
    PageCursor after = PageCursor.decode(cursor, "likes", 2);
    return Page.read(
        limit,
        n ->
            engagement.likedBy(
                principal.userId(),
                principal.product(),
                after == null ? null : after.instant(0),
                after == null ? null : after.uuid(1),
                n),
        row -> PageCursor.of("likes", row.likedAt(), row.character().id()),
        row ->
            new Liked(
                row.character().id(),
                CharacterAccess.canRead(row.character(), principal) ? row.character().name() : null,
                row.likedAt()));
  }

  /**
   * A conversation with the character started (chat-service reports it with the user's token).
   * Counts every start; trending counts one per user and UTC day, so one user cannot push a
   * character up by opening many chats.
   */
  public void recordChat(PlatformPrincipal principal, UUID id) {
    CharacterAccess.requireReadable(
        characterRows.find(id).orElseThrow(CharacterAccess::notFound), principal);
    Instant now = characters.now();
    if (!engagement.recordChat(
        id,
        principal.userId(),
        now.atZone(ZoneOffset.UTC).toLocalDate(),
        now,
        trending.signal(properties.trending().chatWeight(), now))) {
      throw CharacterAccess.notFound();
    }
  }

  /**
   * A moderator approved the character: its publication counts as a trending signal. Runs in the
   * caller's transaction (the approval's).
   */
  public void recordPublished(UUID id, Instant now) {
    engagement.addTrendingSignal(id, trending.signal(properties.trending().publishWeight(), now));
  }

  public record Stats(
      UUID characterId,
      int version,
      int versions,
      String visibility,
      String reviewStatus,
      String reviewReason,
      long likeCount,
      long likesLastWeek,
      long chatCount,
      long chatsLastWeek,
      long uniqueChatters,
      long uniqueChattersLastWeek,
      double trendingScore,
      Instant publishedAt) {}

  public Stats stats(PlatformPrincipal principal, UUID id) {
    CharacterRow row =
        CharacterAccess.requireOwner(
            characterRows.find(id).orElseThrow(CharacterAccess::notFound), principal);
    Instant now = characters.now();
    EngagementRepository.Counts counts = engagement.counts(id, now.minus(RECENT));
    return new Stats(
        id,
        row.latestVersion(),
        characterRows.versionCount(id),
        row.visibility().value(),
        row.reviewStatus().value(),
        row.reviewReason(),
        row.likeCount(),
        counts.likesSince(),
        row.chatCount(),
        counts.chatsSince(),
        counts.chattersAllTime(),
        counts.chattersSince(),
        trending.valueAt(row.trendingScore(), now),
        row.publishedAt());
  }

  private CharacterRow readableLocked(PlatformPrincipal principal, UUID id) {
    return CharacterAccess.requireReadable(
        characterRows.lock(id).orElseThrow(CharacterAccess::notFound), principal);
  }
}
