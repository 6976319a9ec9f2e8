package com.companion.gateway.node.internal;

import java.util.HashMap;
import java.util.Map;

/** Reads the Prometheus text format: sample values summed per metric name over all label sets. */
public final class PrometheusText {

  private PrometheusText() {}

  public static Map<String, Double> parse(String text) {
    Map<String, Double> values = new HashMap<>();
    for (String line : text.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String name =
          brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
      String rest =
          brace >= 0 && brace < space
              ? line.substring(line.lastIndexOf('}') + 1)
              : line.substring(space);
      String[] parts = rest.strip().split("\\s+");
      try {
        values.merge(name, Double.parseDouble(parts[0]), Double::sum);
      } catch (NumberFormatException e) {
        // NaN/Inf spelled oddly or a malformed line: ignore that sample
      }
    }
    return values;
  }

  /** The first of {@code names} present, or 0. */
  public static double value(Map<String, Double> values, String... names) {
    for (String name : names) {
      Double value = values.get(name);
      if (value != null) {
        return value;
      }
    }
    return 0;
  }
}
