package com.companion.safety.review;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.platform.web.PlatformProblem;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/v1/character-reviews} (inside the cluster, not routed by the edge): a
 * character submitted for review by a platform service ({@code X-Service-Key}, see {@link
 * com.companion.safety.config.InternalCallerFilter}) with the creator's token beside it. The main
 * path is the {@code character.review_requested} event ({@link CharacterReviewIntake}); this
 * endpoint stays for tools and back-fills. The card text is scored and the character enters the
 * moderation queue as a {@code character_review} item; the moderator's {@code approve_character} /
 * {@code reject_character} comes back to character-service as a {@code safety.decision} event keyed
 * by the character id.
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

  private final CharacterReviews reviews;

  public CharacterReviewController(CharacterReviews reviews) {
    this.reviews = reviews;
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
            Stream.of(
                    body.name(),
                    body.description(),
                    body.personality(),
                    body.scenario(),
                    body.firstMes(),
                    body.mesExample(),
                    body.systemPrompt(),
                    body.tags() == null ? null : String.join(" ", body.tags()))
                .filter(Objects::nonNull)
                .toList());
    if (card.length() > CharacterReviews.MAX_TEXT_CHARS) {
      throw PlatformProblem.badRequest("card text too long");
    }
    // the creator is the caller, unless an admin's tool submits on someone's behalf
    String creator =
        caller.hasRole(Role.ADMIN) && body.creatorId() != null ? body.creatorId() : caller.userId();
    CharacterReviews.Screen screen = reviews.screen(card, caller);
    return ReviewController.blocking(
        () -> {
          var id =
              reviews.enqueue(
                  new CharacterReviews.Submission(
                      body.characterId(),
                      body.version(),
                      body.name(),
                      card,
                      caller.product(),
                      creator,
                      Map.of()),
                  screen,
                  caller.userId());
          return new CharacterReviewAccepted(
              id.toString(), screen.action(), screen.categories(), body.characterId());
        });
  }
}
