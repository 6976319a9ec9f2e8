package com.companion.identity.throttle;

import com.companion.identity.IdentityProperties;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Counts attempts in Redis so that every replica sees the same numbers.
 *
 * <p>Sign-in failures lock a key (an account or a client address) once it passes its limit within
 * the failure window; every further failure doubles the lock (back-off) up to a ceiling. A success
 * clears the account's count. Sign-ups are counted per client address in a fixed window.
 *
 * <p>Locks and windows are Redis expiries, so replicas agree on them without sharing a clock.
 */
public class AttemptThrottle {

  /**
   * Adds one failure; when the count passes the limit, locks the key for {@code first * 2^(over
   * limit)} capped at {@code max}. Returns the lock in milliseconds, or 0 when not locked.
   */
  private static final RedisScript<Long> FAILURE =
      RedisScript.of(
          """
          local count = redis.call('INCR', KEYS[1])
          if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
          local limit = tonumber(ARGV[2])
          if count < limit then return 0 end
          local lock = tonumber(ARGV[3]) * (2 ^ math.min(count - limit, 30))
          lock = math.min(lock, tonumber(ARGV[4]))
          redis.call('SET', KEYS[2], '1', 'PX', lock)
          redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[1]), lock))
          return lock
          """,
          Long.class);

  /** Counts one attempt in a fixed window; returns the count. */
  private static final RedisScript<Long> ATTEMPT =
      RedisScript.of(
          """
          local count = redis.call('INCR', KEYS[1])
          if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
          return count
          """,
          Long.class);

  private final StringRedisTemplate redis;
  private final IdentityProperties.Throttle settings;

  public AttemptThrottle(StringRedisTemplate redis, IdentityProperties.Throttle settings) {
    this.redis = redis;
    this.settings = settings;
  }

  /** The remaining lock of a sign-in key, if it is locked. */
  public Optional<Duration> signInLock(SignInKey key) {
    Long millis = redis.getExpire(lockKey(key), java.util.concurrent.TimeUnit.MILLISECONDS);
    return millis == null || millis <= 0
        ? Optional.empty()
        : Optional.of(Duration.ofMillis(millis));
  }

  /** Records a failed sign-in; returns the lock it caused, if any. */
  public Optional<Duration> signInFailed(SignInKey key) {
    int limit =
        key.kind() == SignInKey.Kind.ACCOUNT
            ? settings.accountFailures()
            : settings.clientFailures();
    Long lock =
        redis.execute(
            FAILURE,
            List.of(failureKey(key), lockKey(key)),
            String.valueOf(settings.failureWindow().toMillis()),
            String.valueOf(limit),
            String.valueOf(settings.firstLockout().toMillis()),
            String.valueOf(settings.maxLockout().toMillis()));
    return lock == null || lock <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(lock));
  }

  /** A successful sign-in forgets the key's failures. */
  public void signInSucceeded(SignInKey key) {
    redis.delete(List.of(failureKey(key), lockKey(key)));
  }

  /** Counts a sign-up attempt of a client address; how long to wait when over its limit. */
  public Optional<Duration> signUpFromClient(String client) {
    return count("signup:client:" + client, settings.signUpsPerClient());
  }

  /**
   * Counts a sign-up attempt for one username (case-folded), so a name cannot be hammered from many
   * addresses either.
   */
  public Optional<Duration> signUpForUsername(String usernameKey) {
    return count("signup:name:" + usernameKey, settings.signUpsPerUsername());
  }

  private Optional<Duration> count(String name, int limit) {
    String key = settings.keyPrefix() + name;
    Long count =
        redis.execute(ATTEMPT, List.of(key), String.valueOf(settings.signUpWindow().toMillis()));
    if (count == null || count <= limit) {
      return Optional.empty();
    }
    Long millis = redis.getExpire(key, java.util.concurrent.TimeUnit.MILLISECONDS);
    return Optional.of(Duration.ofMillis(millis == null || millis < 1000 ? 1000 : millis));
  }

  private String failureKey(SignInKey key) {
    return settings.keyPrefix() + "signin:fail:" + key.redisKey();
  }

  private String lockKey(SignInKey key) {
    return settings.keyPrefix() + "signin:lock:" + key.redisKey();
  }
}
