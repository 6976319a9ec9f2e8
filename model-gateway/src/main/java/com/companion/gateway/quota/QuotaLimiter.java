package com.companion.gateway.quota;

import com.companion.gateway.auth.Caller;
import com.companion.platform.web.LazyConnectionGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Requests-per-minute and tokens-per-minute limits per API key and per user, counted in Redis so
 * every gateway replica shares one budget (N replicas never allow N times the limit).
 *
 * <p>Windows are fixed minutes of the injected clock. A request is admitted when the minute's
 * request count is under the limit and the tokens already used this minute are under theirs; its
 * tokens are added when it ends (the completion length is not known before), as OpenAI's own
 * accounting does. The check-and-increment is one Lua script, so concurrent requests on different
 * replicas cannot both take the last slot.
 *
 * <p>When Redis does not answer, requests are let through and a warning is logged: a cache outage
 * must not take the model API down (a documented degradation).
 */
@Component
public class QuotaLimiter {

  private static final Logger log = LoggerFactory.getLogger(QuotaLimiter.class);
  private static final long WINDOW_MILLIS = 60_000;

  private static final RedisScript<List> ADMIT =
      RedisScript.of(
          """
          local requests = tonumber(redis.call('GET', KEYS[1]) or '0')
          local tokens = tonumber(redis.call('GET', KEYS[2]) or '0')
          local request_limit = tonumber(ARGV[1])
          local token_limit = tonumber(ARGV[2])
          if request_limit > 0 and requests >= request_limit then
            return {0, requests, tokens, 1}
          end
          if token_limit > 0 and tokens >= token_limit then
            return {0, requests, tokens, 2}
          end
          requests = redis.call('INCR', KEYS[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          return {1, requests, tokens, 0}
          """,
          List.class);

  private static final RedisScript<Long> ADD_TOKENS =
      RedisScript.of(
          """
          local total = redis.call('INCRBY', KEYS[1], ARGV[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return total
          """,
          Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final Clock clock;
  private final LazyConnectionGuard connection;

  public QuotaLimiter(
      ReactiveStringRedisTemplate redis, LazyConnectionGuard connection, Clock clock) {
    this.redis = redis;
    this.connection = connection;
    this.clock = clock;
  }

  public Mono<QuotaDecision> admit(Caller caller) {
    String subject = caller.quotaSubject();
    if (subject == null || (caller.requestsPerMinute() <= 0 && caller.tokensPerMinute() <= 0)) {
      return Mono.just(QuotaDecision.UNLIMITED);
    }
    long now = clock.millis();
    long window = now / WINDOW_MILLIS;
    long reset = (window + 1) * WINDOW_MILLIS - now;
    List<String> keys = List.of(key(subject, window, "requests"), key(subject, window, "tokens"));
    return connection
        .call(
            () ->
                redis
                    .execute(
                        ADMIT,
                        keys,
                        List.of(
                            String.valueOf(caller.requestsPerMinute()),
                            String.valueOf(caller.tokensPerMinute()),
                            String.valueOf(WINDOW_MILLIS * 2)))
                    .last())
        .map(
            result -> {
              boolean allowed = ((Number) result.get(0)).longValue() == 1;
              long requests = ((Number) result.get(1)).longValue();
              long tokens = ((Number) result.get(2)).longValue();
              long reason = ((Number) result.get(3)).longValue();
              return new QuotaDecision(
                  allowed,
                  reason == 1 ? "requests" : reason == 2 ? "tokens" : null,
                  caller.requestsPerMinute(),
                  caller.requestsPerMinute() - requests,
                  caller.tokensPerMinute(),
                  caller.tokensPerMinute() - tokens,
                  reset);
            })
        .timeout(Duration.ofSeconds(1))
        .onErrorResume(
            error -> {
              log.warn("quota check skipped, Redis unavailable: {}", error.toString());
              return Mono.just(QuotaDecision.UNLIMITED);
            });
  }

  /** Adds a finished request's tokens to the current minute of its caller. */
  public Mono<Void> addTokens(Caller caller, int tokens) {
    String subject = caller.quotaSubject();
    if (subject == null || caller.tokensPerMinute() <= 0 || tokens <= 0) {
      return Mono.empty();
    }
    long window = clock.millis() / WINDOW_MILLIS;
    return connection
        .call(
            () ->
                redis
                    .execute(
                        ADD_TOKENS,
                        List.of(key(subject, window, "tokens")),
                        List.of(String.valueOf(tokens), String.valueOf(WINDOW_MILLIS * 2)))
                    .then())
        .timeout(Duration.ofSeconds(1))
        .onErrorResume(
            error -> {
              log.warn("token usage not counted, Redis unavailable: {}", error.toString());
              return Mono.empty();
            });
  }

  /**
   * Deletes a user's counters (a deleted account's): those of the minutes they can still exist for,
   * the one before this one (kept two minutes) to the next (a replica's clock ahead of this one's).
   * Blocking; never throws, as counters left behind expire within two minutes anyway.
   */
  public void forgetUser(String userId) {
    String subject = Caller.userQuotaSubject(userId);
    long window = clock.millis() / WINDOW_MILLIS;
    List<String> keys = new ArrayList<>();
    for (long w = window - 1; w <= window + 1; w++) {
      keys.add(key(subject, w, "requests"));
      keys.add(key(subject, w, "tokens"));
    }
    try {
      redis.delete(keys.toArray(String[]::new)).block(Duration.ofSeconds(1));
    } catch (RuntimeException e) {
      log.warn("quota counters of a deleted account left to expire: {}", e.toString());
    }
  }

  private static String key(String subject, long window, String what) {
    // the hash tag keeps both counters of a subject on one Redis Cluster slot for the script
    return "gateway:quota:{" + subject + "}:" + window + ":" + what;
  }
}
