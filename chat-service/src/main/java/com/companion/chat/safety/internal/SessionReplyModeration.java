package com.companion.chat.safety.internal;

import com.companion.chat.Caller;
import com.companion.chat.internal.Downstream;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.ReplyModeration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One reply moderated by a safety-filter streaming session ({@code /v1/moderations/streams}):
 * safety-filter decides what is released, holding back only what a later chunk could still turn
 * into a blocked term. The session is opened with the first chunk. A safety-filter without
 * streaming sessions (404 on open) is served by {@code fallback} instead.
 */
final class SessionReplyModeration implements ReplyModeration {

  private final WebClient http;
  private final JsonMapper json;
  private final Caller caller;
  private final Duration timeout;
  private final ReplyModeration fallback;
  private final Mono<String> session;

  SessionReplyModeration(
      WebClient http, JsonMapper json, Caller caller, Duration timeout, ReplyModeration fallback) {
    this.http = http;
    this.json = json;
    this.caller = caller;
    this.timeout = timeout;
    this.fallback = fallback;
    this.session = open().cache();
  }

  /** The session id, or "" when safety-filter has no streaming sessions. */
  private Mono<String> open() {
    return http.post()
        .uri("/v1/moderations/streams")
        .contentType(MediaType.APPLICATION_JSON)
        .headers(headers -> Downstream.forward(headers, caller))
        .bodyValue("{}")
        .retrieve()
        .bodyToMono(String.class)
        .timeout(timeout)
        .map(body -> json.readTree(body).path("id").asString(""))
        .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.just(""))
        .onErrorMap(
            e -> !(e instanceof org.springframework.web.ErrorResponseException),
            e -> Downstream.unavailable("safety-filter", e));
  }

  @Override
  public Mono<Release> push(String text) {
    return session.flatMap(
        id ->
            id.isEmpty()
                ? fallback.push(text)
                : call("/v1/moderations/streams/{id}/chunks", id, Map.of("text", text)));
  }

  @Override
  public Mono<Release> close() {
    return session.flatMap(
        id ->
            id.isEmpty()
                ? fallback.close()
                : call("/v1/moderations/streams/{id}/close", id, Map.of()));
  }

  @Override
  public Mono<Void> abandon() {
    return session
        .filter(id -> !id.isEmpty())
        .flatMap(
            id ->
                http.delete()
                    .uri("/v1/moderations/streams/{id}", id)
                    .headers(headers -> Downstream.forward(headers, caller))
                    .retrieve()
                    .toBodilessEntity()
                    .timeout(timeout)
                    .then())
        .onErrorResume(e -> Mono.empty());
  }

  private Mono<Release> call(String path, String id, Map<String, Object> body) {
    return http.post()
        .uri(path, id)
        .contentType(MediaType.APPLICATION_JSON)
        .headers(headers -> Downstream.forward(headers, caller))
        .bodyValue(json.writeValueAsString(body))
        .retrieve()
        .bodyToMono(String.class)
        .timeout(timeout)
        .map(answer -> release(json.readTree(answer)))
        .onErrorMap(e -> Downstream.unavailable("safety-filter", e));
  }

  static Release release(JsonNode answer) {
    List<String> categories = new ArrayList<>();
    for (JsonNode category : answer.path("categories").values()) {
      categories.add(category.asString(""));
    }
    return new Release(
        answer.path("released").asString(""),
        new ModerationVerdict(
            ModerationVerdict.Action.parse(answer.path("action").asString("allow")), categories),
        answer.path("stopped").asBoolean(false),
        answer.path("replacement").isString() ? answer.path("replacement").asString() : null);
  }
}
