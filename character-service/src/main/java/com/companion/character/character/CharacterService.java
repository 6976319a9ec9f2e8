package com.companion.character.character;

import com.companion.character.CharacterProperties;
import com.companion.character.card.CardJson;
import com.companion.character.card.CardReader;
import com.companion.character.card.CardValidator;
import com.companion.character.card.CardWriter;
import com.companion.character.card.CharacterCard;
import com.companion.character.character.internal.CharacterRepository;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.Page;
import com.companion.platform.web.PageCursor;
import com.companion.platform.web.PlatformProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creating, versioning, reading and deleting characters. Every write and its lifecycle event share
 * one transaction; validation happens before the transaction opens, so bad input writes nothing.
 */
@Service
public class CharacterService {

  public static final ProblemType MINOR_CANNOT_PUBLISH =
      ProblemType.custom("minor-cannot-publish", "Minors cannot make characters public");
  public static final ProblemType MINOR_CANNOT_RATE_MATURE =
      ProblemType.custom("minor-cannot-rate-mature", "Minors cannot make mature characters");
  public static final ProblemType VERSION_MISMATCH =
      ProblemType.custom("version-mismatch", "The character has changed since it was read");

  private final CharacterRepository characters;
  private final TrendingBaseline trending;
  private final LifecycleEvents events;
  private final TransactionTemplate transactions;
  private final CardValidator validator;
  private final CharacterProperties properties;
  private final Clock clock;

