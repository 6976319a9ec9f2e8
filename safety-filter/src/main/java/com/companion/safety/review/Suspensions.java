package com.companion.safety.review;

import com.companion.safety.review.internal.QueueStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Makes suspensions enforceable: the sanctions table is the record, and every running suspension is
 * mirrored to Redis as {@code safety:suspended:<product>:<user>} = its end, expiring with it. The
 * edge reads these keys and refuses the user's requests until then. The mirror is rebuilt from the
 * table at start-up, so a flushed Redis or a write lost between the commit and Redis heals.
 */
@Component
public class Suspensions {

  public static final String KEY_PREFIX = "safety:suspended:";

  private static final Logger log = LoggerFactory.getLogger(Suspensions.class);
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

  private final ReactiveStringRedisTemplate redis;
  private final QueueStore store;
  private final Clock clock;

  public Suspensions(ReactiveStringRedisTemplate redis, QueueStore store, Clock clock) {
    this.redis = redis;
    this.store = store;
    this.clock = clock;
  }

  public static String key(String product, String userId) {
    return KEY_PREFIX + product + ":" + userId;
  }

  /** Mirrors one suspension (after its transaction committed); blocking, never throws. */
  public void publish(String userId, String product, Instant until) {
    Duration left = Duration.between(clock.instant(), until);
    if (userId == null || left.isNegative() || left.isZero()) {
      return;
    }
    try {
      redis.opsForValue().set(key(product, userId), until.toString(), left).block(REDIS_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn(
          "suspension of a user in {} not mirrored to Redis (restored at the next start): {}",
          product,
          e.getMessage());
    }
  }

  /**
   * Removes the mirror of any suspension of these ids in the product (a deleted account's):
   * blocking, never throws. A key left behind by a failure expires with its suspension.
   */
  public void lift(String product, List<String> userIds) {
    try {
      // one key at a time: the keys of the id and the pseudonym lie in different cluster slots
      Flux.fromIterable(userIds)
          .flatMap(userId -> redis.delete(key(product, userId)))
          .then()
          .block(REDIS_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn(
          "suspension mirror of a deleted account in {} left to expire: {}",
          product,
          e.getMessage());
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  public void restore() {
    try {
      for (QueueStore.ActiveSuspension s : store.activeSuspensions(clock.instant())) {
        publish(s.userId(), s.product(), s.until());
      }
    } catch (RuntimeException e) {
      log.warn("running suspensions not restored to Redis: {}", e.getMessage());
    }
  }
}
