package com.companion.chat.catalog.internal;

import com.companion.chat.Caller;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.CharacterCatalog;
import com.companion.chat.catalog.Persona;
import com.companion.chat.internal.Downstream;
import com.companion.chat.internal.RedisCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link CharacterCatalog} over character-service's HTTP API. */
public final class HttpCharacterCatalog implements CharacterCatalog {

  private static final Logger log = LoggerFactory.getLogger(HttpCharacterCatalog.class);

  private final WebClient http;
  private final JsonMapper json;
  private final Duration timeout;
  private final RedisCache cache;
  private final Duration cacheTtl;
  private final Cache<String, Parsed> versions;

  /** A parsed version, weighed by the length of the JSON it came from. */
  private record Parsed(CharacterCard card, int chars) {}

  public HttpCharacterCatalog(
      WebClient http,
      JsonMapper json,
      Duration timeout,
      RedisCache cache,
      Duration cacheTtl,
      long memoryChars) {
    this.http = http;
    this.json = json;
    this.timeout = timeout;
    this.cache = cache;
    this.cacheTtl = cacheTtl;
    this.versions =
        Caffeine.newBuilder()
            .maximumWeight(memoryChars)
            .weigher((String key, Parsed parsed) -> parsed.chars())
            .expireAfterWrite(cacheTtl)
            .build();
  }

  @Override
  public Mono<CharacterCard> latest(String characterId, Caller caller) {
    return get("/v1/characters/{id}", caller, CardJson::card, characterId);
  }

  /**
   * A version never changes, so it is cached for everyone: parsed in this process, which every turn
   * of a conversation asks, then as JSON in Redis, which all replicas share. Only conversations the
   * caller started (after character-service let them read the character) ask for a pinned version.
   */
  @Override
  public Mono<CharacterCard> version(String characterId, int version, Caller caller) {
    String key = "chat:character:" + characterId + ":" + version;
    Parsed known = versions.getIfPresent(key);
    if (known != null) {
      return Mono.just(known.card());
    }
    return cache
        .get(key)
        .switchIfEmpty(
            Mono.defer(
                () ->
                    fetch("/v1/characters/{id}/versions/{version}", caller, characterId, version)
                        .flatMap(body -> cache.put(key, body, cacheTtl).thenReturn(body))))
        .map(
            body -> {
              Parsed parsed = new Parsed(CardJson.card(json.readTree(body)), body.length());
              versions.put(key, parsed);
              return parsed.card();
            });
  }

  @Override
  public Mono<Void> chatStarted(String characterId, Caller caller) {
    return http.post()
        .uri("/v1/characters/{id}/chats", characterId)
        .headers(headers -> Downstream.forward(headers, caller))
        .retrieve()
        .toBodilessEntity()
        .timeout(timeout)
        .then()
        .onErrorResume(
            e -> {
              log.warn(
                  "chat-start signal for character {} not delivered: {}",
                  characterId,
                  e.toString());
              return Mono.empty();
            });
  }

  @Override
  public Mono<Persona> persona(String personaId, Caller caller) {
    return get("/v1/personas/{id}", caller, CardJson::persona, personaId);
  }

  private <T> Mono<T> get(
      String path, Caller caller, Function<JsonNode, T> reader, Object... variables) {
    return fetch(path, caller, variables).map(body -> reader.apply(json.readTree(body)));
  }

  private Mono<String> fetch(String path, Caller caller, Object... variables) {
    return http.get()
        .uri(path, variables)
        .headers(headers -> Downstream.forward(headers, caller))
        .retrieve()
        .bodyToMono(String.class)
        .timeout(timeout)
        // a character the caller may not see answers 404, like one that does not exist
        .onErrorResume(
            WebClientResponseException.class,
            e ->
                e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()
                        || e.getStatusCode().value() == HttpStatus.FORBIDDEN.value()
                    ? Mono.empty()
                    : Mono.error(Downstream.unavailable("character-service", e)))
        .onErrorMap(
            e -> !(e instanceof org.springframework.web.ErrorResponseException),
            e -> Downstream.unavailable("character-service", e));
  }
}
