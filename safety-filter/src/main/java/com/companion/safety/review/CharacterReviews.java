package com.companion.safety.review;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.safety.screening.ModerationResponse;
import com.companion.safety.screening.ModerationService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Character publication reviews: the card text is pre-screened by the moderation pipeline and the
 * character enters the moderation queue as a {@code character_review} item with the scores, so the
 * moderator sees why it may need a closer look. Fed by {@code character.review_requested} events
 * ({@link CharacterReviewIntake}, the main path) and by {@code POST
 * /internal/v1/character-reviews}. Blocking (JDBC).
 */
@Service
public class CharacterReviews {

  /** Longest card text screened and stored with the item. */
  public static final int MAX_TEXT_CHARS = 64_000;

  /** The automatic pre-screen of a card. */
  public record Screen(String action, List<String> categories, Map<String, Double> scores) {

    static final Screen NOTHING = new Screen("allow", List.of(), Map.of());
  }

  /** A character to review; {@code version}, {@code name} may be null. */
  public record Submission(
      String characterId,
      Integer version,
      String name,
      String text,
      String product,
      String creator,
      Map<String, Object> context) {}

  private final ModerationService moderation;
  private final ModerationWorkflow workflow;

  public CharacterReviews(ModerationService moderation, ModerationWorkflow workflow) {
    this.moderation = moderation;
    this.workflow = workflow;
  }

  /** Scores the card text under {@code policyOf}'s product and age group policy. */
  public Screen screen(String text, PlatformPrincipal policyOf) {
    if (text == null || text.isBlank()) {
      return Screen.NOTHING;
    }
    ModerationResponse screened = moderation.moderate(List.of(text), policyOf);
    TreeSet<String> categories = new TreeSet<>();
    Map<String, Double> scores = new TreeMap<>();
    for (ModerationResponse.Result r : screened.results()) {
      categories.addAll(r.triggeredCategories());
      // only what scored at all: the moderator reads these, 14 zeros help nobody
      r.categoryScores()
          .forEach(
              (category, score) -> {
                if (score != null && score >= 0.01) {
                  scores.merge(category, Math.round(score * 1000) / 1000.0, Math::max);
                }
              });
    }
    return new Screen(screened.action().wireName(), List.copyOf(categories), scores);
  }

  /** Enqueues (or refreshes the open item of) the character; returns the item id. */
  public UUID enqueue(Submission s, Screen screen, String actor) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("character_id", s.characterId());
    if (s.version() != null) {
      context.put("version", s.version());
    }
    if (s.name() != null) {
      context.put("name", s.name());
    }
    context.putAll(s.context());
    context.put("pre_screen_action", screen.action());
    context.put("pre_screen_scores", screen.scores());
    return workflow.enqueue(
        new NewQueueItem(
            "character",
            s.characterId(),
            s.product(),
            s.creator(),
            false,
            "character_review",
            screen.categories(),
            s.text(),
            context),
        actor);
  }
}
