package com.companion.chat.memory;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Page;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Pinned memories of a conversation. */
@RestController
public class MemoryController {

  private final MemoryService memories;

  public MemoryController(MemoryService memories) {
    this.memories = memories;
  }

  @GetMapping("/v1/conversations/{id}/memories")
  public Mono<Page<PinnedMemory>> list(@PathVariable UUID id, PlatformPrincipal principal) {
    return memories.list(id, principal).map(items -> Page.whole(items));
  }

  @PostMapping("/v1/conversations/{id}/memories")
  public Mono<ResponseEntity<PinnedMemory>> pin(
      @PathVariable UUID id,
      @RequestBody MemoryService.PinRequest body,
      PlatformPrincipal principal) {
    return memories
        .pin(id, principal, body)
        .map(memory -> ResponseEntity.status(HttpStatus.CREATED).body(memory));
  }

  @DeleteMapping("/v1/conversations/{id}/memories/{memoryId}")
  public Mono<ResponseEntity<Void>> unpin(
      @PathVariable UUID id, @PathVariable UUID memoryId, PlatformPrincipal principal) {
    return memories.unpin(id, principal, memoryId).thenReturn(ResponseEntity.noContent().build());
  }
}
