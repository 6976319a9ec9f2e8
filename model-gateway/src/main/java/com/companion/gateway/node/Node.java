package com.companion.gateway.node;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One inference node as this replica sees it: its outstanding requests from here, what it reports
 * about its load, whether it is ready, and its circuit.
 */
public final class Node {

  private final String baseUrl;
  private final CircuitBreaker breaker;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final int ejectAfterFailures;
  private final java.time.Duration ejection;
  private final java.time.Clock clock;
  private volatile java.time.Instant ejectedUntil = java.time.Instant.MIN;
  // optimistic until the first check, so a node added by an admin takes traffic at once
  private volatile boolean ready = true;
  private volatile boolean ejected;
  private volatile NodeLoad load = NodeLoad.UNKNOWN;
  private final AtomicInteger failedChecks = new AtomicInteger();
  private volatile Integer maxTokensLimit;

  public Node(
      String baseUrl,
      CircuitBreaker breaker,
      int ejectAfterFailures,
      java.time.Duration ejection,
      java.time.Clock clock) {
    this.baseUrl = baseUrl;
    this.breaker = breaker;
    this.ejectAfterFailures = ejectAfterFailures;
    this.ejection = ejection;
    this.clock = clock;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Ready, not ejected, and its circuit would let a request through. */
  public boolean isAvailable() {
    return ready && !ejected && breaker.permits();
  }

  /**
   * The load used to compare nodes: this replica's outstanding requests, or what the node reports
   * running when that is higher (other replicas send it traffic too), plus its queue. A nearly full
   * KV cache counts as extra load because new sequences will wait for memory.
   */
  public double effectiveLoad() {
    NodeLoad reported = load;
    double kvPressure = reported.kvCacheUsage() > 0.9 ? 4 : 0;
    return Math.max(outstanding.get(), reported.running()) + reported.waiting() + kvPressure;
  }

  public int outstanding() {
    return outstanding.get();
  }

  /** Whether this replica may send it one more stream, at most {@code maxStreams} at once. */
  public boolean hasCapacity(int maxStreams) {
    return outstanding.get() < maxStreams;
  }

  public boolean tryAcquire() {
    if (!breaker.tryAcquire()) {
      return false;
    }
    outstanding.incrementAndGet();
    return true;
  }

  public void release() {
    outstanding.decrementAndGet();
  }

  public void recordSuccess() {
    consecutiveFailures.set(0);
    breaker.onSuccess();
  }

  /** A failed request: counts towards passive ejection and the circuit. */
  public void recordFailure() {
    breaker.onFailure();
    if (consecutiveFailures.incrementAndGet() >= ejectAfterFailures && !ejected) {
      ejected = true;
      ejectedUntil = clock.instant().plus(ejection);
    }
  }

  public void recordAbandoned() {
    breaker.onRelease();
  }

  /**
   * The outcome of an active {@code /ready} check. A ready answer lifts a passive ejection only
   * once the ejection time is over: a node can claim to be ready and still fail every request.
   */
  public void markReady(boolean isReady) {
    failedChecks.set(0);
    ready = isReady;
    if (isReady && ejected && !clock.instant().isBefore(ejectedUntil)) {
      ejected = false;
      consecutiveFailures.set(0);
    }
  }

  /**
   * An active check that got no answer at all (timed out, connection refused). A node busy with a
   * full batch can miss a one-second check while it streams perfectly well, so only {@code
   * threshold} misses in a row take it out; a node that answers "not ready" is out at once.
   */
  public void markCheckFailed(int threshold) {
    if (failedChecks.incrementAndGet() >= threshold) {
      ready = false;
    }
  }

  /** The largest {@code max_tokens} the node accepts, as it reports it; null until known. */
  public Integer maxTokensLimit() {
    return maxTokensLimit;
  }

  public void updateMaxTokensLimit(Integer limit) {
    if (limit != null && limit > 0) {
      maxTokensLimit = limit;
    }
  }

  public void updateLoad(NodeLoad reported) {
    load = reported;
  }

  public NodeLoad load() {
    return load;
  }

  public boolean ready() {
    return ready;
  }

  public boolean ejected() {
    return ejected;
  }

  public CircuitBreaker.State circuit() {
    return breaker.state();
  }

  @Override
  public String toString() {
    return baseUrl;
  }
}
