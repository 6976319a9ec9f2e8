package com.companion.edge.ratelimit;

import java.time.Duration;
import org.springframework.web.server.ServerWebExchange;

/**
 * The answer of the limiter for one request.
 *
 * @param remaining whole tokens left after this request; -1 when unknown (failed open)
 * @param retryAfter when a rejected request could succeed; zero when allowed
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter) {

  private static final String ATTRIBUTE = RateLimitDecision.class.getName();

  static RateLimitDecision failedOpen() {
    return new RateLimitDecision(true, -1, Duration.ZERO);
  }

  /** Records that this request's token was already taken (with the guards' lookup). */
  public void attachTo(ServerWebExchange exchange) {
    exchange.getAttributes().put(ATTRIBUTE, this);
  }

  /** The decision taken earlier for this request, or null. */
  static RateLimitDecision of(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTRIBUTE);
  }

  /** Retry-After in whole seconds, at least 1, as HTTP wants it. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
