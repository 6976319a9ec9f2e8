package com.companion.inference.model;

/** Receives how many tokens each expert of a layer processed in one forward pass. */
@FunctionalInterface
public interface RoutingObserver {
  RoutingObserver NONE = (layer, counts) -> {};

  void routed(int layer, long[] tokensPerExpert);
}
