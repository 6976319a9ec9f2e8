package com.companion.gateway.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A per-node circuit breaker: after {@code failureThreshold} consecutive failures it opens and
 * rejects requests for {@code openDuration}, then lets exactly one probe request through
 * (half-open); the probe's outcome closes or re-opens it. Time comes from the injected clock.
 */
public final class CircuitBreaker {

  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int failureThreshold;
  private final Duration openDuration;
  private final Clock clock;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openUntil = Instant.MIN;
  private boolean probeInFlight;

  public CircuitBreaker(int failureThreshold, Duration openDuration, Clock clock) {
    this.failureThreshold = failureThreshold;
    this.openDuration = openDuration;
    this.clock = clock;
  }

  /** Whether a request could be sent now; does not claim the half-open probe. */
  public synchronized boolean permits() {
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> !clock.instant().isBefore(openUntil);
      case HALF_OPEN -> !probeInFlight;
    };
  }

  /** Claims permission for one request; false when the circuit rejects it. */
  public synchronized boolean tryAcquire() {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (clock.instant().isBefore(openUntil)) {
          return false;
        }
        state = State.HALF_OPEN;
        probeInFlight = true;
        return true;
      default:
        if (probeInFlight) {
          return false;
        }
        probeInFlight = true;
        return true;
    }
  }

  public synchronized void onSuccess() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    probeInFlight = false;
  }

  public synchronized void onFailure() {
    consecutiveFailures++;
    probeInFlight = false;
    if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
      state = State.OPEN;
      openUntil = clock.instant().plus(openDuration);
    }
  }

  /** A request that ended without a verdict (the client left) frees the probe slot. */
  public synchronized void onRelease() {
    probeInFlight = false;
  }

  public synchronized State state() {
    return state == State.OPEN && !clock.instant().isBefore(openUntil) ? State.HALF_OPEN : state;
  }
}
