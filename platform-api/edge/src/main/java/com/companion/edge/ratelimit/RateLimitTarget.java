package com.companion.edge.ratelimit;

import org.springframework.web.server.ServerWebExchange;

/**
 * Whose bucket a request draws from, decided by the access check: a user of a product, or an API
 * key.
 */
public record RateLimitTarget(String key, BucketLimit limit) {

  private static final String ATTRIBUTE = RateLimitTarget.class.getName();

  /** The bucket key of a signed-in user of a product. */
  public static String userKey(String product, String userId) {
    return "user:" + product + ":" + userId;
  }

  public void attachTo(ServerWebExchange exchange) {
    exchange.getAttributes().put(ATTRIBUTE, this);
  }

  public static RateLimitTarget of(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTRIBUTE);
  }
}
