package com.companion.edge.ratelimit;

/**
 * The shape of one token bucket.
 *
 * @param capacity the burst: tokens a full bucket holds
 * @param refillPerMinute tokens added per minute, the sustained request rate
 */
public record BucketLimit(int capacity, int refillPerMinute) {

  public BucketLimit {
    if (capacity <= 0 || refillPerMinute <= 0) {
      throw new IllegalArgumentException("capacity and refill must be positive");
    }
  }
}
