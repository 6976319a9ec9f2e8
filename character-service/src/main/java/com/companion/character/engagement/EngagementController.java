package com.companion.character.engagement;

import com.companion.character.character.CharacterService;
import com.companion.character.web.Ids;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Likes, the chat-start signal and creator stats. */
@RestController
public class EngagementController {

  private final EngagementService service;
  private final CharacterService characters;

  public EngagementController(EngagementService service, CharacterService characters) {
    this.service = service;
    this.characters = characters;
  }

  /** The caller's own likes in their product, newest first. */
  @GetMapping("/v1/me/likes")
  public Mono<Page<EngagementService.Liked>> myLikes(
      PlatformPrincipal principal,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    int size = characters.pageSize(limit);
    return Blocking.call(() -> service.listLiked(principal, cursor, size));
  }

  @PutMapping("/v1/characters/{id}/like")
  public Mono<EngagementService.LikeState> like(
      PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.call(() -> service.like(principal, Ids.parse(id)));
  }

  @DeleteMapping("/v1/characters/{id}/like")
  public Mono<EngagementService.LikeState> unlike(
      PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.call(() -> service.unlike(principal, Ids.parse(id)));
  }

  @GetMapping("/v1/characters/{id}/like")
  public Mono<EngagementService.LikeState> likeState(
      PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.call(() -> service.likeState(principal, Ids.parse(id)));
  }

  /** Called by chat-service, with the user's token, when a conversation starts. */
  @PostMapping("/v1/characters/{id}/chats")
  public Mono<ResponseEntity<Void>> chatStarted(
      PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.run(() -> service.recordChat(principal, Ids.parse(id)))
        .thenReturn(ResponseEntity.noContent().build());
  }

  @GetMapping("/v1/characters/{id}/stats")
  public Mono<EngagementService.Stats> stats(PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.call(() -> service.stats(principal, Ids.parse(id)));
  }
}
