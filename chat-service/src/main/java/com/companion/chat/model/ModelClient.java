package com.companion.chat.model;

import com.companion.chat.Caller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The language model, reached through model-gateway. Cancelling the stream cancels the generation
 * all the way down to the inference node.
 */
public interface ModelClient {

  /**
   * Streams a completion. Fails with a {@link com.companion.platform.web.PlatformProblem} (503, or
   * 429 when the user's quota is spent) when no text can be produced.
   */
  Flux<ModelChunk> stream(ModelRequest request, Caller caller);

  /** A whole completion, for background work such as summaries. */
  Mono<ModelReply> complete(ModelRequest request, Caller caller);
}
