package com.companion.chat.safety;

import com.companion.chat.Caller;
import com.companion.chat.safety.internal.HttpContentSafety;
import com.companion.chat.safety.internal.LocalContentSafety;
import com.companion.chat.safety.internal.UncheckedContentSafety;
import java.time.Clock;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * safety-filter, as chat-service uses it. The policy (product, age group) follows the caller's
 * token. A failure is a 503 {@link com.companion.platform.web.PlatformProblem}: nothing goes
 * unchecked because the checker is down.
 */
public interface ContentSafety {

  /** No checking at all (outcome {@code unchecked}): only for local experiments. */
  static ContentSafety unchecked() {
    return new UncheckedContentSafety();
  }

  /**
   * safety-filter over HTTP.
   *
   * @param streamingSessions moderate replies with safety-filter's streaming sessions; otherwise
   *     (or when it has none) with plain checks of the text so far
   */
  static ContentSafety overHttp(
      WebClient http,
      JsonMapper json,
      Duration timeout,
      boolean streamingSessions,
      int checkEveryChars,
      int maxCheckedChars) {
    return new HttpContentSafety(
        http, json, timeout, streamingSessions, checkEveryChars, maxCheckedChars);
  }

  /**
   * Moderates in process with safety-filter's own engine once its snapshot arrives, asking {@code
   * remote} until then.
   *
   * @param serviceKey this service's credential for safety-filter's internal paths
   * @param poll how often the snapshot is checked for changes (the staleness bound)
   * @param maxStaleness how long a snapshot is used while safety-filter cannot confirm it
   */
  static ContentSafety inProcess(
      WebClient safetyFilter,
      String serviceKey,
      Duration poll,
      Duration timeout,
      Duration maxStaleness,
      Clock clock,
      ContentSafety remote) {
    return LocalContentSafety.following(
        safetyFilter, serviceKey, poll, timeout, maxStaleness, clock, remote);
  }

  /** Checks a user's message before anything is sent to the model. */
  Mono<ModerationVerdict> checkInput(String text, Caller caller);

  /** Starts moderating one streamed reply. */
  ReplyModeration openReply(Caller caller);
}
