package com.companion.probe.own;

import com.companion.probe.neighbour.NeighbourService;

/** A class of a probe service that calls another probe service. */
public final class UsesNeighbour {

  private UsesNeighbour() {}

  public static String greet() {
    return "hello " + NeighbourService.name();
  }
}
