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
  private static final RedisScript<String> SCRIPT = RedisScript.of(loadScript(), String.class);

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
    double refillPerMilli = limit.refillPerMinute() / 60_000.0;
    List<String> args =
        List.of(
            Integer.toString(limit.capacity()),
            Double.toString(refillPerMilli),
            Long.toString(clock.millis()),
            "1");
    return connection
        .call(() -> redis.execute(SCRIPT, List.of(keyPrefix + key), args).next())
        .timeout(redisTimeout)
        .map(this::decision)
        .doOnNext(
            decision -> {
              if (!decision.allowed()) {
                rejected.increment();
              }
            })
        .onErrorResume(this::failOpen)
        .defaultIfEmpty(RateLimitDecision.failedOpen());
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

  private RateLimitDecision decision(String reply) {
    String[] parts = reply.split(":");
    return new RateLimitDecision(
        "1".equals(parts[0]),
        Long.parseLong(parts[1]),
        Duration.ofMillis(Long.parseLong(parts[2])));
  }

  private Mono<RateLimitDecision> failOpen(Throwable error) {
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
    return Mono.just(RateLimitDecision.failedOpen());
  }
}
