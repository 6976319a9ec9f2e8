package com.companion.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small token bucket of failed authentications per client address, held in memory and bounded:
 * the least recently seen addresses are forgotten first. A client that keeps presenting made-up
 * keys or tokens is refused (429) before its next attempt costs a database lookup, while a client
 * with a valid credential never touches its bucket.
 *
 * <p>Per replica on purpose: a budget of a few dozen failures a minute does not need Redis, and a
 * guessing client gains nothing worth having from N replicas' budgets.
 */
public final class FailedAuthLimiter {

  private final Clock clock;
  private final double perMillis;
  private final double burst;
  private final Map<String, double[]> buckets;

  public FailedAuthLimiter(int perMinute, int burst, int maxClients, Clock clock) {
    this.clock = clock;
    this.perMillis = perMinute / 60_000.0;
    this.burst = burst;
    this.buckets =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > maxClients;
          }
        };
  }

  /** How long the client must wait before its next try, or {@link Duration#ZERO} if it may try. */
  public synchronized Duration waitBeforeNextTry(String client) {
    double[] bucket = refill(client, false);
    if (bucket == null || bucket[0] >= 1) {
      return Duration.ZERO;
    }
    return Duration.ofMillis((long) Math.ceil((1 - bucket[0]) / perMillis));
  }

  /** Takes one failure from the client's bucket. */
  public synchronized void recordFailure(String client) {
    double[] bucket = refill(client, true);
    bucket[0] = Math.max(0, bucket[0] - 1);
  }

  /** Clients currently remembered. */
  public synchronized int trackedClients() {
    return buckets.size();
  }

  /** The client's bucket refilled to now: {tokens, last refill millis}; null if unknown. */
  private double[] refill(String client, boolean create) {
    long now = clock.millis();
    double[] bucket = buckets.get(client);
    if (bucket == null) {
      if (!create) {
        return null;
      }
      bucket = new double[] {burst, now};
      buckets.put(client, bucket);
      return bucket;
    }
    bucket[0] = Math.min(burst, bucket[0] + Math.max(0, now - bucket[1]) * perMillis);
    bucket[1] = now;
    return bucket;
  }
}
