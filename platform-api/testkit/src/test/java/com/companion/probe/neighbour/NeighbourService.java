package com.companion.probe.neighbour;

/** Stands for another service's class in {@code ArchitectureRulesTest}. */
public final class NeighbourService {

  private NeighbourService() {}

  public static String name() {
    return "neighbour";
  }
}
