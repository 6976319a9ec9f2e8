package com.companion.chat.conversation;

import com.companion.chat.web.Callers;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Page;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The user's conversations. Only the owner ever sees one; anyone else gets 404. */
@RestController
public class ConversationController {

  private final ConversationService conversations;

  public ConversationController(ConversationService conversations) {
    this.conversations = conversations;
  }

  /** Body of a start: one character, or several for a group, and optionally a persona. */
  public record StartBody(String characterId, List<String> characterIds, String personaId) {}

  public record RenameBody(String title) {}

  public record MessageRef(UUID messageId) {}

  public record SelectBody(Integer alternative) {}

  @PostMapping("/v1/conversations")
  public Mono<ResponseEntity<StartedConversation>> start(
      @RequestBody StartBody body, PlatformPrincipal principal, ServerWebExchange exchange) {
    return conversations
        .start(
            new ConversationService.StartRequest(
                body.characterId(), body.characterIds(), body.personaId()),
            Callers.of(principal, exchange))
        .map(started -> ResponseEntity.status(HttpStatus.CREATED).body(started));
  }

  @GetMapping("/v1/conversations")
  public Mono<Page<ConversationView>> list(
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit,
      PlatformPrincipal principal) {
    return conversations.list(principal, cursor, limit);
  }

  @GetMapping("/v1/conversations/{id}")
  public Mono<ConversationDetail> get(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      PlatformPrincipal principal) {
    return conversations.get(id, principal, limit);
  }

  @PatchMapping("/v1/conversations/{id}")
  public Mono<ConversationView> rename(
      @PathVariable UUID id, @RequestBody RenameBody body, PlatformPrincipal principal) {
    return conversations.rename(id, principal, body.title());
  }

  @DeleteMapping("/v1/conversations/{id}")
  public Mono<ResponseEntity<Void>> delete(@PathVariable UUID id, PlatformPrincipal principal) {
    return conversations.delete(id, principal).thenReturn(ResponseEntity.noContent().build());
  }

  @GetMapping("/v1/conversations/{id}/messages")
  public Mono<Page<MessageView>> messages(
      @PathVariable UUID id,
      @RequestParam(required = false) UUID before,
      @RequestParam(required = false) Integer limit,
      PlatformPrincipal principal) {
    return conversations.messages(id, principal, before, limit);
  }

  @PostMapping("/v1/conversations/{id}/messages/{messageId}/select")
  public Mono<MessageView> select(
      @PathVariable UUID id,
      @PathVariable UUID messageId,
      @RequestBody SelectBody body,
      PlatformPrincipal principal) {
    return conversations.select(id, principal, messageId, body.alternative());
  }

  @PostMapping("/v1/conversations/{id}/rewind")
  public Mono<Page<MessageView>> rewind(
      @PathVariable UUID id, @RequestBody MessageRef body, PlatformPrincipal principal) {
    return conversations.rewind(id, principal, body.messageId());
  }

  @PostMapping("/v1/conversations/{id}/fork")
  public Mono<ResponseEntity<ConversationView>> fork(
      @PathVariable UUID id, @RequestBody MessageRef body, PlatformPrincipal principal) {
    return conversations
        .fork(id, principal, body.messageId())
        .map(view -> ResponseEntity.status(HttpStatus.CREATED).body(view));
  }
}
