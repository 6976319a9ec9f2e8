package com.companion.inference.node;

import com.companion.inference.engine.InferenceEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On SIGTERM (context close) the engine stops admitting (new requests get 503) and in-flight
 * generations finish, up to {@code inference.drain-timeout}. Runs in the last lifecycle phase so it
 * stops first, before the web server's own graceful shutdown closes the connections.
 */
@Component
class GracefulDrain implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(GracefulDrain.class);
  private final InferenceEngine engine;
  private final InferenceProperties properties;
  private volatile boolean running;

  GracefulDrain(InferenceEngine engine, InferenceProperties properties) {
    this.engine = engine;
    this.properties = properties;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    log.info(
        "draining: {} running, {} waiting", engine.runningRequests(), engine.waitingRequests());
    try {
      boolean clean = engine.drain(properties.drainTimeout());
      log.info(clean ? "drained" : "drain timed out; remaining requests cancelled");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
