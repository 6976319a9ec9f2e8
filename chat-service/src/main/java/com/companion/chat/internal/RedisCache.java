package com.companion.chat.internal;

import com.companion.platform.web.LazyConnectionGuard;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * A best-effort string cache in Redis. Every failure or slow answer counts as a miss and every
 * failed write is dropped: with Redis down the service keeps working, only with more reads from
 * PostgreSQL and character-service.
 */
public final class RedisCache {

  private static final Logger log = LoggerFactory.getLogger(RedisCache.class);

  private final ReactiveStringRedisTemplate redis;
  private final Duration timeout;
  private final boolean enabled;
  private final LazyConnectionGuard connection;

  public RedisCache(
      ReactiveStringRedisTemplate redis,
      LazyConnectionGuard connection,
      Duration timeout,
      boolean enabled) {
    this.redis = redis;
    this.connection = connection;
    this.timeout = timeout;
    this.enabled = enabled && redis != null;
  }

  public Mono<String> get(String key) {
    if (!enabled) {
      return Mono.empty();
    }
    return connection
        .call(() -> redis.opsForValue().get(key))
        .timeout(timeout)
        .onErrorResume(e -> miss(key, e));
  }

  public Mono<Void> put(String key, String value, Duration ttl) {
    if (!enabled) {
      return Mono.empty();
    }
    return connection
        .call(() -> redis.opsForValue().set(key, value, ttl))
        .timeout(timeout)
        .then()
        .onErrorResume(e -> miss(key, e).then());
  }

  public Mono<Void> delete(String key) {
    if (!enabled) {
      return Mono.empty();
    }
    return connection
        .call(() -> redis.delete(key))
        .timeout(timeout)
        .then()
        .onErrorResume(e -> miss(key, e).then());
  }

  private static <T> Mono<T> miss(String key, Throwable e) {
    log.debug("redis unavailable for {}: {}", key, e.toString());
    return Mono.empty();
  }
}
