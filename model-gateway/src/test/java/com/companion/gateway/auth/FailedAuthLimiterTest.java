package com.companion.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.gateway.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-address budget of failed authentications. */
class FailedAuthLimiterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void aClientIsRefusedOnceItsBurstIsSpentAndRefillsWithTheClock() {
    FailedAuthLimiter limiter = new FailedAuthLimiter(20, 5, 100, clock);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.waitBeforeNextTry("203.0.113.7")).isZero();
      limiter.recordFailure("203.0.113.7");
    }

    // 20 a minute: one more try every 3 s
    assertThat(limiter.waitBeforeNextTry("203.0.113.7")).isEqualTo(Duration.ofSeconds(3));
    assertThat(limiter.waitBeforeNextTry("203.0.113.8")).isZero();
    clock.advance(Duration.ofSeconds(3));
    assertThat(limiter.waitBeforeNextTry("203.0.113.7")).isZero();
  }

  @Test
  void itRemembersAtMostItsCapOfAddresses() {
    FailedAuthLimiter limiter = new FailedAuthLimiter(20, 5, 100, clock);
    for (int i = 0; i < 10_000; i++) {
      limiter.recordFailure("10.0." + (i / 256) + "." + (i % 256));
    }

    assertThat(limiter.trackedClients()).isEqualTo(100);
  }
}
