package com.companion.chat.catalog;

import com.companion.chat.Caller;
import com.companion.chat.catalog.internal.HttpCharacterCatalog;
import com.companion.chat.internal.RedisCache;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Characters and personas as character-service serves them. Every call carries the end user's
 * credentials, so character-service applies its own access rules; a character the user may not see
 * is simply not found.
 */
public interface CharacterCatalog {

  /**
   * character-service over HTTP, with pinned versions cached for {@code cacheTtl} in Redis and, up
   * to {@code memoryChars} characters of card text, parsed in this process.
   */
  static CharacterCatalog overHttp(
      WebClient http,
      JsonMapper json,
      Duration timeout,
      RedisCache cache,
      Duration cacheTtl,
      long memoryChars) {
    return new HttpCharacterCatalog(http, json, timeout, cache, cacheTtl, memoryChars);
  }

  /** The latest version; empty when it does not exist or the caller may not see it. */
  Mono<CharacterCard> latest(String characterId, Caller caller);

  /** One pinned version; empty when it does not exist or the caller may not see it. */
  Mono<CharacterCard> version(String characterId, int version, Caller caller);

  /**
   * Tells character-service that the caller started a conversation with a character: its trending
   * score counts chat starts. A lost signal only makes trending a little less fresh, so this never
   * fails the caller's request.
   */
  Mono<Void> chatStarted(String characterId, Caller caller);

  /** One of the caller's own personas; empty when it is not theirs. */
  Mono<Persona> persona(String personaId, Caller caller);
}
