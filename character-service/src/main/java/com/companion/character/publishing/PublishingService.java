package com.companion.character.publishing;

import com.companion.character.character.CharacterAccess;
import com.companion.character.character.CharacterRow;
import com.companion.character.character.CharacterService;
import com.companion.character.character.CharacterSummary;
import com.companion.character.character.CharacterView;
import com.companion.character.character.Characters;
import com.companion.character.character.LifecycleEvents;
import com.companion.character.character.ReviewStatus;
import com.companion.character.character.Visibility;
import com.companion.character.engagement.EngagementService;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.Page;
import com.companion.platform.web.PageCursor;
import com.companion.platform.web.PlatformProblem;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The review queue between "public" and "discoverable": a moderator approves or rejects the latest
 * version of a character whose owner made it public.
 */
@Service
public class PublishingService {

  public static final ProblemType OWN_CHARACTER =
      ProblemType.custom(
          "cannot-review-own-character", "A moderator cannot review their own character");

  /** A rejection reason is shown to the creator; keep it to a paragraph. */
  static final int MAX_REASON_CHARS = 2000;

  private final Characters characters;
  private final EngagementService engagement;
  private final CharacterService characterService;
  private final LifecycleEvents events;
  private final TransactionTemplate transactions;

  public PublishingService(
      Characters characters,
      EngagementService engagement,
      CharacterService characterService,
      LifecycleEvents events,
      TransactionTemplate transactions) {
    this.characters = characters;
    this.engagement = engagement;
    this.characterService = characterService;
    this.events = events;
    this.transactions = transactions;
  }

  public enum Decision {
    APPROVE,
    REJECT;

    static Decision parse(String value) {
      if ("approve".equals(value)) {
        return APPROVE;
      }
      if ("reject".equals(value)) {
        return REJECT;
      }
      throw PlatformProblem.badRequest("decision must be approve or reject")
          .with("field", "decision");
    }
  }

  /** The review queue: public characters waiting for a decision, oldest first. */
  public Page<CharacterSummary> queue(PlatformPrincipal moderator, String cursor, int limit) {
    requireModerator(moderator);
    PageCursor after = PageCursor.decode(cursor, "review", 2);
    return Page.read(
        limit,
        n ->
            characters.listPendingReview(
                moderator.product(),
                after == null ? null : after.instant(0),
                after == null ? null : after.uuid(1),
                n),
        row -> PageCursor.of("review", row.updatedAt(), row.id()),
        CharacterSummary::of);
  }

  private static void requireModerator(PlatformPrincipal principal) {
    if (!principal.hasRole(Role.MODERATOR) && !principal.hasRole(Role.ADMIN)) {
      throw PlatformProblem.forbidden("reviewing characters needs the moderator role");
    }
  }

  public CharacterView review(
      PlatformPrincipal moderator, UUID id, Decision decision, String reason) {
    requireModerator(moderator);
    checkReason(reason);
    CharacterRow reviewed =
        transactions.execute(
            status -> {
              CharacterRow row =
                  CharacterAccess.requireReadable(
                      characters.lock(id).orElseThrow(CharacterAccess::notFound), moderator);
              if (row.isOwnedBy(moderator)) {
                // four eyes: a creator who is also a moderator cannot wave their own card through
                throw PlatformProblem.of(
                    HttpStatus.FORBIDDEN, OWN_CHARACTER, "another moderator must review this");
              }
              if (!isPending(row)) {
                throw PlatformProblem.conflict(
                        "only a public character waiting for review can be reviewed")
                    .with("review_status", row.reviewStatus().value());
              }
              return apply(row, decision, reason, moderator.userId(), moderator);
            });
    return characterService.getVersion(moderator, reviewed.id(), reviewed.latestVersion());
  }

  /** What a moderation-queue decision ({@code safety.decision}) asks of a character. */
  public enum QueueDecision {
    APPROVE,
    REJECT,
    UNPUBLISH
  }

