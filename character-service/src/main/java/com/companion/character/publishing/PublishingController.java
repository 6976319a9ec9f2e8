package com.companion.character.publishing;

import com.companion.character.character.CharacterService;
import com.companion.character.character.CharacterSummary;
import com.companion.character.character.CharacterView;
import com.companion.character.character.Visibility;
import com.companion.character.web.Ids;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Visibility changes by owners, review decisions by moderators. */
@RestController
public class PublishingController {

  private final CharacterService characters;
  private final PublishingService publishing;

  public PublishingController(CharacterService characters, PublishingService publishing) {
    this.characters = characters;
    this.publishing = publishing;
  }

  public record VisibilityRequest(String visibility) {}

  public record ReviewRequest(String decision, String reason) {}

  /** Moderators: public characters waiting for review, oldest first. */
  @GetMapping("/v1/characters/review-queue")
  public Mono<Page<CharacterSummary>> queue(
      PlatformPrincipal principal,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    int size = characters.pageSize(limit);
    return Blocking.call(() -> publishing.queue(principal, cursor, size));
  }

  @PostMapping("/v1/characters/{id}/visibility")
  public Mono<CharacterView> visibility(
      PlatformPrincipal principal, @PathVariable String id, @RequestBody VisibilityRequest body) {
    Visibility visibility = Visibility.parse(body.visibility());
    return Blocking.call(() -> characters.changeVisibility(principal, Ids.parse(id), visibility));
  }

  @PostMapping("/v1/characters/{id}/review")
  public Mono<CharacterView> review(
      PlatformPrincipal principal, @PathVariable String id, @RequestBody ReviewRequest body) {
    PublishingService.Decision decision = PublishingService.Decision.parse(body.decision());
    return Blocking.call(
        () -> publishing.review(principal, Ids.parse(id), decision, body.reason()));
  }
}
