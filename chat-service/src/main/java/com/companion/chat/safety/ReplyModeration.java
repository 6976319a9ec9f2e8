package com.companion.chat.safety;

import reactor.core.publisher.Mono;

/** Moderation of one reply while it is being streamed. */
public interface ReplyModeration {

  /**
   * Checks the reply so far.
   *
   * @param replySoFar all text generated up to a word boundary
   * @param complete whether the reply is finished
   */
  Mono<ModerationVerdict> check(String replySoFar, boolean complete);
}