  /**
   * Applies a decision taken in the moderation queue, with the same rules and events as {@link
   * #review}. Runs in the caller's transaction (the consumer records the event id in it too).
   * Returns false when the character no longer is in a state the decision applies to (deleted, made
   * private, or already decided through {@code POST /v1/characters/{id}/review}): a stale decision
   * is dropped, never forced onto a newer state.
   *
   * <p>An approval or rejection taken before the latest version existed is dropped too: the
   * moderator cannot have read that version, and its own review request reaches the queue as a new
   * item (the decided one is closed).
   *
   * @param decidedAt when the moderator decided (the event time); null skips that check
   * @param reviewer recorded as {@code reviewed_by}, e.g. {@code safety:<queue item id>}
   * @param actor the product and user the lifecycle event names
   */
  public boolean applyQueueDecision(
      UUID id,
      QueueDecision decision,
      String reason,
      Instant decidedAt,
      String reviewer,
      PlatformPrincipal actor) {
    CharacterRow row = characters.lock(id).orElse(null);
    if (row == null || row.visibility() != Visibility.PUBLIC || !row.belongsTo(actor)) {
      // a decision made in another product's queue never applies here
      return false;
    }
    String bounded = boundedReason(reason);
    return switch (decision) {
      case APPROVE, REJECT -> {
        if (!isPending(row) || editedAfter(row, decidedAt)) {
          yield false;
        }
        apply(
            row,
            decision == QueueDecision.APPROVE ? Decision.APPROVE : Decision.REJECT,
            bounded,
            reviewer,
            actor);
        yield true;
      }
      case UNPUBLISH -> {
        if (row.reviewStatus() == ReviewStatus.REJECTED) {
          yield false;
        }
        boolean wasDiscoverable = row.isDiscoverable();
        characters.setReview(id, ReviewStatus.REJECTED, bounded, reviewer, null, now());
        events.append(
            wasDiscoverable ? LifecycleEvents.UNPUBLISHED : LifecycleEvents.REJECTED,
            characters.find(id).orElseThrow(),
            actor);
        yield true;
      }
    };
  }

  private boolean editedAfter(CharacterRow row, Instant decidedAt) {
    return decidedAt != null
        && characters
            .versionCreatedAt(row.id(), row.latestVersion())
            .map(createdAt -> createdAt.isAfter(decidedAt))
            .orElse(false);
  }

  private Instant now() {
    return characterService.now();
  }

  private static boolean isPending(CharacterRow row) {
    return row.visibility() == Visibility.PUBLIC && row.reviewStatus() == ReviewStatus.PENDING;
  }

  private static void checkReason(String reason) {
    if (reason != null && reason.codePointCount(0, reason.length()) > MAX_REASON_CHARS) {
      throw PlatformProblem.badRequest("reason is longer than " + MAX_REASON_CHARS + " characters")
          .with("field", "reason");
    }
  }

  /** A queue reason has its own limits; cut it rather than drop the decision. */
  private static String boundedReason(String reason) {
    if (reason == null || reason.codePointCount(0, reason.length()) <= MAX_REASON_CHARS) {
      return reason;
    }
    return reason.substring(0, reason.offsetByCodePoints(0, MAX_REASON_CHARS));
  }

  /** Approves or rejects a pending character (row locked by the caller) and appends the event. */
  private CharacterRow apply(
      CharacterRow row,
      Decision decision,
      String reason,
      String reviewer,
      PlatformPrincipal actor) {
    UUID id = row.id();
    Instant now = now();
    if (decision == Decision.APPROVE) {
      characters.setReview(id, ReviewStatus.APPROVED, reason, reviewer, row.latestVersion(), now);
      engagement.recordPublished(id, now);
    } else {
      characters.setReview(id, ReviewStatus.REJECTED, reason, reviewer, null, now);
    }
    CharacterRow after = characters.find(id).orElseThrow();
    events.append(
        decision == Decision.APPROVE ? LifecycleEvents.PUBLISHED : LifecycleEvents.REJECTED,
        after,
        actor);
    return after;
  }
}
