package com.companion.contracts.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * A page in the Prometheus text format, as the services' {@code /actuator/prometheus} and the
 * inference node's {@code /metrics} write it: each series (its name and labels, as written) and its
 * value. Comments, timestamps and samples that are not numbers are left out.
 *
 * @param series keyed by the name and the labels as written, e.g. {@code
 *     chat_turn_start_step_seconds_count{step="claim"}}
 */
public record PrometheusPage(Map<String, Double> series) {

  public static final PrometheusPage EMPTY = new PrometheusPage(Map.of());

  public PrometheusPage {
    series = Map.copyOf(series);
  }

  public static PrometheusPage parse(String text) {
    Map<String, Double> series = new HashMap<>();
    for (String line : text.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      // label values may hold spaces: the series ends at the labels' closing brace, if it has any
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      boolean labelled = brace >= 0 && (space < 0 || brace < space);
      int end = labelled ? line.lastIndexOf('}') + 1 : space;
      if (end <= 0 || end >= line.length()) {
        continue;
      }
      String[] sample = line.substring(end).strip().split("\\s+");
      try {
        series.merge(line.substring(0, end), Double.parseDouble(sample[0]), Double::sum);
      } catch (NumberFormatException e) {
        // NaN or Inf spelled otherwise, or not a sample line
      }
    }
    return new PrometheusPage(series);
  }

  /** The value of one series, named with its labels as written; null when the page has none. */
  public Double get(String seriesWithLabels) {
    return series.get(seriesWithLabels);
  }

  /** The sum of the series named {@code name}, whatever their labels; 0 when there is none. */
  public double sum(String name) {
    Double total = sumOrNull(name);
    return total == null ? 0 : total;
  }

  /**
   * The {@link #sum} of the first of {@code names} the page has (a metric renamed between versions
   * is asked for by both names); 0 when it has none of them.
   */
  public double first(String... names) {
    for (String name : names) {
      Double total = sumOrNull(name);
      if (total != null) {
        return total;
      }
    }
    return 0;
  }

  /** The sum of the series named {@code name}, or null when the page has none of that name. */
  private Double sumOrNull(String name) {
    Double total = null;
    for (Map.Entry<String, Double> e : series.entrySet()) {
      if (named(e.getKey(), name)) {
        total = (total == null ? 0 : total) + e.getValue();
      }
    }
    return total;
  }

  private static boolean named(String series, String name) {
    return series.startsWith(name)
        && (series.length() == name.length() || series.charAt(name.length()) == '{');
  }
}
