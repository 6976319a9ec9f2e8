package com.companion.analytics.figure;

import java.util.Map;
import java.util.TreeMap;

/**
 * The current counters of one figure and how many changes made them.
 *
 * @param revision grows by one with every change, so the read model can ignore a stale value
 */
public record Figure(Map<String, Long> fields, long revision) {

  public static final Figure EMPTY = new Figure(Map.of(), 0);

  public Figure {
    fields = Map.copyOf(fields);
  }

  public Figure plus(Delta delta) {
    Map<String, Long> sum = new TreeMap<>(fields);
    delta.fields().forEach((field, amount) -> sum.merge(field, amount, Long::sum));
    return new Figure(sum, revision + 1);
  }

  public long get(String field) {
    return fields.getOrDefault(field, 0L);
  }
}
