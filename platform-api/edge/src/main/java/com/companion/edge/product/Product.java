package com.companion.edge.product;

import java.util.List;

/**
 * One app ("product") as the edge needs it: whether it may be used, its per-user rate limit and the
 * browser origins of its web clients.
 *
 * @param requestsPerMinute refill rate of each user's token bucket
 * @param burst capacity of each user's token bucket
 */
public record Product(
    String id, boolean enabled, int requestsPerMinute, int burst, List<String> allowedOrigins) {

  public Product {
    allowedOrigins = List.copyOf(allowedOrigins);
  }
}
