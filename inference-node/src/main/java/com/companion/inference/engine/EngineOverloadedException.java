package com.companion.inference.engine;

import java.time.Duration;

/** The admission queue is full (requests or tokens) or the node is draining: retry later. */
public class EngineOverloadedException extends RuntimeException {

  private final Duration retryAfter;

  public EngineOverloadedException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
