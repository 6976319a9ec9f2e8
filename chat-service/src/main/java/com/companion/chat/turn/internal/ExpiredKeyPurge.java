package com.companion.chat.turn.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes expired {@code Idempotency-Key}s now and then. Expiry itself does not depend on this: a
 * claim treats an expired key as new; the purge only keeps the table small.
 */
public final class ExpiredKeyPurge implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ExpiredKeyPurge.class);

  private final IdempotencyStore keys;
  private final Clock clock;
  private final Duration interval;
  private ScheduledExecutorService executor;

  public ExpiredKeyPurge(IdempotencyStore keys, Clock clock, Duration interval) {
    this.keys = keys;
    this.clock = clock;
    this.interval = interval;
  }

  @Override
  public void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "idempotency-key-purge");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::purge, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void purge() {
    try {
      int purged = keys.purgeExpired(clock.instant());
      if (purged > 0) {
        log.debug("purged {} expired idempotency keys", purged);
      }
    } catch (RuntimeException e) {
      log.warn("purging expired idempotency keys failed: {}", e.toString());
    }
  }

  @Override
  public void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
