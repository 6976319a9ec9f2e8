package com.companion.gateway.deployment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sampling settings a version may pin. A release line is a checkpoint together with how it is
 * sampled: a canary can try other settings on the same nodes, and what it pins wins over the
 * caller's own value, so the canary's users get the line under trial, whatever their client asks.
 */
public final class VersionSampling {

  /** The settings, in the node's parameter names, with their allowed ranges. */
  private static final Map<String, double[]> RANGES =
      Map.of(
          "temperature", new double[] {0, 2},
          "top_p", new double[] {Double.MIN_VALUE, 1},
          "top_k", new double[] {0, 100_000},
          "min_p", new double[] {0, 1},
          "repetition_penalty", new double[] {Double.MIN_VALUE, 10},
          "presence_penalty", new double[] {-2, 2},
          "frequency_penalty", new double[] {-2, 2});

  private VersionSampling() {}

  /**
   * The settings, checked: known names only, numbers in range, {@code top_k} a whole number.
   *
   * @throws IllegalArgumentException naming the offending setting
   */
  public static Map<String, Number> checked(Map<String, ?> sampling) {
    Map<String, Number> checked = new LinkedHashMap<>();
    if (sampling == null) {
      return checked;
    }
    sampling.forEach(
        (name, value) -> {
          double[] range = RANGES.get(name);
          if (range == null) {
            throw new IllegalArgumentException("unknown sampling setting '" + name + "'");
          }
          if (!(value instanceof Number number)
              || number.doubleValue() < range[0]
              || number.doubleValue() > range[1]) {
            throw new IllegalArgumentException(
                "sampling setting '" + name + "' must be a number in its range");
          }
          if ("top_k".equals(name)) {
            if (number.doubleValue() != Math.rint(number.doubleValue())) {
              throw new IllegalArgumentException("sampling setting 'top_k' must be a whole number");
            }
            checked.put(name, number.intValue());
          } else {
            checked.put(name, number.doubleValue());
          }
        });
    return checked;
  }

  /** The node request body with the version's pinned settings in place of the caller's. */
  public static Map<String, Object> applied(Map<String, Object> body, ModelVersion version) {
    if (version.sampling().isEmpty()) {
      return body;
    }
    Map<String, Object> pinned = new LinkedHashMap<>(body);
    pinned.putAll(version.sampling());
    return pinned;
  }
}
