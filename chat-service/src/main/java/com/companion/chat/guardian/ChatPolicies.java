package com.companion.chat.guardian;

import com.companion.chat.Caller;
import com.companion.chat.guardian.internal.HttpChatPolicies;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** identity-service's guardian chat policy, asked with the user's own token. */
public interface ChatPolicies {

  /** identity-service over HTTP. */
  static ChatPolicies overHttp(WebClient http, JsonMapper json, Duration timeout) {
    return new HttpChatPolicies(http, json, timeout);
  }

  /** The caller's policy now; fails when identity-service does not answer with one. */
  Mono<ChatPolicy> of(Caller caller);
}
