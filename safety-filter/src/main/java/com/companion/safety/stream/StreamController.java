package com.companion.safety.stream;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Streaming moderation over HTTP:
 *
 * <ul>
 *   <li>{@code POST /v1/moderations/streams} opens a stream under the caller's policy;
 *   <li>{@code POST /v1/moderations/streams/{id}/chunks} {@code {"text"}} pushes a chunk and
 *       answers the text released by it and the verdict so far;
 *   <li>{@code POST /v1/moderations/streams/{id}/close} ends it, releasing what was held back;
 *   <li>{@code DELETE /v1/moderations/streams/{id}} drops it (generation cancelled).
 * </ul>
 */
@RestController
public class StreamController {

  /** Body of a chunk push. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Chunk(String text) {}

  static final int MAX_CHUNK_CHARS = 8_000;

  private final StreamSessions sessions;

  public StreamController(StreamSessions sessions) {
    this.sessions = sessions;
  }

  @PostMapping("/v1/moderations/streams")
  @ResponseStatus(HttpStatus.CREATED)
  public Mono<StreamSessions.Opened> open(PlatformPrincipal caller) {
    return sessions.open(caller);
  }

  @PostMapping("/v1/moderations/streams/{id}/chunks")
  public Mono<StreamVerdict> push(
      @PathVariable String id, @RequestBody Chunk chunk, PlatformPrincipal caller) {
    if (chunk == null || chunk.text() == null) {
      throw PlatformProblem.badRequest("text is required").with("field", "text");
    }
    if (chunk.text().length() > MAX_CHUNK_CHARS) {
      throw PlatformProblem.badRequest("a chunk is at most " + MAX_CHUNK_CHARS + " chars")
          .with("field", "text");
    }
    return sessions.push(id, caller, chunk.text());
  }

  @PostMapping("/v1/moderations/streams/{id}/close")
  public Mono<StreamVerdict> close(@PathVariable String id, PlatformPrincipal caller) {
    return sessions.close(id, caller);
  }

  @DeleteMapping("/v1/moderations/streams/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public Mono<Void> discard(@PathVariable String id, PlatformPrincipal caller) {
    return sessions.discard(id, caller);
  }
}
