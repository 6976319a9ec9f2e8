package com.companion.edge.ratelimit;

import com.companion.platform.web.LazyConnectionGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, shared by all edge replicas: one Lua script reads, refills and takes a
 * token atomically. The time comes from the injected {@link Clock} rather than Redis, so tests can
 * drive refills without waiting.
 *
 * <p>When Redis is slow or down the limiter fails open: the request goes through, a counter ({@code
 * edge.rate_limit.fail_open}) counts it and a WARN is logged at most every {@link #WARN_EVERY}.
 * Losing rate limiting for a while is better than losing the whole platform.
 */
public final class TokenBucketRateLimiter {

  static final Duration WARN_EVERY = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(TokenBucketRateLimiter.class);

  // Loaded once as text: a resource-backed script re-checks the resource's modification time on
  // every call, which inside a packaged jar means opening the jar entry per request.
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> SCRIPT = RedisScript.of(loadScript(), List.class);

  private final ReactiveStringRedisTemplate redis;
  private final Clock clock;
  private final Duration redisTimeout;
  private final String keyPrefix;
  private final Counter failOpen;
  private final Counter rejected;
  private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);
  private final AtomicLong failuresSinceWarning = new AtomicLong();
  private final LazyConnectionGuard connection;

  public TokenBucketRateLimiter(
      ReactiveStringRedisTemplate redis,
      LazyConnectionGuard connection,
      Clock clock,
      MeterRegistry meters,
      Duration redisTimeout,
      String keyPrefix) {
    this.redis = redis;
    this.connection = connection;
    this.clock = clock;
    this.redisTimeout = redisTimeout;
    this.keyPrefix = keyPrefix;
    this.failOpen =
        Counter.builder("edge.rate_limit.fail_open")
            .description("requests let through because Redis did not answer")
            .register(meters);
    this.rejected =
        Counter.builder("edge.rate_limit.rejected")
            .description("requests answered 429")
            .register(meters);
  }

  /** Takes one token from the bucket {@code key}. Never fails: Redis errors mean "allowed". */
  public Mono<RateLimitDecision> tryConsume(String key, BucketLimit limit) {
    return tryConsumeUnlessMarked(key, limit, List.of()).map(Guarded::decision);
  }

  /**
   * What one request's guards need from Redis, in one round trip: the values of {@code guardKeys}
   * (a missing key as null), and one token of the bucket {@code key} unless one of those keys is
   * set. {@link Guarded#decision()} is null when no token was taken because of a mark. Never fails:
   * when Redis does not answer the decision has failed open and the values are empty.
   */
  public Mono<Guarded> tryConsumeUnlessMarked(
      String key, BucketLimit limit, List<String> guardKeys) {
    double refillPerMilli = limit.refillPerMinute() / 60_000.0;
    List<String> args =
        List.of(
            Integer.toString(limit.capacity()),
            Double.toString(refillPerMilli),
            Long.toString(clock.millis()),
            "1");
    List<String> keys = new ArrayList<>(1 + guardKeys.size());
    keys.add(keyPrefix + key);
    keys.addAll(guardKeys);
    return connection
        .call(() -> redis.execute(SCRIPT, keys, args).next())
        .timeout(redisTimeout)
        .map(reply -> guarded(reply, guardKeys.size()))
        .doOnNext(
            guarded -> {
              if (guarded.decision() != null && !guarded.decision().allowed()) {
                rejected.increment();
              }
            })
        .onErrorResume(this::failOpen)
        .defaultIfEmpty(Guarded.failedOpen());
  }

  /**
   * The limiter's answer with the guard keys' values.
   *
   * @param decision null when a guard key was set and no token was taken
   * @param values the guard keys' values in order, null for a missing key; empty when Redis did not
   *     answer
   */
  public record Guarded(RateLimitDecision decision, List<String> values) {

    static Guarded failedOpen() {
      return new Guarded(RateLimitDecision.failedOpen(), List.of());
    }
  }

  /**
   * Opens the Redis connection and loads the script before the first request needs them; on a busy
   * machine the first connect can take longer than the request timeout and would fail open.
   */
  public Mono<Void> warmUp() {
    List<String> args = List.of("1", "1", Long.toString(clock.millis()), "0");
    return Mono.defer(() -> redis.execute(SCRIPT, List.of(keyPrefix + "warm-up"), args).then())
        .timeout(Duration.ofSeconds(10))
        .doOnError(e -> log.warn("Redis not reachable at start-up: {}", e.toString()))
        .onErrorComplete();
  }

  private static String loadScript() {
    try (InputStream in =
        TokenBucketRateLimiter.class.getResourceAsStream("/ratelimit/token-bucket.lua")) {
      if (in == null) {
        throw new IllegalStateException("ratelimit/token-bucket.lua is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Guarded guarded(List<?> reply, int guardKeys) {
    List<String> values = new ArrayList<>(guardKeys);
    for (int i = 1; i <= guardKeys; i++) {
      values.add(i < reply.size() ? (String) reply.get(i) : null);
    }
    Object decision = reply.isEmpty() ? null : reply.getFirst();
    return new Guarded(
        decision == null ? null : decision((String) decision),
        Collections.unmodifiableList(values));
  }

  private static RateLimitDecision decision(String reply) {
    String[] parts = reply.split(":");
    return new RateLimitDecision(
        "1".equals(parts[0]),
        Long.parseLong(parts[1]),
        Duration.ofMillis(Long.parseLong(parts[2])));
  }

  private Mono<Guarded> failOpen(Throwable error) {
    failOpen.increment();
    long failures = failuresSinceWarning.incrementAndGet();
    Instant now = clock.instant();
    Instant last = lastWarning.get();
    if (Duration.between(last, now).compareTo(WARN_EVERY) >= 0
        && lastWarning.compareAndSet(last, now)) {
      failuresSinceWarning.set(0);
      log.warn(
          "rate limiter failing open: Redis unavailable ({}); {} request(s) let through unlimited",
          error.toString(),
          failures);
    }
    return Mono.just(Guarded.failedOpen());
  }
}
