package com.companion.chat.safety;

import com.companion.chat.Caller;
import reactor.core.publisher.Mono;

/**
 * safety-filter, as chat-service uses it. The policy (product, age group) follows the caller's
 * token. A failure is a 503 {@link com.companion.platform.web.PlatformProblem}: nothing goes
 * unchecked because the checker is down.
 */
public interface ContentSafety {

  /** Checks a user's message before anything is sent to the model. */
  Mono<ModerationVerdict> checkInput(String text, Caller caller);

  /** Starts moderating one streamed reply. */
  ReplyModeration openReply(Caller caller);
}
