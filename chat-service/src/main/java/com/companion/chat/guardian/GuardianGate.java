package com.companion.chat.guardian;

import com.companion.chat.Caller;
import com.companion.chat.internal.Downstream;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Enforces the guardian chat policy before a minor's turn: identity-service knows whether a
 * guardian has consented and whether today's limit is reached (the token's {@code guardian_consent}
 * claim cannot say the latter, which changes within a token's lifetime). Adults never ask. An
 * answer is reused for {@code policyTtl} per user, so a turn rarely costs a round trip. When
 * identity-service cannot answer, a minor's turn is refused with 503 and {@code Retry-After}: a
 * minor's safety rule is not skipped because a neighbour is down.
 */
public final class GuardianGate {

  private static final Logger log = LoggerFactory.getLogger(GuardianGate.class);

  public static final ProblemType CHAT_NOT_ALLOWED =
      ProblemType.custom("chat-not-allowed", "Chat not allowed");

  /** The most users whose answers are kept; the least used go first. */
  private static final int MAX_USERS = 100_000;

  private final ChatPolicies policies;
  private final Duration retryAfter;
  private final Cache<String, ChatPolicy> cache;

  public GuardianGate(ChatPolicies policies, Clock clock, Duration ttl, Duration retryAfter) {
    this.policies = policies;
    this.retryAfter = retryAfter;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(MAX_USERS)
            .expireAfterWrite(ttl)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /** Completes when the caller may chat; fails with a 403 or 503 problem otherwise. */
  public Mono<Void> admit(Caller caller) {
    if (caller.principal().ageGroup() != AgeGroup.MINOR) {
      return Mono.empty();
    }
    String key = caller.principal().product() + "|" + caller.principal().userId();
    ChatPolicy cached = cache.getIfPresent(key);
    Mono<ChatPolicy> policy =
        cached != null
            ? Mono.just(cached)
            : policies
                .of(caller)
                .doOnNext(fresh -> cache.put(key, fresh))
                .onErrorMap(this::unavailable)
                .switchIfEmpty(Mono.error(() -> unavailable(null)));
    return policy.flatMap(
        p -> p.chatAllowed() ? Mono.<Void>empty() : Mono.error(notAllowed(p.reason())));
  }

  private static PlatformProblem notAllowed(String reason) {
    String code = reason == null ? "chat_not_allowed" : reason;
    String why =
        switch (code) {
          case "guardian_consent_required" -> "a guardian has not yet consented to chat";
          case "daily_limit_reached" -> "today's chat time set by your guardian is used up";
          case ChatPolicy.UNKNOWN_ACCOUNT ->
              "a minor chats with an account signed up on the platform, which this one is not";
          default -> "chat is not allowed for this account now";
        };
    return PlatformProblem.of(HttpStatus.FORBIDDEN, CHAT_NOT_ALLOWED, code + ": " + why)
        .with("reason", code);
  }

  private PlatformProblem unavailable(Throwable cause) {
    log.warn(
        "guardian chat policy unavailable, refusing a minor's turn: {}",
        cause == null ? "no answer" : cause.toString());
    PlatformProblem problem = Downstream.unavailable("identity-service", cause);
    problem.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()));
    return problem;
  }
}
