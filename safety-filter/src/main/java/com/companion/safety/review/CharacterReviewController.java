package com.companion.safety.review;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.problem.PlatformProblem;
import com.companion.safety.moderation.ModerationResponse;
import com.companion.safety.moderation.ModerationService;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/v1/character-reviews} (inside the cluster, not routed by the edge):
 * character-service submits a character that asks to become public, with the creator's token. The
 * card text is scored and the character enters the moderation queue as a {@code character_review}
 * item; the moderator's {@code approve_character} / {@code reject_character} comes back to
 * character-service as a {@code safety.decision} event keyed by the character id.
 */
@RestController
public class CharacterReviewController {

  /** The card fields worth reading; all optional but the id. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CharacterReviewRequest(
      String characterId,
      Integer version,
      String creatorId,
      String name,
      String description,
      String personality,
      String scenario,
      String firstMes,
      String mesExample,
      String systemPrompt,
      List<String> tags) {}

  /** The queue item and the automatic pre-screen. */
  public record CharacterReviewAccepted(
      String itemId, String action, List<String> categories, String characterId) {}

  private final ModerationService moderation;
  private final ModerationWorkflow workflow;

  public CharacterReviewController(ModerationService moderation, ModerationWorkflow workflow) {
    this.moderation = moderation;
    this.workflow = workflow;
  }

  @PostMapping("/internal/v1/character-reviews")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Mono<CharacterReviewAccepted> submit(
      @RequestBody CharacterReviewRequest body, PlatformPrincipal caller) {
    if (body == null || body.characterId() == null || body.characterId().isBlank()) {
      throw PlatformProblem.badRequest("character_id is required").with("field", "character_id");
    }
    String card =
        String.join(
            "\n",
            new ArrayList<>(
                java.util.stream.Stream.of(
                        body.name(),
                        body.description(),
                        body.personality(),
                        body.scenario(),
                        body.firstMes(),
                        body.mesExample(),
                        body.systemPrompt(),
                        body.tags() == null ? null : String.join(" ", body.tags()))
                    .filter(Objects::nonNull)
                    .toList()));
    if (card.length() > 64_000) {
      throw PlatformProblem.badRequest("card text too long");
    }
    // the creator is the caller, unless a trusted caller submits on someone's behalf
    String creator =
        caller.hasRole(Role.ADMIN) && body.creatorId() != null ? body.creatorId() : caller.userId();
    ModerationResponse screened =
        card.isBlank() ? null : moderation.moderate(List.of(card), caller);
    TreeSet<String> categories = new TreeSet<>();
    if (screened != null) {
      screened.results().forEach(r -> categories.addAll(r.triggeredCategories()));
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("character_id", body.characterId());
    if (body.version() != null) {
      context.put("version", body.version());
    }
    if (body.name() != null) {
      context.put("name", body.name());
    }
    if (screened != null) {
      context.put("pre_screen_action", screened.action().wireName());
    }
    String action = screened == null ? "allow" : screened.action().wireName();
    return ReviewController.blocking(
        () -> {
          var id =
              workflow.enqueue(
                  new NewQueueItem(
                      "character",
                      body.characterId(),
                      caller.product(),
                      creator,
                      false,
                      "character_review",
                      List.copyOf(categories),
                      card,
                      context),
                  caller.userId());
          return new CharacterReviewAccepted(
              id.toString(), action, List.copyOf(categories), body.characterId());
        });
  }
}
