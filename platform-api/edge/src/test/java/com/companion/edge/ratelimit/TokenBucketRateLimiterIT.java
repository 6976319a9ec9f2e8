package com.companion.edge.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.platform.web.LazyConnectionGuard;
import com.companion.testkit.Infra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The Lua bucket against the real Redis, with time driven by a test clock. */
class TokenBucketRateLimiterIT {

  private static LettuceConnectionFactory connections;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final String key = "test:" + UUID.randomUUID();
  private TokenBucketRateLimiter limiter;

  @BeforeAll
  static void connect() {
    connections = new LettuceConnectionFactory(Infra.redisHost(), Infra.redisPort());
    connections.afterPropertiesSet();
    connections.start();
  }

  @AfterAll
  static void disconnect() {
    connections.destroy();
  }

  private TokenBucketRateLimiter limiter() {
    if (limiter == null) {
      limiter =
          new TokenBucketRateLimiter(
              new ReactiveStringRedisTemplate(connections),
              new LazyConnectionGuard(),
              clock,
              new SimpleMeterRegistry(),
              Duration.ofSeconds(10),
              "edge:test:");
    }
    return limiter;
  }

  @Test
  void burstThenRefillAtTheConfiguredRate() {
    BucketLimit limit = new BucketLimit(3, 60); // one token per second
    for (int remaining = 2; remaining >= 0; remaining--) {
      RateLimitDecision decision = limiter().tryConsume(key, limit).block();
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.remaining()).isEqualTo(remaining);
    }
    RateLimitDecision rejected = limiter().tryConsume(key, limit).block();
    assertThat(rejected.allowed()).isFalse();
    assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(rejected.retryAfterSeconds()).isEqualTo(1);

    clock.advance(Duration.ofMillis(999));
    assertThat(limiter().tryConsume(key, limit).block().allowed()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter().tryConsume(key, limit).block().allowed()).isTrue();
    assertThat(limiter().tryConsume(key, limit).block().allowed()).isFalse();

    // a long pause refills to the burst, never beyond it
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter().tryConsume(key, limit).block().allowed()).isTrue();
    }
    assertThat(limiter().tryConsume(key, limit).block().allowed()).isFalse();
  }

  @Test
  void slowRefillGivesALongRetryAfter() {
    BucketLimit limit = new BucketLimit(1, 2); // one token per 30 s
    assertThat(limiter().tryConsume(key, limit).block().allowed()).isTrue();
    RateLimitDecision rejected = limiter().tryConsume(key, limit).block();
    assertThat(rejected.allowed()).isFalse();
    assertThat(rejected.retryAfterSeconds()).isEqualTo(30);
    clock.advance(Duration.ofSeconds(12));
    assertThat(limiter().tryConsume(key, limit).block().retryAfterSeconds()).isEqualTo(18);
  }

  @Test
  void aReplicaWhoseClockLagsRefillsNothing() {
    BucketLimit limit = new BucketLimit(1, 60);
    assertThat(limiter().tryConsume(key, limit).block().allowed()).isTrue();
    clock.advance(Duration.ofSeconds(-5));
    assertThat(limiter().tryConsume(key, limit).block().allowed()).isFalse();
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
