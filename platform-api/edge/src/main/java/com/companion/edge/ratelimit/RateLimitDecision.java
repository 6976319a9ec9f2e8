package com.companion.edge.ratelimit;

import java.time.Duration;

/**
 * The answer of the limiter for one request.
 *
 * @param remaining whole tokens left after this request; -1 when unknown (failed open)
 * @param retryAfter when a rejected request could succeed; zero when allowed
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter) {

  static RateLimitDecision failedOpen() {
    return new RateLimitDecision(true, -1, Duration.ZERO);
  }

  /** Retry-After in whole seconds, at least 1, as HTTP wants it. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
