package com.companion.chat.model;

import com.companion.chat.Caller;
import com.companion.chat.model.internal.HttpModelClient;
import com.companion.contracts.problem.ProblemType;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The language model, reached through model-gateway. Cancelling the stream cancels the generation
 * all the way down to the inference node.
 */
public interface ModelClient {

  /** Every model node, or this service's turn admission, is full: come back after Retry-After. */
  ProblemType BUSY = ProblemType.custom("busy", "Busy");

  /** model-gateway over HTTP (OpenAI wire format). */
  static ModelClient overHttp(
      WebClient http, JsonMapper json, Duration firstTokenTimeout, Duration idleTimeout) {
    return new HttpModelClient(http, json, firstTokenTimeout, idleTimeout);
  }

  /**
   * Streams a completion. Fails with a {@link com.companion.platform.web.PlatformProblem} (503, or
   * 429 when the user's quota is spent) when no text can be produced.
   */
  Flux<ModelChunk> stream(ModelRequest request, Caller caller);

  /** A whole completion, for background work such as summaries. */
  Mono<ModelReply> complete(ModelRequest request, Caller caller);
}
