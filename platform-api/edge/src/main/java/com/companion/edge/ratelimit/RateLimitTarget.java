package com.companion.edge.ratelimit;

import org.springframework.web.server.ServerWebExchange;

/**
 * Whose bucket a request draws from, decided by the access check: a user of a product, or an API
 * key.
 */
public record RateLimitTarget(String key, BucketLimit limit) {

  private static final String ATTRIBUTE = RateLimitTarget.class.getName();

  public void attachTo(ServerWebExchange exchange) {
    exchange.getAttributes().put(ATTRIBUTE, this);
  }

  public static RateLimitTarget of(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTRIBUTE);
  }
}
