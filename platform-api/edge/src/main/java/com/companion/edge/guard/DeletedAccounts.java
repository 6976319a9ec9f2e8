package com.companion.edge.guard;

import com.companion.contracts.events.AccountDeleted;
import com.companion.edge.ratelimit.RateLimitTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The edge's part of deleting an account ({@code account.deleted} on {@code account.lifecycle}).
 * Access tokens are not revoked where they are checked, so a deleted account's tokens would pass
 * the edge until they expire: the edge remembers the deletion in Redis, where {@link GuardFilter}
 * looks it up with the suspensions (one round trip), and refuses those tokens with 401. It also
 * drops the account's rate-limit bucket, the one thing the edge holds about it.
 *
 * <p>The mark lives as long as the longest token could ({@code rememberFor}); every edge replica
 * shares it. A Redis that fails makes the consumer retry the event, so no deletion is skipped.
 */
public final class DeletedAccounts {

  static final String KEY_PREFIX = "edge:deleted:";

  private static final Logger log = LoggerFactory.getLogger(DeletedAccounts.class);
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);

  private final ReactiveStringRedisTemplate redis;
  private final Clock clock;
  private final Duration rememberFor;
  private final String rateLimitKeyPrefix;

  public DeletedAccounts(
      ReactiveStringRedisTemplate redis,
      Clock clock,
      Duration rememberFor,
      String rateLimitKeyPrefix) {
    this.redis = redis;
    this.clock = clock;
    this.rememberFor = rememberFor;
    this.rateLimitKeyPrefix = rateLimitKeyPrefix;
  }

  /** The Redis key that marks {@code userId} of {@code product} as deleted. */
  static String key(String product, String userId) {
    return KEY_PREFIX + product + ":" + userId;
  }

  /**
   * Handles one {@code account.lifecycle} message; other account events and messages that do not
   * parse are skipped (logged). Throws when Redis fails, so that the consumer retries.
   */
  public void handle(String message) {
    Optional<AccountDeleted> deleted;
    try {
      deleted = AccountDeleted.read(message);
    } catch (IllegalArgumentException e) {
      log.warn("skipping an account.lifecycle message that cannot be read: {}", e.getMessage());
      return;
    }
    deleted.ifPresent(this::remember);
  }

  private void remember(AccountDeleted event) {
    redis
        .opsForValue()
        .set(key(event.product(), event.userId()), clock.instant().toString(), rememberFor)
        .then(
            redis.delete(
                rateLimitKeyPrefix + RateLimitTarget.userKey(event.product(), event.userId())))
        .block(REDIS_TIMEOUT);
    log.info("account deleted in product {}: its tokens are refused here", event.product());
  }
}
