package com.companion.character.character;

import com.companion.character.card.BookEntry;
import com.companion.character.card.CharacterCard;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.events.CharacterLifecycle;
import com.companion.contracts.events.CharacterReviewRequested;
import com.companion.contracts.events.Topics;
import com.companion.platform.outbox.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Appends {@code character.lifecycle} events to the outbox. Call inside the transaction of the
 * change: the event commits with it or not at all.
 */
@Component
public class LifecycleEvents {

  public static final String CREATED = "created";
  public static final String UPDATED = "updated";
  public static final String PUBLISHED = "published";
  public static final String UNPUBLISHED = "unpublished";
  public static final String REJECTED = "rejected";
  public static final String DELETED = "deleted";
  public static final String LIKED = "liked";
  public static final String UNLIKED = "unliked";

  private final Outbox outbox;

  public LifecycleEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  /** Records one change; the row is the state after it (before it, for a delete). */
  public void append(
      String action,
      CharacterRow row,
      int version,
      Visibility visibility,
      ReviewStatus reviewStatus,
      String name,
      PlatformPrincipal actor) {
    String id = row.id().toString();
    outbox.append(
        Topics.CHARACTER_LIFECYCLE,
        id,
        CharacterLifecycle.type(action),
        "characters/" + id,
        actor.product(),
        actor.userId(),
        new CharacterLifecycle(
            CharacterLifecycle.SCHEMA_VERSION,
            id,
            version,
            action,
            visibility.value(),
            reviewStatus.value(),
            name));
  }

  /**
   * A character deleted because its owner's account was: no principal made the change, so the event
   * names the product and the (pseudonymised) owner directly.
   */
  public void appendDeletedWithAccount(
      UUID characterId,
      String product,
      String ownerId,
      int version,
      String visibility,
      String reviewStatus,
      String name) {
    String id = characterId.toString();
    outbox.append(
        Topics.CHARACTER_LIFECYCLE,
        id,
        CharacterLifecycle.type(DELETED),
        "characters/" + id,
        product,
        ownerId,
        new CharacterLifecycle(
            CharacterLifecycle.SCHEMA_VERSION,
            id,
            version,
            DELETED,
            visibility,
            reviewStatus,
            name));
  }

  public void append(String action, CharacterRow row, PlatformPrincipal actor) {
    append(
        action, row, row.latestVersion(), row.visibility(), row.reviewStatus(), row.name(), actor);
  }

  /**
   * Hands a character that just entered review to the moderation queue (safety-filter consumes
   * {@code character.review_requested} from the same topic). It carries the card text, so the queue
   * can pre-screen and show it without calling back; written in the transaction that set {@code
   * pending}, so a review request is never lost or sent for a change that rolled back.
   */
  public void appendReviewRequest(
      CharacterRow row, int version, CharacterCard card, PlatformPrincipal actor) {
    String id = row.id().toString();
    ReviewText text = ReviewText.of(card);
    outbox.append(
        Topics.CHARACTER_LIFECYCLE,
        id,
        CharacterReviewRequested.TYPE,
        "characters/" + id,
        actor.product(),
        actor.userId(),
        new CharacterReviewRequested(
            CharacterReviewRequested.SCHEMA_VERSION,
            id,
            version,
            card.name(),
            text.text(),
            card.tags(),
            text.truncated()));
  }

  /** The card's reviewable text: labelled sections, bounded for one Kafka message. */
  record ReviewText(String text, boolean truncated) {

    static ReviewText of(CharacterCard card) {
      StringBuilder out = new StringBuilder();
      section(out, "name", card.name());
      section(out, "nickname", card.nickname());
      section(out, "description", card.description());
      section(out, "personality", card.personality());
      section(out, "scenario", card.scenario());
      section(out, "first_mes", card.firstMes());
      section(out, "mes_example", card.mesExample());
      section(out, "system_prompt", card.systemPrompt());
      section(out, "post_history_instructions", card.postHistoryInstructions());
      section(out, "creator_notes", card.creatorNotes());
      card.alternateGreetings().forEach(g -> section(out, "alternate_greeting", g));
      card.groupOnlyGreetings().forEach(g -> section(out, "group_only_greeting", g));
      if (card.characterBook() != null) {
        List<String> entries = new ArrayList<>();
        for (BookEntry e : card.characterBook().entries()) {
          entries.add(e.content());
        }
        entries.forEach(c -> section(out, "lorebook_entry", c));
      }
      int max = CharacterReviewRequested.MAX_TEXT_CHARS;
      if (out.length() <= max) {
        return new ReviewText(out.toString(), false);
      }
      // never split a surrogate pair: the consumer must get valid text
      int end = Character.isLowSurrogate(out.charAt(max)) ? max - 1 : max;
      return new ReviewText(out.substring(0, end), true);
    }

    private static void section(StringBuilder out, String label, String value) {
      if (value == null || value.isBlank()) {
        return;
      }
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(label).append(": ").append(value);
    }
  }
}