  public CharacterService(
      CharacterRepository characters,
      TrendingBaseline trending,
      LifecycleEvents events,
      TransactionTemplate transactions,
      CharacterProperties properties,
      Clock clock) {
    this.characters = characters;
    this.trending = trending;
    this.events = events;
    this.transactions = transactions;
    this.validator = new CardValidator(properties.limits());
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * A request body: card fields plus an optional {@code visibility} and {@code content_rating}
   * (null: private / general on create, unchanged on update).
   */
  public record Draft(CharacterCard card, Visibility visibility, ContentRating contentRating) {

    public Draft(CharacterCard card, Visibility visibility) {
      this(card, visibility, null);
    }
  }

  /** Parses and validates a create/update body; ids, owner and review fields are ignored. */
  public Draft parseDraft(byte[] body) {
    ObjectNode node = CardJson.parseObject(body);
    CharacterCard card = validator.validate(CardReader.readRequestFields(node));
    JsonNode visibility = node.get("visibility");
    JsonNode rating = node.get("content_rating");
    return new Draft(
        card,
        visibility == null || visibility.isNull()
            ? null
            : Visibility.parse(visibility.isString() ? visibility.stringValue() : ""),
        rating == null || rating.isNull()
            ? null
            : ContentRating.parse(rating.isString() ? rating.stringValue() : ""));
  }

  public CharacterCard validate(CharacterCard card) {
    return validator.validate(card);
  }

  public CharacterView create(PlatformPrincipal principal, Draft draft) {
    return create(principal, draft, null);
  }

  /**
   * What another feature adds to a character it creates, in the same transaction, after the row is
   * written and before it is read back and announced (an imported card's avatar).
   */
  @FunctionalInterface
  public interface OnCreate {
    void created(UUID id, Instant now);
  }

  /** Creates version 1; {@code onCreate} may be null. */
  public CharacterView create(PlatformPrincipal principal, Draft draft, OnCreate onCreate) {
    Visibility visibility = draft.visibility() == null ? Visibility.PRIVATE : draft.visibility();
    ContentRating rating =
        draft.contentRating() == null ? ContentRating.GENERAL : draft.contentRating();
    checkMayUse(principal, visibility);
    checkMayRate(principal, rating);
    ReviewStatus review =
        visibility == Visibility.PUBLIC ? ReviewStatus.PENDING : ReviewStatus.NONE;
    String cardJson = CardWriter.stored(draft.card());
    UUID id = UUID.randomUUID();
    return transactions.execute(
        status -> {
          Instant now = now();
          characters.insert(
              id,
              principal.userId(),
              principal.product(),
              visibility,
              review,
              rating,
              draft.card(),
              cardJson,
              trending.noSignals(),
              now);
          if (onCreate != null) {
            onCreate.created(id, now);
          }
          CharacterRow row = characters.find(id).orElseThrow();
          events.append(LifecycleEvents.CREATED, row, principal);
          if (review == ReviewStatus.PENDING) {
            events.appendReviewRequest(row, 1, draft.card(), principal);
          }
          return CharacterView.of(row, 1, draft.card(), now);
        });
  }

  /**
   * Writes a new version. An edit of a public character goes back to review: what was approved is
   * no longer what would be shown.
   *
   * @param expectedVersion from {@code If-Match}; null to skip the check
   */
  public CharacterView update(
      PlatformPrincipal principal, UUID id, Draft draft, Integer expectedVersion) {
    if (draft.contentRating() != null) {
      checkMayRate(principal, draft.contentRating());
    }
    String cardJson = CardWriter.stored(draft.card());
    return transactions.execute(
        status -> {
          CharacterRow before =
              CharacterAccess.requireOwner(
                  characters.lock(id).orElseThrow(CharacterAccess::notFound), principal);
          if (expectedVersion != null && expectedVersion != before.latestVersion()) {
            throw PlatformProblem.of(
                    HttpStatus.PRECONDITION_FAILED,
                    VERSION_MISMATCH,
                    "the latest version is " + before.latestVersion())
                .with("version", before.latestVersion());
          }
          Instant now = now();
          int version = characters.addVersion(id, draft.card(), cardJson, principal.userId(), now);
          Visibility target = draft.visibility() == null ? before.visibility() : draft.visibility();
          ReviewStatus review = before.reviewStatus();
          if (target == Visibility.PUBLIC) {
            checkMayUse(principal, target);
            review = ReviewStatus.PENDING;
          } else if (target != before.visibility()) {
            review = ReviewStatus.NONE;
          }
          characters.setVisibility(id, target, review, now);
          if (draft.contentRating() != null) {
            characters.setContentRating(id, draft.contentRating());
          }
          CharacterRow after = characters.find(id).orElseThrow();
          events.append(LifecycleEvents.UPDATED, after, principal);
          if (review == ReviewStatus.PENDING) {
            events.appendReviewRequest(after, version, draft.card(), principal);
          }
          if (before.isDiscoverable() && !after.isDiscoverable()) {
            events.append(LifecycleEvents.UNPUBLISHED, after, principal);
          }
          return CharacterView.of(after, version, draft.card(), now);
        });
  }

  /**
   * Sets the visibility. Going public needs a moderator's approval, unless the latest version was
   * approved before (made private and public again without an edit).
   */
  public CharacterView changeVisibility(
      PlatformPrincipal principal, UUID id, Visibility visibility) {
    checkMayUse(principal, visibility);
    return transactions.execute(
        status -> {
          CharacterRow before =
              CharacterAccess.requireOwner(
                  characters.lock(id).orElseThrow(CharacterAccess::notFound), principal);
          if (before.visibility() == visibility) {
            return view(before, before.latestVersion());
          }
          ReviewStatus review;
          if (visibility != Visibility.PUBLIC) {
            review = ReviewStatus.NONE;
          } else if (Integer.valueOf(before.latestVersion()).equals(before.approvedVersion())) {
            review = ReviewStatus.APPROVED;
          } else {
            review = ReviewStatus.PENDING;
          }
          characters.setVisibility(id, visibility, review, now());
          CharacterRow after = characters.find(id).orElseThrow();
          events.append(LifecycleEvents.UPDATED, after, principal);
          if (review == ReviewStatus.PENDING) {
            events.appendReviewRequest(
                after, after.latestVersion(), card(id, after.latestVersion()).card(), principal);
          }
          if (after.isDiscoverable()) {
            events.append(LifecycleEvents.PUBLISHED, after, principal);
          } else if (before.isDiscoverable()) {
            events.append(LifecycleEvents.UNPUBLISHED, after, principal);
          }
          return view(after, after.latestVersion());
        });
  }

  public void delete(PlatformPrincipal principal, UUID id) {
    transactions.executeWithoutResult(
        status -> {
          CharacterRow row =
              CharacterAccess.requireOwner(
                  characters.lock(id).orElseThrow(CharacterAccess::notFound), principal);
          characters.delete(id);
          events.append(LifecycleEvents.DELETED, row, principal);
        });
  }

  public CharacterView get(PlatformPrincipal principal, UUID id) {
    CharacterRow row = readable(principal, id);
    return view(row, row.latestVersion());
  }

  public CharacterView getVersion(PlatformPrincipal principal, UUID id, int version) {
    return view(readable(principal, id), version);
  }

  /**
   * The owner's view of a character's history: every version's number and time, oldest first,
   * without the cards (each is {@code GET /v1/characters/{id}/versions/{version}}). Owner only:
   * readers may open a version they were pointed at, but the history of edits is the creator's.
   */
  public Page<CharacterVersionEntry> listVersions(
      PlatformPrincipal principal, UUID id, String cursor, int limit) {
    CharacterAccess.requireOwner(
        characters.find(id).orElseThrow(CharacterAccess::notFound), principal);
    int afterVersion = afterVersion(PageCursor.decode(cursor, "versions", 2), id);
    return Page.read(
        limit,
        n -> characters.listVersions(id, afterVersion, n),
        row -> PageCursor.of("versions", row.version(), id),
        row -> new CharacterVersionEntry(row.version(), row.createdAt()));
  }

  private static int afterVersion(PageCursor after, UUID id) {
    if (after == null) {
      return 0;
    }
    long value = after.number(0);
    // a cursor names the character it pages through; another character's is another list
    if (!after.uuid(1).equals(id) || value > Integer.MAX_VALUE) {
      throw PlatformProblem.badRequest("the cursor belongs to another list or sort order");
    }
    return (int) value;
  }

  /** The row if the caller may read it; 404 otherwise. */
  public CharacterRow readable(PlatformPrincipal principal, UUID id) {
    return CharacterAccess.requireReadable(
        characters.find(id).orElseThrow(CharacterAccess::notFound), principal);
  }

  /** The card of a version, and when it was written. */
  public record StoredVersion(CharacterCard card, Instant createdAt) {}

  public StoredVersion card(UUID id, int version) {
    CharacterRepository.VersionRow row =
        characters
            .findVersion(id, version)
            .orElseThrow(() -> PlatformProblem.notFound("no such version"));
    return new StoredVersion(CardReader.readStored(row.card()), row.createdAt());
  }

  private CharacterView view(CharacterRow row, int version) {
    StoredVersion stored = card(row.id(), version);
    return CharacterView.of(row, version, stored.card(), stored.createdAt());
  }

  public Page<CharacterSummary> listMine(PlatformPrincipal principal, String cursor, int limit) {
    PageCursor after = PageCursor.decode(cursor, "mine", 2);
    return Page.read(
        limit,
        n ->
            characters.listByOwner(
                principal.userId(),
                principal.product(),
                after == null ? null : after.instant(0),
                after == null ? null : after.uuid(1),
                n),
        row -> PageCursor.of("mine", row.updatedAt(), row.id()),
        CharacterSummary::of);
  }

  /** Minors may keep characters private or unlisted, but not publish them to everyone. */
  private static void checkMayUse(PlatformPrincipal principal, Visibility visibility) {
    if (visibility == Visibility.PUBLIC && principal.isMinor()) {
      throw PlatformProblem.of(
          HttpStatus.FORBIDDEN,
          MINOR_CANNOT_PUBLISH,
          "accounts of minors cannot make characters public");
    }
  }

  /** Mature characters are for adults; a minor's account cannot make one. */
  private static void checkMayRate(PlatformPrincipal principal, ContentRating rating) {
    if (rating == ContentRating.MATURE && principal.isMinor()) {
      throw PlatformProblem.of(
          HttpStatus.FORBIDDEN,
          MINOR_CANNOT_RATE_MATURE,
          "accounts of minors cannot make mature characters");
    }
  }

  public int pageSize(Integer limit) {
    if (limit == null) {
      return properties.defaultPageSize();
    }
    if (limit < 1 || limit > properties.maxPageSize()) {
      throw PlatformProblem.badRequest("limit must be between 1 and " + properties.maxPageSize())
          .with("field", "limit");
    }
    return limit;
  }

  /** Now, at the microsecond precision PostgreSQL keeps, so answers match later reads. */
  public Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
