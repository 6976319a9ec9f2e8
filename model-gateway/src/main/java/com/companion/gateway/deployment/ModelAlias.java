package com.companion.gateway.deployment;

import java.time.Instant;
import java.util.Map;

/**
 * A model name clients use, its versions, and the split between stable and canary.
 *
 * @param canaryVersion the version under trial, or null
 * @param canaryWeight share of requests (0..1) sent to the canary
 */
public record ModelAlias(
    String alias,
    String description,
    String stableVersion,
    String canaryVersion,
    double canaryWeight,
    Map<String, ModelVersion> versions,
    Instant createdAt) {

  public ModelAlias {
    versions = Map.copyOf(versions);
  }

  public boolean hasCanary() {
    return canaryVersion != null && canaryWeight > 0;
  }
}
