package com.companion.chat.guardian.internal;

import com.companion.chat.Caller;
import com.companion.chat.guardian.ChatPolicies;
import com.companion.chat.guardian.ChatPolicy;
import com.companion.chat.internal.Downstream;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /v1/me/chat-policy} on identity-service, with the user's forwarded token. */
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
        .map(body -> json.readValue(body, ChatPolicy.class));
  }
}
