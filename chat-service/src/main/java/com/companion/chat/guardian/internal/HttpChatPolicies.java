package com.companion.chat.guardian.internal;

import com.companion.chat.Caller;
import com.companion.chat.guardian.ChatPolicies;
import com.companion.chat.guardian.ChatPolicy;
import com.companion.chat.internal.Downstream;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/me/chat-policy} on identity-service, with the user's forwarded token. An account
 * identity-service does not know (401 for a token whose subject is no account of its own, 404 for
 * one deleted) has no guardian policy to chat under: that is an answer, not an outage.
 */
public final class HttpChatPolicies implements ChatPolicies {

  private final WebClient http;
  private final JsonMapper json;
  private final Duration timeout;

  public HttpChatPolicies(WebClient http, JsonMapper json, Duration timeout) {
    this.http = http;
    this.json = json;
    this.timeout = timeout;
  }

  @Override
  public Mono<ChatPolicy> of(Caller caller) {
    return http.get()
        .uri("/v1/me/chat-policy")
        .headers(headers -> Downstream.forward(headers, caller))
        .retrieve()
        .bodyToMono(String.class)
        .timeout(timeout)
        .map(body -> json.readValue(body, ChatPolicy.class))
        .onErrorResume(
            WebClientResponseException.class,
            e ->
                e.getStatusCode().value() == 401 || e.getStatusCode().value() == 404
                    ? Mono.just(new ChatPolicy(false, ChatPolicy.UNKNOWN_ACCOUNT))
                    : Mono.error(e));
  }
}
